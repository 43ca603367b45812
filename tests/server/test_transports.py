"""The server as users run it: a real stdio subprocess and real streamable HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import anyio
import httpx2
import pytest
from anyio.abc import Process
from anyio.streams.text import TextReceiveStream
from mcp import Client, StdioServerParameters

from datadog_incidents_mcp.server.config import Flags, resolve_settings
from datadog_incidents_mcp.server.transports import bind
from tests.server.processes import INITIALIZE, STDIO_SANDBOX, free_port, http_process, wire

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
    assert made.structured_content["incident"]["public_id"] == "IR-13"


async def test_stdio_subprocess_with_the_sandbox() -> None:
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "datadog_incidents_mcp", "--sandbox"]
    )
    async with Client(params) as client:
        await _read_and_write(client)


MALFORMED = {
    "invalid JSON": (b"{not json", -32700),
    "lone surrogate": (b'{"jsonrpc": "2.0", "id": 1, "method": "ping", "x": "\\ud800"}', -32700),
    "5,000-digit integer": (
        b'{"jsonrpc": "2.0", "id": ' + b"9" * 5000 + b', "method": "ping"}',
        -32700,
    ),
    "100,000-deep nesting": (b"[" * 100_000 + b"]" * 100_000, -32700),
    "batch": (b'[{"jsonrpc": "2.0", "id": 2, "method": "ping"}]', -32600),
    "not a message": (b'{"jsonrpc": "2.0", "id": 3}', -32600),
    # JSON-RPC ids are strings or integers; the SDK read these as notifications, unanswered
    **{
        f"{kind} id": (b'{"jsonrpc": "2.0", "id": ' + id_ + b', "method": "ping"}', -32600)
        for kind, id_ in [
            ("object", b'{"a": 1}'),
            ("array", b"[4]"),
            ("float", b"1.5"),
            ("boolean", b"true"),
            ("null", b"null"),
        ]
    },
}


class _Lines:
    """The JSON lines a stdio server process writes, read as they come."""

    def __init__(self, process: Process) -> None:
        assert process.stdout is not None
        self._chunks = TextReceiveStream(process.stdout)
        self._buffered = ""
        self.read: list[dict[str, Any]] = []

    async def until_answered(self, *request_ids: int) -> list[dict[str, Any]]:
        """Every line read so far, once the answers to `request_ids` are among them."""
        while not set(request_ids) <= {line.get("id") for line in self.read}:
            self._buffered += await self._chunks.receive()
            *complete, self._buffered = self._buffered.split("\n")
            self.read += [json.loads(line) for line in complete]
        return self.read


async def test_malformed_stdio_lines_get_json_rpc_errors() -> None:
    lines = [line for line, _ in MALFORMED.values()]
    with anyio.fail_after(60):
        async with await anyio.open_process(STDIO_SANDBOX) as process:
            assert process.stdin is not None
            await process.stdin.send(
                b"\n".join([*lines, b"", b'{"jsonrpc": "2.0", "id": 9, "method": "ping"}', b""])
            )
            replies = await _Lines(process).until_answered(9)
            await process.stdin.aclose()
    assert replies[-1] == {"jsonrpc": "2.0", "id": 9, "result": {}}
    errors = replies[:-1]  # the blank line gets no answer
    assert [e["error"]["code"] for e in errors] == [code for _, code in MALFORMED.values()]  # type: ignore[index]
    assert all(e["id"] is None for e in errors)


# The Vercel AI SDK's stdio connect: a 2026-07-28 request first; if no answer comes within a
# second (a server still starting), the older `initialize` handshake on the same pipe.
MODERN_PROBE = {
    "jsonrpc": "2.0",
    "id": 0,
    "method": "server/discover",
    "params": {
        "_meta": {
            "io.modelcontextprotocol/protocolVersion": "2026-07-28",
            "io.modelcontextprotocol/clientInfo": {"name": "ai-sdk-mcp-client", "version": "1"},
            "io.modelcontextprotocol/clientCapabilities": {},
        }
    },
}
HANDSHAKE = [
    INITIALIZE,
    {"jsonrpc": "2.0", "method": "notifications/initialized"},
    {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
]


@pytest.mark.parametrize("probe_answered_first", [False, True], ids=["pipelined", "late"])
async def test_stdio_takes_the_older_handshake_after_a_2026_request(
    probe_answered_first: bool,
) -> None:
    """The probe is answered, and so is the handshake that follows it; the connection then
    serves the older protocol (pipelined: the server read both before answering either)."""
    with anyio.fail_after(60):
        async with await anyio.open_process(STDIO_SANDBOX) as process:
            assert process.stdin is not None
            lines = _Lines(process)
            if probe_answered_first:
                await process.stdin.send(wire(MODERN_PROBE))
                await lines.until_answered(0)
                await process.stdin.send(wire(*HANDSHAKE))
            else:
                await process.stdin.send(wire(MODERN_PROBE, *HANDSHAKE))
            replies = {line.get("id"): line for line in await lines.until_answered(0, 1, 2)}
            await process.stdin.aclose()
    assert "2026-07-28" in replies[0]["result"]["supportedVersions"]
    assert replies[1]["result"]["protocolVersion"] == "2025-06-18", replies[1]
    names = [tool["name"] for tool in replies[2]["result"]["tools"]]
    assert "search_incidents" in names


@pytest.fixture(params=[[], ["--stateless"]], ids=["sessions", "stateless"])
def http_server(request: pytest.FixtureRequest) -> Iterator[str]:
    with http_process("--sandbox", *request.param) as served:
        yield served.url


async def test_streamable_http_with_the_sandbox(http_server: str) -> None:
    async with Client(http_server) as client:
        await _read_and_write(client)
    rebinding = httpx2.post(http_server, json={}, headers={"Origin": "http://evil.example"})
    assert rebinding.status_code == 403


@pytest.mark.parametrize(
    ("command", "says"),
    [
        (["--sandbox", "--transport", "http"], "datadog-incidents-mcp:"),
        (["sandbox"], "datadog-incidents-mcp sandbox:"),
    ],
    ids=["server", "sandbox"],
)
def test_a_busy_port_is_one_line_and_exit_2(command: list[str], says: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "datadog_incidents_mcp", *command, "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{says} cannot listen on 127.0.0.1 port {port}: Address already in use; "
        "stop the program using it or choose another --port"
    ]


def test_the_sandbox_command_serves_once_it_says_so() -> None:
    port = free_port()
    command = [sys.executable, "-m", "datadog_incidents_mcp", "sandbox", "--port", str(port)]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    try:
        assert f"Datadog sandbox on http://127.0.0.1:{port}" in process.stderr.readline()
        answer = httpx2.get(
            f"http://127.0.0.1:{port}/api/v1/validate",
            headers={"DD-API-KEY": "any", "DD-APPLICATION-KEY": "any"},
        )
        assert answer.status_code == 200, answer.text
    finally:
        process.terminate()
        process.wait(10)
        process.stderr.close()


@pytest.mark.parametrize("host", ["127.0.0.1", "::1"])
async def test_accepted_http_connections_send_without_delay(host: str) -> None:
    """Each answer is written as it is ready, not held back by Nagle's algorithm.

    Without TCP_NODELAY a small answer waits for the client's delayed ACK (~40 ms a call).
    asyncio sets it on each accepted connection only when the listening socket says it is
    TCP, so this serves from `bind()`'s socket the way uvicorn does (`create_server(sock=)`)
    and reads the option on the server's side of the connection.
    """
    if host == "::1" and not socket.has_ipv6:
        pytest.skip("no IPv6 here")
    listening = bind(
        resolve_settings({}, Flags(sandbox=True, transport="http", host=host, port=free_port()))
    )
    accepted: list[int] = []
    recorded = asyncio.Event()

    class Record(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            sock = transport.get_extra_info("socket")
            accepted.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            recorded.set()
            transport.close()

    server = await asyncio.get_running_loop().create_server(Record, sock=listening)
    async with server:
        port = listening.getsockname()[1]
        _, writer = await asyncio.open_connection(host, port)
        await recorded.wait()
        writer.close()
    assert accepted == [1]
