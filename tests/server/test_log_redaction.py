"""No log line carries a key or access token, whoever writes it: at DEBUG, httpcore prints
Datadog's response headers, and an upstream may echo the caller's keys in them, in any case."""

from __future__ import annotations

import httpx2
import pytest

from datadog_incidents_mcp.sandbox import Fault, Sandbox
from tests.conftest import API_KEY, APP_KEY
from tests.server.processes import http_process

SEARCH: dict[str, object] = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "tools/call",
    "params": {"name": "search_incidents", "arguments": {}},
}
KEYS = {"DD_API_KEY": API_KEY, "DD_APP_KEY": APP_KEY}


@pytest.mark.parametrize("credentials", ["configured", "per-request", "token", "request token"])
def test_keys_an_upstream_echoes_never_reach_the_debug_log(
    sandbox: Sandbox, sandbox_url: str, credentials: str
) -> None:
    token = sandbox.tokens.issue({"incident_read"})
    echoed = {"X-Api": API_KEY, "X-Api-Upper": API_KEY.upper(), "X-App": APP_KEY.upper()}
    echoed["X-Token"] = token
    sandbox.faults.add(Fault(path="incidents", status=403, headers=echoed))
    flags = ["--api-url", sandbox_url, "--stateless", "--log-level", "DEBUG"]
    if credentials in ("per-request", "request token"):
        flags += ["--credentials", "per-request"]
    env, sent = {
        "configured": (KEYS, {}),
        "per-request": ({}, {"DD-API-KEY": API_KEY, "DD-APPLICATION-KEY": APP_KEY}),
        "token": ({"DD_BEARER_TOKEN": token}, {}),
        "request token": ({}, {"DD-APPLICATION-KEY": token}),
    }[credentials]
    with http_process(*flags, env=env) as served:
        answer = httpx2.post(
            served.url,
            json=SEARCH,
            headers={"Accept": "application/json, text/event-stream", **sent},
            timeout=30,
        )
        served.process.terminate()
        served.process.wait(30)
        assert served.process.stderr is not None
        logged = "\n".join([*served.said, served.process.stderr.read()])
    assert answer.json()["result"]["isError"]
    headers = next(line for line in logged.splitlines() if "x-api-upper" in line)
    assert "receive_response_headers.complete" in headers and "[redacted]" in headers
    for key in [*env.values(), *sent.values()]:  # the credentials in use
        assert key.lower() not in logged.lower()
