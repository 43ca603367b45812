"""The upstream faults of issue 13, replayed through the MCP client with default settings.

    python -m benchmarks.upstream_faults [--deadline 60]

Each scenario is a tool call against the sandbox with a fault, or against a server on
127.0.0.1 that misbehaves on purpose (tests/datadog/slow_servers.py). Printed: what the
model saw (the error kind), how long the call took, and for the 50 MB answer how much the
server got to send and how much this process's peak memory grew.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import time
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import httpx2
from mcp import Client
from tests.datadog.slow_servers import drip, flood, serving, silent

from benchmarks._common import report
from datadog_incidents_mcp.datadog import DatadogClient
from datadog_incidents_mcp.datadog.models import incidents as inc
from datadog_incidents_mcp.sandbox import Fault, Sandbox
from datadog_incidents_mcp.sandbox.serve import running
from datadog_incidents_mcp.server.app import build_server
from datadog_incidents_mcp.server.config import Flags, resolve_settings

API_KEY, APP_KEY = "bench-api-key-0123456789abcdef", "bench-app-key-0123456789abcdef"
HOSTILE = "ok\u202e\u2066\u200b\x1b[31m"
Scenario = Callable[[float], Awaitable[tuple[str, str]]]


async def call(url: str, deadline: float, tool: str, arguments: dict[str, Any]) -> str:
    """The text the model sees for one tool call (prefixed ERR when isError)."""
    settings = resolve_settings({}, Flags(sandbox=True, toolsets="all"))
    async with (
        DatadogClient(api_key=API_KEY, app_key=APP_KEY, base_url=url, deadline=deadline) as dd,
        Client(build_server(settings, client=dd)) as client,
    ):
        result = await client.call_tool(tool, arguments)
    text = result.content[0].text  # type: ignore[union-attr]
    return ("ERR " if result.is_error else "ok ") + text


def kind(text: str) -> str:
    return text.split(":", 1)[0] if text.startswith("ERR") else "ok"


async def on_sandbox(fault: Fault, tool: str, arguments: dict[str, Any], deadline: float) -> str:
    sandbox = Sandbox()
    sandbox.faults.add(fault)
    with running(sandbox) as url:
        return await call(url, deadline, tool, arguments)


def rate_limit(reset: str) -> Scenario:
    async def run(deadline: float) -> tuple[str, str]:
        fault = Fault(path="/search", status=429, headers={"X-RateLimit-Reset": reset})
        text = await on_sandbox(fault, "search_incidents", {}, deadline)
        return kind(text), "retried after a backoff" if text.startswith("ok") else text[:80]

    return run


async def truncated_create(deadline: float) -> tuple[str, str]:
    fault = Fault(method="POST", truncate=True)
    text = await on_sandbox(fault, "create_incident", {"title": "Cut short"}, deadline)
    return kind(text), "says to search before retrying" if "Search for" in text else text[:80]


async def hostile_error(deadline: float) -> tuple[str, str]:
    body = json.dumps({"errors": [f"{HOSTILE} key {API_KEY} app {APP_KEY}"]})
    text = await on_sandbox(
        Fault(path="/search", status=403, body=body), "search_incidents", {}, deadline
    )
    hidden = not text.isprintable()
    leaked = API_KEY in text or APP_KEY in text
    return kind(text), f"hidden characters: {hidden}, keys shown: {leaked}"


def misbehaving(behaviour: Any, tool: str, arguments: dict[str, Any]) -> Scenario:
    async def run(deadline: float) -> tuple[str, str]:
        async with serving(behaviour) as served:
            text = await call(served.url, deadline, tool, arguments)
        return kind(text), f"{served.requests} request(s), {served.body_bytes:,} body bytes sent"

    return run


async def password_in_url(deadline: float) -> tuple[str, str]:
    text = await call("http://ops:hunter2@127.0.0.1:9", deadline, "search_incidents", {})
    return kind(text), f"password shown: {'hunter2' in text}"


async def page_of_100(deadline: float) -> tuple[str, str]:
    sandbox = Sandbox()
    with running(sandbox) as url:
        async with DatadogClient(api_key=API_KEY, app_key=APP_KEY, base_url=url) as dd:
            while len(sandbox.store["incidents"]) < 100:
                body = inc.IncidentCreateRequest.of(title="x" * 200, customer_impacted=False)
                await dd.incidents.create(body)
        async with httpx2.AsyncClient() as raw:
            got = await raw.get(
                f"{url}/api/v2/incidents",
                params={"page[size]": 100, "include": "users,attachments"},
                headers={"DD-API-KEY": API_KEY, "DD-APPLICATION-KEY": APP_KEY},
            )
    return "ok", f"{len(got.content):,} bytes for 100 incidents"


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deadline", type=float, default=60.0)
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)
    scenarios: list[tuple[str, Scenario]] = [
        *(
            (f"X-RateLimit-Reset: {r}", rate_limit(r))
            for r in ("-5", "inf", "nan", "1e400", "99999999999", "soon")
        ),
        ("create_incident, 201 body cut in half", truncated_create),
        ("403 with bidi/ANSI text and echoed keys", hostile_error),
        (
            "get_incident, body drips 1 byte / 0.2 s",
            misbehaving(drip, "get_incident", {"incident_id": "IR-1"}),
        ),
        (
            "get_incident, never answers",
            misbehaving(silent, "get_incident", {"incident_id": "IR-1"}),
        ),
        ("create_incident, body drips", misbehaving(drip, "create_incident", {"title": "Slow"})),
        (
            "search_incidents, 50 MB streamed body",
            misbehaving(flood(50 << 20, declare_length=False), "search_incidents", {}),
        ),
        ("--api-url with user:password, unreachable", password_in_url),
        ("page of 100 incidents (size)", page_of_100),
    ]
    rows: list[list[Any]] = []
    for name, scenario in scenarios:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.monotonic()
        outcome, detail = await scenario(args.deadline)
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak) / 1024
        rows.append([name, outcome, f"{time.monotonic() - started:.1f}", f"{grown:.0f}", detail])
    report(
        "upstream_faults", ["scenario", "model sees", "seconds", "peak +MiB", "detail"], rows, {}
    )


if __name__ == "__main__":
    anyio.run(main)
