"""The write guardrails over HTTP (per-credential caps on a stateless server, a client's
stricter policy or dry run from its URL, never a looser policy, and the audit trail) and
over stdio, from the command line."""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import anyio
import httpx2
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.types import CallToolResult

from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.sandbox.serve import running
from datadog_incidents_mcp.server.app import build_server
from datadog_incidents_mcp.server.config import Flags, resolve_settings
from datadog_incidents_mcp.server.transports import http_app
from tests.conftest import call, fail

pytestmark = pytest.mark.anyio
CHANGE = {"incident_id": "IR-2", "severity": "SEV-3"}


@contextmanager
def served(sandbox_url: str, **flags: object) -> Iterator[str]:
    """A stateless HTTP server taking each request's keys, in front of the sandbox."""
    settings = resolve_settings(
        {},
        Flags(  # type: ignore[arg-type]
            api_url=sandbox_url,
            transport="http",
            stateless=True,
            credentials="per-request",
            toolsets="all",
            **flags,
        ),
    )
    with running(http_app(build_server(settings), settings), lifespan="on") as base:
        yield base + "/mcp"


@asynccontextmanager
async def as_key(url: str, key: str) -> AsyncIterator[Client]:
    headers = {"DD-API-KEY": key * 32, "DD-APPLICATION-KEY": key * 40}
    async with (
        httpx2.AsyncClient(headers=headers, timeout=30) as http,
        Client(streamable_http_client(url, http_client=http)) as client,
    ):
        yield client


async def test_caps_count_per_credential_and_the_trail_tells_them_apart(
    sandbox: Sandbox, sandbox_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "audit.jsonl"
    with served(sandbox_url, max_writes_per_minute=1, audit_log=str(path)) as url:
        async with as_key(url, "a") as first, as_key(url, "b") as second:
            await call(first, "update_incident", CHANGE)
            assert (await fail(first, "update_incident", CHANGE)).startswith("refused: the cap")
            await call(first, "get_incident", {"incident_id": "IR-2"})
            await call(second, "update_incident", CHANGE)
    assert sandbox.count("PATCH") == 2
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [line["outcome"] for line in lines] == ["done", "refused", "done"]
    callers = [line["caller"] for line in lines]
    assert callers[0] == callers[1] != callers[2]
    assert all(caller.startswith("credential:") for caller in callers)
    assert "a" * 32 not in path.read_text() and "b" * 32 not in path.read_text()


async def test_writes_made_at_once_cannot_all_slip_under_the_cap(
    sandbox: Sandbox, sandbox_url: str
) -> None:
    results: list[CallToolResult] = []
    with served(sandbox_url, max_writes_per_minute=2) as url:
        async with as_key(url, "a") as client:

            async def write() -> None:
                results.append(await client.call_tool("update_incident", CHANGE))

            async with anyio.create_task_group() as group:
                for _ in range(6):
                    group.start_soon(write)
    assert sorted(result.is_error for result in results) == [False] * 2 + [True] * 4
    assert sandbox.count("PATCH") == 2


async def test_a_client_may_ask_for_more_confirmation_never_less(
    sandbox: Sandbox, sandbox_url: str
) -> None:
    with served(sandbox_url) as url:
        async with as_key(url, "a") as plain:
            tools = {tool.name: tool for tool in (await plain.list_tools()).tools}
            assert "confirm" not in tools["update_incident"].input_schema["properties"]
            await call(plain, "update_incident", CHANGE)
        async with as_key(f"{url}?confirm=writes", "a") as careful:
            tools = {tool.name: tool for tool in (await careful.list_tools()).tools}
            assert "confirm" in tools["update_incident"].input_schema["properties"]
            said = await fail(careful, "update_incident", CHANGE)
            assert said.startswith("not confirmed: Change incident IR-2 was not done")
            await call(careful, "update_incident", {**CHANGE, "confirm": True})
        looser = httpx2.post(f"{url}?confirm=none", json={})
    assert looser.status_code == 400
    assert "confirm: this server asks about deletes; a client may ask for more" in looser.text
    assert sandbox.count("PATCH") == 2


async def test_a_client_may_ask_for_a_dry_run(sandbox: Sandbox, sandbox_url: str) -> None:
    with served(sandbox_url) as url:
        async with as_key(f"{url}?dry_run=true", "a") as rehearsing:
            await call(rehearsing, "get_incident", {"incident_id": "IR-2"})
            said = await fail(rehearsing, "update_incident", CHANGE)
    assert said.startswith("dry run: nothing was sent to Datadog")
    assert sandbox.requests and {r.method for r in sandbox.requests} == {"GET"}


async def test_over_stdio_the_command_line_flags_guard_writes(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    flags = ["--sandbox", "--confirm", "writes", "--max-creates-per-hour", "1"]
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "datadog_incidents_mcp", *flags, "--audit-log", str(path)],
    )
    async with Client(params) as client:
        said = await fail(client, "update_incident", CHANGE)
        assert said.startswith("not confirmed: Change incident IR-2 was not done")
        await call(
            client, "create_incident_todo", {"incident_id": "IR-1", "content": "a", "confirm": True}
        )
        said = await fail(
            client, "create_incident_todo", {"incident_id": "IR-1", "content": "b", "confirm": True}
        )
        assert said.startswith("refused: the cap of 1 creates an hour")
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [(line["tool"], line["outcome"]) for line in lines] == [
        ("update_incident", "not confirmed"),
        ("create_incident_todo", "done"),
        ("create_incident_todo", "refused"),
    ]


async def test_a_dry_run_over_stdio_sends_nothing() -> None:
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "datadog_incidents_mcp", "--sandbox", "--dry-run"]
    )
    async with Client(params) as client:
        await call(client, "get_incident", {"incident_id": "IR-2"})
        said = await fail(client, "update_incident", CHANGE)
    assert said.startswith("dry run: nothing was sent to Datadog")
    assert '"method": "PATCH"' in said
