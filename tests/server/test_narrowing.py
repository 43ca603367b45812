"""Each client narrows the tools of a shared HTTP server with its URL's query, never widens."""

from __future__ import annotations

import re
from collections.abc import AsyncGenerator, Generator, Iterator
from contextlib import asynccontextmanager, contextmanager

import httpx2
import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError

from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.sandbox.serve import running
from datadog_incidents_mcp.server.app import build_server
from datadog_incidents_mcp.server.config import Flags, resolve_settings, select_tools
from datadog_incidents_mcp.server.transports import http_app

pytestmark = pytest.mark.anyio
KEYS = {"DD_API_KEY": "k" * 32, "DD_APP_KEY": "a" * 40}


@contextmanager
def shared_server(sandbox_url: str, **flags: object) -> Generator[str]:
    """A stateless HTTP server on 127.0.0.1 in front of the sandbox; yields its /mcp URL."""
    settings = resolve_settings(
        KEYS,
        Flags(api_url=sandbox_url, transport="http", stateless=True, **flags),  # type: ignore[arg-type]
    )
    with running(http_app(build_server(settings), settings), lifespan="on") as base:
        yield base + "/mcp"


@pytest.fixture(scope="module")
def every_tool() -> Iterator[tuple[Sandbox, str]]:
    """One server with every toolset for the module: starting one takes seconds."""
    sandbox = Sandbox()
    with running(sandbox) as sandbox_url, shared_server(sandbox_url, toolsets="all") as url:
        yield sandbox, url


@pytest.fixture
def shared(every_tool: tuple[Sandbox, str]) -> tuple[Sandbox, str]:
    every_tool[0].requests.clear()
    return every_tool


@asynccontextmanager
async def tools_seen(url: str) -> AsyncGenerator[tuple[Client, list[str]]]:
    async with Client(url) as client:
        yield client, [tool.name for tool in (await client.list_tools()).tools]


async def listed(url: str) -> list[str]:
    async with tools_seen(url) as (_, names):
        return names


def started_with(**flags: object) -> list[str]:
    """The tools a server started with these flags offers: what narrowing must equal."""
    settings = resolve_settings({}, Flags(sandbox=True, **flags))  # type: ignore[arg-type]
    return [spec.name for spec in select_tools(settings)]


async def test_the_query_offers_what_the_same_start_flags_would(
    shared: tuple[Sandbox, str],
) -> None:
    _, url = shared
    everything = await listed(url)
    some = await listed(f"{url}?toolsets=incidents,todos&read_only=true")
    two = await listed(f"{url}?tools=get_incident,create_incident")
    assert len(everything) == len(started_with(toolsets="all")) > 100
    assert some == started_with(toolsets="incidents,todos", read_only=True)
    assert some == [
        *("get_incident", "list_incidents", "search_incidents"),
        *("get_incident_todo", "list_incident_todos"),
    ]
    assert two == ["create_incident", "get_incident"]


async def test_a_narrowed_out_tool_is_refused_and_datadog_never_hears_of_it(
    shared: tuple[Sandbox, str],
) -> None:
    sandbox, url = shared
    async with tools_seen(f"{url}?toolsets=incidents&read_only=true") as (client, names):
        refused = await client.call_tool("create_incident", {"title": "Should not exist"})
        allowed = await client.call_tool("search_incidents", {"state": ["active"]})
    assert "create_incident" not in names
    assert refused.is_error
    assert refused.content[0].text.startswith("not offered: create_incident")  # type: ignore[union-attr]
    assert not allowed.is_error
    assert sandbox.count("POST") == 0
    assert sandbox.count("GET") == 1


async def ai_drafted(url: str) -> str:
    """The notice of a draft that asks for Datadog's AI postmortem (a POST)."""
    async with Client(url) as client:
        result = await client.call_tool(
            "draft_postmortem_cells", {"incident_id": "IR-1", "use_datadog_ai": True}
        )
    assert not result.is_error and result.structured_content is not None
    return str(result.structured_content.get("notice"))


async def test_read_only_in_the_url_sends_datadog_nothing_but_get(
    shared: tuple[Sandbox, str],
) -> None:
    sandbox, url = shared
    await ai_drafted(url)  # the same server, not narrowed: the AI postmortem is asked for
    assert sandbox.count("POST", "/ai/postmortem$") == 1
    said = await ai_drafted(f"{url}?read_only=true")
    assert "off in a read-only session" in said
    assert sandbox.count("POST") == 1
    assert {r.method for r in sandbox.requests} == {"GET", "POST"}


async def test_read_only_at_start_sends_datadog_nothing_but_get(
    sandbox: Sandbox, sandbox_url: str
) -> None:
    with shared_server(sandbox_url, read_only=True, toolsets="all") as url:
        said = await ai_drafted(url)
    assert "off in a read-only session" in said
    assert sandbox.requests and {r.method for r in sandbox.requests} == {"GET"}


async def test_the_query_never_widens_what_the_server_was_started_with(sandbox_url: str) -> None:
    with shared_server(sandbox_url, read_only=True) as url:
        started = await listed(url)
        unchanged = await listed(f"{url}?read_only=false")
        defaults = await listed(f"{url}?toolsets=default")
        wider = {
            query: httpx2.post(f"{url}?{query}", json={})
            for query in (
                "toolsets=incident_admin",
                "tools=delete_incident",
                "tools=create_incident",
            )
        }
    assert unchanged == defaults == started
    assert all(name in started_with(read_only=True) for name in started)
    assert {query: answer.status_code for query, answer in wider.items()} == dict.fromkeys(
        wider, 400
    )
    messages = [answer.json()["error"]["message"] for answer in wider.values()]
    assert all("not offered by this server:" in message for message in messages), messages


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("toolsets=incidnts", "toolsets: unknown incidnts (did you mean incidents"),
        ("tools=serch_incidents", "tools: unknown serch_incidents (did you mean search_incidents"),
        ("toolset=incidents", "not toolset (did you mean toolsets"),
        ("read_only=maybe", "read_only: use true or false, got maybe"),
        ("tools=", "tools: empty; name one or more"),
        ("tools=create_incident&read_only=true", "no tool left to offer"),
    ],
)
async def test_a_bad_query_is_a_400_that_names_the_closest_valid_names(
    shared: tuple[Sandbox, str], query: str, says: str
) -> None:
    sandbox, url = shared
    answer = httpx2.post(f"{url}?{query}", json={"jsonrpc": "2.0", "id": 1, "method": "ping"})
    with pytest.raises(ExceptionGroup) as refused:
        async with Client(f"{url}?{query}") as client:
            await client.list_tools()
    assert answer.status_code == 400
    error = answer.json()
    assert error["jsonrpc"] == "2.0" and error["error"]["code"] == -32600
    assert says in error["error"]["message"]
    # the MCP client shows the user the same message, as an MCPError
    assert refused.group_contains(MCPError, match=re.escape(says), depth=None)
    assert not sandbox.requests
