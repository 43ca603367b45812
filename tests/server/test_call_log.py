"""--log-format json: one JSON line per tool call, with no key and none of the caller's text."""

from __future__ import annotations

import json

import pytest
from mcp import Client

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import API_KEY, APP_KEY
from tests.server.processes import http_process

pytestmark = pytest.mark.anyio
TITLE = "Payments canary-title-5e7a are failing"
WRONG = "canary-severity-3b9d"


async def test_json_logs_one_line_per_call_without_keys_or_arguments(
    sandbox: Sandbox, sandbox_url: str
) -> None:
    env = {"DD_API_KEY": API_KEY, "DD_APP_KEY": APP_KEY}
    flags = ("--api-url", sandbox_url, "--stateless", "--log-format", "json", "--toolsets", "all")
    with http_process(*flags, env=env) as served:
        async with Client(served.url) as client:
            await client.list_tools()
            found = await client.call_tool("search_incidents", {"query": TITLE})
            made = await client.call_tool("create_incident", {"title": TITLE, "severity": "SEV-2"})
            wrong = await client.call_tool("create_incident", {"title": TITLE, "severity": WRONG})
            missing = await client.call_tool("get_incident", {"incident_id": "IR-9999"})
        served.process.terminate()
        served.process.wait(30)
        assert served.process.stderr is not None
        rest = served.process.stderr.read()
    assert not found.is_error and not made.is_error and wrong.is_error and missing.is_error
    lines = [json.loads(line) for line in [*served.said, *rest.splitlines()]]
    calls = [line for line in lines if line["logger"] == "datadog_incidents_mcp.calls"]
    shown = [(c["tool"], c["outcome"], c["upstream_status"], c["upstream_requests"]) for c in calls]
    assert shown == [
        ("search_incidents", "ok", 200, 1),
        ("create_incident", "ok", 200, 2),  # create, then read back
        ("create_incident", "error", None, 0),
        ("get_incident", "error", 200, 1),  # the public ID search found none
    ]
    assert len({c["request_id"] for c in calls}) == 4
    assert all(isinstance(c["duration_ms"], float) and c["level"] == "INFO" for c in calls)
    everything = "\n".join([*served.said, rest])
    made_id = made.structured_content["incident"]["id"]  # type: ignore[index]
    for secret in (API_KEY, APP_KEY, "canary-title", WRONG, "IR-9999"):
        assert secret not in everything
    assert made_id not in json.dumps(calls)
    audited = [line for line in lines if line["logger"] == "datadog_incidents_mcp.audit"]
    assert [(a["tool"], a["outcome"], a["created"]) for a in audited] == [
        ("create_incident", "done", [made_id]),  # the audit trail joins stderr, with its IDs
    ]
