"""Replicas behind a load balancer: a confirmation asked by one finishes on another."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncGenerator, Generator, Iterator
from contextlib import ExitStack, asynccontextmanager, contextmanager

import httpx2
import pytest
from mcp import Client
from mcp.client import ClientRequestContext
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError
from mcp.types import ElicitRequestParams, ElicitResult

from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.sandbox.serve import running
from datadog_incidents_mcp.server.app import build_server
from datadog_incidents_mcp.server.config import Flags, resolve_settings
from datadog_incidents_mcp.server.transports import http_app
from tests.server.processes import http_process

pytestmark = pytest.mark.anyio
OLD, NEW, OTHER = ("a" * 64, "b" * 64, "c" * 64)


class Balancer(httpx2.AsyncBaseTransport):
    """A load balancer on the client's side: a request that answers a question (it carries
    requestState) goes to the second replica, any other to the first, so every
    confirmation is asked by one replica and finished by the other."""

    def __init__(self, second_port: int) -> None:
        self.inner = httpx2.AsyncHTTPTransport()
        self.second_port = second_port
        self.crossed = 0

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        if b'"requestState"' in await request.aread():
            request.url = request.url.copy_with(port=self.second_port)
            self.crossed += 1
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.fixture
def datadog() -> Iterator[tuple[Sandbox, str]]:
    sandbox = Sandbox()
    with running(sandbox) as url:
        yield sandbox, url


@contextmanager
def replicas(datadog_url: str, *keys: str) -> Generator[list[str]]:
    """One stateless replica per MCP_REQUEST_STATE_KEY value, each its own build_server and
    HTTP server on 127.0.0.1, all in front of the same Datadog; yields their /mcp URLs."""
    with ExitStack() as stack:
        urls: list[str] = []
        for key in keys:
            env = {"DD_API_KEY": "k" * 32, "DD_APP_KEY": "a" * 40, "MCP_REQUEST_STATE_KEY": key}
            settings = resolve_settings(
                env, Flags(api_url=datadog_url, transport="http", stateless=True, toolsets="all")
            )
            app = http_app(build_server(settings), settings)
            urls.append(stack.enter_context(running(app, lifespan="on")) + "/mcp")
        yield urls


@asynccontextmanager
async def balanced(urls: list[str]) -> AsyncGenerator[tuple[Client, Balancer]]:
    """An MCP client that accepts every confirmation, its requests spread by a Balancer."""

    async def confirm(context: ClientRequestContext, params: ElicitRequestParams) -> ElicitResult:
        return ElicitResult(action="accept", content={"confirm": True})

    balancer = Balancer(httpx2.URL(urls[1]).port or 0)
    async with (
        httpx2.AsyncClient(transport=balancer, timeout=30) as http,
        Client(
            streamable_http_client(urls[0], http_client=http), elicitation_callback=confirm
        ) as client,
    ):
        yield client, balancer


@pytest.mark.parametrize(
    ("first", "second"),
    [(NEW, NEW), (OLD, f"{NEW},{OLD}"), (f"{NEW},{OLD}", NEW)],
    ids=["same key", "second rotated to a new key", "first rotated to a new key"],
)
async def test_a_delete_confirmed_on_one_replica_is_done_by_another_with_the_same_key(
    datadog: tuple[Sandbox, str], first: str, second: str
) -> None:
    sandbox, url = datadog
    with replicas(url, first, second) as urls:
        async with balanced(urls) as (client, balancer):
            result = await client.call_tool("delete_incident", {"incident_id": "IR-3"})
    assert not result.is_error, result.content
    assert result.structured_content == {"deleted": "IR-3"}
    assert balancer.crossed == 1
    assert sandbox.count("DELETE") == 1


async def test_replicas_with_different_keys_refuse_the_confirmation_and_delete_nothing(
    datadog: tuple[Sandbox, str],
) -> None:
    sandbox, url = datadog
    with replicas(url, OLD, OTHER) as urls:
        async with balanced(urls) as (client, balancer):
            with pytest.raises(MCPError, match="Invalid or expired requestState"):
                await client.call_tool("delete_incident", {"incident_id": "IR-3"})
    assert balancer.crossed == 1
    assert sandbox.count("DELETE") == 0


@pytest.mark.parametrize(
    ("keys", "says"),
    [
        ("short-secret", "MCP_REQUEST_STATE_KEY: key 1 of 1 is 12 bytes; use at least 32"),
        (f"{NEW},{OLD[:31]}", "MCP_REQUEST_STATE_KEY: key 2 of 2 is 31 bytes"),
        (f"{NEW},{NEW}", "MCP_REQUEST_STATE_KEY names the same key twice"),
    ],
)
def test_a_weak_or_repeated_key_stops_the_start_with_exit_2_naming_the_variable(
    keys: str, says: str
) -> None:
    command = [sys.executable, "-m", "datadog_incidents_mcp", "--sandbox", "--transport", "http"]
    result = subprocess.run(
        [*command, "--stateless", "--port", "1"],
        capture_output=True,
        text=True,
        env={"MCP_REQUEST_STATE_KEY": keys},
        timeout=60,
    )
    assert result.returncode == 2
    assert says in result.stderr and "Traceback" not in result.stderr
    assert "short-secret" not in result.stderr and OLD[:31] not in result.stderr


@pytest.mark.parametrize(("key", "warned"), [("", True), (NEW, False)], ids=["no key", "key"])
def test_a_stateless_server_without_a_key_says_so_at_start(key: str, warned: bool) -> None:
    env = {"MCP_REQUEST_STATE_KEY": key}
    with http_process("--sandbox", "--stateless", env=env) as served:
        notice = [line for line in served.said if "MCP_REQUEST_STATE_KEY is not set" in line]
    assert bool(notice) is warned, served.said
