"""The HTTP server's life as a platform sees it: SIGTERM, and the probes."""

from __future__ import annotations

import re
import signal
import socket
from collections.abc import Generator

import anyio
import httpx2
import pytest
from mcp import Client
from mcp.types import CallToolResult

from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.sandbox.faults import Fault
from datadog_incidents_mcp.sandbox.serve import running
from tests.server.processes import http_process, until

pytestmark = pytest.mark.anyio
KEYS = {"DD_API_KEY": "k" * 32, "DD_APP_KEY": "a" * 40}
ONE_INCIDENT = r"^/api/v2/incidents/[^/]+$"


@pytest.fixture
def datadog() -> Generator[tuple[Sandbox, str]]:
    sandbox = Sandbox()
    with running(sandbox) as url:
        yield sandbox, url


def _accepts(url: str) -> bool:
    address = httpx2.URL(url)
    try:
        socket.create_connection((address.host, address.port or 80), timeout=5).close()
    except ConnectionRefusedError:
        return False
    return True


@pytest.mark.parametrize("mode", [["--stateless"], []], ids=["stateless", "sessions"])
async def test_sigterm_stops_accepting_lets_the_call_in_flight_finish_and_exits_0(
    datadog: tuple[Sandbox, str], mode: list[str]
) -> None:
    """The sandbox holds the call's one Datadog request 5 s (a fault): SIGTERM lands in it."""
    sandbox, url = datadog
    sandbox.faults.add(Fault(method="GET", path=ONE_INCIDENT, delay=5.0))
    uuid = next(iter(sandbox.store["incidents"].values()))["id"]
    results: list[CallToolResult] = []
    with http_process("--api-url", url, *mode, env=KEYS) as served:
        async with Client(served.url) as client:
            await client.list_tools()  # the client checks results against the tools' schemas

            async def slow_call() -> None:
                results.append(await client.call_tool("get_incident", {"incident_id": uuid}))

            async with anyio.create_task_group() as group:
                group.start_soon(slow_call)
                await until(lambda: sandbox.count("GET", ONE_INCIDENT) > 0)
                served.process.send_signal(signal.SIGTERM)
                await until(lambda: not _accepts(served.url))
                held = next(r for r in sandbox.requests if re.search(ONE_INCIDENT, r.path))
                assert not held.status, "the call ended before the server stopped accepting"
        await until(lambda: served.process.poll() is not None)
    assert len(results) == 1 and not results[0].is_error, results
    assert results[0].structured_content
    assert results[0].structured_content["incident"]["id"] == uuid
    assert served.process.returncode == 0
