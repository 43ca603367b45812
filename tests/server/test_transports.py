"""The server as users run it: a real stdio subprocess and real streamable HTTP on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx2
import pytest
from mcp import Client, StdioServerParameters

pytestmark = pytest.mark.anyio


async def _read_and_write(client: Client) -> None:
    names = [t.name for t in (await client.list_tools()).tools]
    assert "search_incidents" in names and "create_incident" in names
    found = await client.call_tool("search_incidents", {"state": ["active"]})
    assert (
        not found.is_error and found.structured_content and found.structured_content["total"] == 4
    )
    made = await client.call_tool(
        "create_incident", {"title": "Declared over the wire", "severity": "SEV-3"}
    )
    assert not made.is_error and made.structured_content
    assert made.structured_content["incident"]["public_id"] == 13


async def test_stdio_subprocess_with_the_sandbox() -> None:
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "datadog_incidents_mcp", "--sandbox"]
    )
    async with Client(params) as client:
        await _read_and_write(client)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _accepting(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(params=[[], ["--stateless"]], ids=["sessions", "stateless"])
def http_server(request: pytest.FixtureRequest) -> Iterator[str]:
    port = _free_port()
    command = [sys.executable, "-m", "datadog_incidents_mcp", "--sandbox", "--transport", "http"]
    process = subprocess.Popen(
        [*command, "--port", str(port), *request.param], stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}/mcp"
    try:
        deadline = time.monotonic() + 30
        while not _accepting(port):
            assert time.monotonic() < deadline, "the HTTP server did not start"
            time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(10)
        assert process.stderr is not None
        process.stderr.close()


async def test_streamable_http_with_the_sandbox(http_server: str) -> None:
    async with Client(http_server) as client:
        await _read_and_write(client)
    rebinding = httpx2.post(http_server, json={}, headers={"Origin": "http://evil.example"})
    assert rebinding.status_code == 403
