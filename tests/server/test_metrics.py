"""--metrics: Prometheus text at GET /metrics, behind the token, with nothing of the caller's."""

from __future__ import annotations

import subprocess
import sys

import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from prometheus_client.parser import text_string_to_metric_families

from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.sandbox.faults import Fault
from datadog_incidents_mcp.sandbox.serve import running
from datadog_incidents_mcp.server.app import build_server, open_metrics
from datadog_incidents_mcp.server.config import ConfigError, Flags, resolve_settings
from datadog_incidents_mcp.server.transports import http_app
from tests.conftest import API_KEY, APP_KEY

pytestmark = pytest.mark.anyio
TOKEN = "metrics-token-4b1e8d2c9a7f3e6b5d0c"
TITLE = "Checkout canary-title-91c4 is down"


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def test_metrics_count_calls_answers_retries_and_waits_behind_the_token(
    sandbox: Sandbox, sandbox_url: str
) -> None:
    env = {"DD_API_KEY": API_KEY, "DD_APP_KEY": APP_KEY, "MCP_HTTP_TOKEN": TOKEN}
    settings = resolve_settings(
        env, Flags(api_url=sandbox_url, transport="http", stateless=True, metrics=True)
    )
    metrics = open_metrics(settings)
    # One rate-limited answer (reset now) and one 503 before the search gets through.
    sandbox.faults.add(Fault(method="GET", status=429, headers={"X-RateLimit-Reset": "0"}))
    sandbox.faults.add(Fault(method="GET", status=503))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    app = http_app(build_server(settings, sink=metrics), settings, metrics)
    with running(app, lifespan="on") as base:
        async with (
            httpx2.AsyncClient(headers=auth, timeout=30) as http,
            Client(streamable_http_client(f"{base}/mcp", http_client=http)) as client,
        ):
            found = await client.call_tool("search_incidents", {"state": ["active"]})
            made = await client.call_tool("create_incident", {"title": TITLE, "severity": "SEV-9"})
            await client.call_tool("no_such_tool", {"title": TITLE})
        refused = httpx2.get(f"{base}/metrics")
        scraped = httpx2.get(f"{base}/metrics", headers=auth)
    assert not found.is_error and made.is_error
    assert refused.status_code == 401
    assert scraped.status_code == 200
    assert scraped.headers["content-type"].startswith("text/plain; version=")
    samples = _samples(scraped.text)
    calls = "datadog_incidents_mcp_tool_calls_total"
    assert samples[calls, (("outcome", "ok"), ("tool", "search_incidents"))] == 1
    assert samples[calls, (("outcome", "error"), ("tool", "create_incident"))] == 1
    assert samples[calls, (("outcome", "error"), ("tool", "unknown"))] == 1
    latency = "datadog_incidents_mcp_tool_call_duration_seconds_count"
    assert samples[latency, (("tool", "search_incidents"),)] == 1
    answers = "datadog_incidents_mcp_upstream_requests_total"
    assert samples[answers, (("status", "429"),)] == 1
    assert samples[answers, (("status", "503"),)] == 1
    assert samples[answers, (("status", "200"),)] >= 1
    retries = "datadog_incidents_mcp_upstream_retries_total"
    assert samples[retries, (("status", "429"),)] == samples[retries, (("status", "503"),)] == 1
    assert samples["datadog_incidents_mcp_rate_limit_waits_total", ()] == 1
    for secret in (API_KEY, APP_KEY, TOKEN, "canary-title", "no_such_tool", "SEV-9"):
        assert secret not in scraped.text
    uuids = [i["id"] for i in sandbox.store["incidents"].values()]
    assert not any(uuid in scraped.text for uuid in uuids)


def test_metrics_need_http_and_a_true_or_false_switch() -> None:
    with pytest.raises(ConfigError, match="--metrics needs --transport http"):
        resolve_settings({}, Flags(sandbox=True, metrics=True))
    with pytest.raises(ConfigError, match="MCP_METRICS must be true or false, got 'on please'"):
        resolve_settings({"MCP_METRICS": "on please"}, Flags(sandbox=True, transport="http"))
    assert resolve_settings({"MCP_METRICS": "1"}, Flags(sandbox=True, transport="http")).metrics


def test_without_metrics_the_server_never_loads_prometheus_client() -> None:
    """Cold start does not pay for it: the import is in server.metrics only."""
    script = (
        "import sys\n"
        "from datadog_incidents_mcp.server.cli import main\n"
        "from datadog_incidents_mcp.server.app import build_server\n"
        "from datadog_incidents_mcp.server.config import Flags, resolve_settings\n"
        "from datadog_incidents_mcp.server.transports import http_app\n"
        "settings = resolve_settings({}, Flags(sandbox=True, transport='http'))\n"
        "http_app(build_server(settings), settings)\n"
        "print('prometheus_client' in sys.modules)\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert ran.stdout.strip() == "False", ran.stderr
