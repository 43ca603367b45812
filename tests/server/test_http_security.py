"""The HTTP transport as a door into someone's Datadog: tokens, size caps, per-request keys."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

import anyio
import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.sandbox.app import ALL_PERMISSIONS
from datadog_incidents_mcp.sandbox.serve import running
from datadog_incidents_mcp.server.app import build_server
from datadog_incidents_mcp.server.config import resolve_settings
from datadog_incidents_mcp.server.transports import http_app

pytestmark = pytest.mark.anyio
TOKEN = "token-9a7c1e4d2b-5f0e8a3c6b1d7e2f-4a9c"


@contextmanager
def _mcp_url(env: dict[str, str], **flags: object) -> Iterator[str]:
    settings = resolve_settings(env=env, transport="http", **flags)  # type: ignore[arg-type]
    with running(http_app(build_server(settings), settings), lifespan="on") as url:
        yield f"{url}/mcp"


@asynccontextmanager
async def _client(url: str, headers: dict[str, str]) -> AsyncIterator[Client]:
    async with (
        httpx2.AsyncClient(headers=headers, timeout=30) as http,
        Client(streamable_http_client(url, http_client=http)) as client,
    ):
        yield client


@pytest.fixture
def token_url() -> Iterator[str]:
    with _mcp_url({"MCP_HTTP_TOKEN": TOKEN}, sandbox=True) as url:
        yield url


async def test_a_token_protected_server_refuses_requests_without_it(token_url: str) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
        response = httpx2.post(token_url, json={}, headers=headers)
        assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    async with _client(token_url, {"Authorization": f"Bearer {TOKEN}"}) as client:
        assert (await client.call_tool("search_users", {"query": "priya"})).structured_content


def test_a_non_loopback_address_needs_a_token() -> None:
    command = [sys.executable, "-m", "datadog_incidents_mcp", "--sandbox", "--transport", "http"]
    result = subprocess.run(
        [*command, "--host", "0.0.0.0"], capture_output=True, text=True, timeout=60, env={}
    )
    assert result.returncode == 2 and "set MCP_HTTP_TOKEN" in result.stderr


async def test_oversized_requests_are_refused(token_url: str) -> None:
    pad = b"x" * (5 * 2**20)
    body = b'{"jsonrpc": "2.0", "id": 1, "method": "ping", "params": {"pad": "' + pad + b'"}}'
    headers = {
        "Authorization": f"Bearer {TOKEN}",
        "Content-Type": "application/json",
        "Accept": "application/json, text/event-stream",
    }
    with httpx2.Client(timeout=30) as http:
        assert http.post(token_url, content=body, headers=headers).status_code == 413


@pytest.fixture
def tenants() -> Iterator[tuple[str, Sandbox]]:
    datadog = Sandbox(
        api_keys={"api-a", "api-b"},
        app_keys={"writer": ALL_PERMISSIONS, "reader": frozenset({"incident_read"})},
    )
    with (
        running(datadog) as datadog_url,
        _mcp_url({}, api_url=datadog_url, per_request_credentials=True) as url,
    ):
        yield url, datadog


async def test_per_request_keys_never_serve_another_sessions_call(
    tenants: tuple[str, Sandbox],
) -> None:
    url, datadog = tenants
    outcomes: dict[str, list[bool]] = {"writer": [], "reader": []}

    async def session(name: str, api_key: str) -> None:
        async with _client(url, {"DD-API-KEY": api_key, "DD-APPLICATION-KEY": name}) as client:
            for n in range(8):
                result = await client.call_tool(
                    "create_incident", {"title": f"{name} {n}", "is_test": True}
                )
                outcomes[name].append(not result.is_error)
                if result.is_error:
                    assert "`incident_write` permission" in result.content[0].text  # type: ignore[union-attr]

    async with anyio.create_task_group() as group:
        group.start_soon(session, "writer", "api-a")
        group.start_soon(session, "reader", "api-b")
    assert outcomes == {"writer": [True] * 8, "reader": [False] * 8}
    titles = [r["attributes"]["title"] for r in datadog.store["incidents"].values()]
    assert sorted(t for t in titles if t.startswith(("writer", "reader"))) == [
        f"writer {n}" for n in range(8)
    ]


async def test_per_request_mode_without_keys_says_which_headers_to_send(
    tenants: tuple[str, Sandbox],
) -> None:
    url, _ = tenants
    async with _client(url, {}) as client:
        result = await client.call_tool("search_incidents", {})
    assert result.is_error and "DD-API-KEY and DD-APPLICATION-KEY headers" in result.content[0].text  # type: ignore[union-attr]
