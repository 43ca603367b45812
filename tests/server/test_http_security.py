"""The HTTP transport as a door into someone's Datadog: tokens, size caps, per-request keys."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any, ClassVar

import anyio
import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.types import (
    ClientCapabilities,
    Implementation,
    InitializeRequestParams,
    PromptReference,
)

from datadog_incidents_mcp.calls.state import POOL_CAPACITY, CredentialPool
from datadog_incidents_mcp.datadog import DatadogClient
from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.sandbox.app import ALL_PERMISSIONS
from datadog_incidents_mcp.sandbox.serve import running
from datadog_incidents_mcp.server.app import build_server
from datadog_incidents_mcp.server.config import Flags, resolve_settings
from datadog_incidents_mcp.server.transports import http_app

pytestmark = pytest.mark.anyio
TOKEN = "token-9a7c1e4d2b-5f0e8a3c6b1d7e2f-4a9c"


@contextmanager
def _mcp_url(env: dict[str, str], **flags: object) -> Iterator[str]:
    settings = resolve_settings(env, Flags(transport="http", **flags))  # type: ignore[arg-type]
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
        _mcp_url({}, api_url=datadog_url, credentials="per-request") as url,
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


async def test_per_request_keys_serve_completions_too(tenants: tuple[str, Sandbox]) -> None:
    """The SDK calls completion handlers without a context: the keys still come from the
    request's headers, and a request without keys, or with keys Datadog refuses, completes
    to nothing."""
    url, datadog = tenants
    ref = PromptReference(type="ref/prompt", name="draft_postmortem")
    typed = {"name": "incident_id", "value": "checkout"}
    async with _client(url, {"DD-API-KEY": "api-b", "DD-APPLICATION-KEY": "reader"}) as client:
        assert (await client.complete(ref, typed)).completion.values == ["IR-12"]
    searched = datadog.count("GET", "/api/v2/incidents/search")
    async with _client(url, {}) as client:
        assert (await client.complete(ref, typed)).completion.values == []
    assert datadog.count("GET", "/api/v2/incidents/search") == searched == 1
    async with _client(url, {"DD-API-KEY": "api-b", "DD-APPLICATION-KEY": "junk"}) as client:
        assert (await client.complete(ref, typed)).completion.values == []  # not an error


HANDSHAKE = InitializeRequestParams(
    protocol_version="2025-06-18",
    capabilities=ClientCapabilities(),
    client_info=Implementation(name="flood", version="1"),
)
INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": HANDSHAKE.model_dump(by_alias=True, exclude_none=True),
}
JSON_AND_SSE = {"Accept": "application/json, text/event-stream"}


def _open_session(http: httpx2.Client, url: str) -> httpx2.Response:
    """An `initialize` that opens a session and is never closed, as a flood sends it."""
    return http.post(url, json=INITIALIZE, headers=JSON_AND_SSE)


def test_sessions_are_capped_and_a_closed_one_makes_room() -> None:
    with _mcp_url({}, sandbox=True, max_sessions=2) as url, httpx2.Client(timeout=30) as http:
        opened = [_open_session(http, url) for _ in range(2)]
        assert [r.status_code for r in opened] == [200, 200]
        assert _open_session(http, url).status_code == 503
        session = {"Mcp-Session-Id": opened[0].headers["mcp-session-id"]}
        assert http.delete(url, headers=session).status_code == 200
        assert _open_session(http, url).status_code == 200


def test_an_idle_session_is_closed_and_its_slot_freed() -> None:
    with (
        _mcp_url({}, sandbox=True, max_sessions=1, session_idle_timeout=0.2) as url,
        httpx2.Client(timeout=30) as http,
    ):
        idle = {
            **JSON_AND_SSE,
            "Mcp-Session-Id": _open_session(http, url).headers["mcp-session-id"],
        }
        deadline = time.monotonic() + 30
        while _open_session(http, url).status_code == 503:  # the idle session holds the slot
            assert time.monotonic() < deadline, "the idle session was never closed"
        ping = {"jsonrpc": "2.0", "id": 2, "method": "ping"}
        assert http.post(url, json=ping, headers=idle).status_code == 404


def test_a_session_holding_an_event_stream_is_closed_when_idle_all_the_same() -> None:
    """An open GET stream is not a request: a session that holds one and sends nothing is
    closed after the idle timeout like any other, so the table makes room for a newcomer."""
    with (
        _mcp_url({}, sandbox=True, max_sessions=1, session_idle_timeout=0.5) as url,
        httpx2.Client(timeout=30) as http,
    ):
        session = {
            "Mcp-Session-Id": _open_session(http, url).headers["mcp-session-id"],
            "Mcp-Protocol-Version": HANDSHAKE.protocol_version,
        }
        with http.stream("GET", url, headers={**session, "Accept": "text/event-stream"}) as held:
            assert held.status_code == 200
            deadline = time.monotonic() + 20  # the fix frees the slot in about a second
            while _open_session(http, url).status_code == 503:
                assert time.monotonic() < deadline, "the streaming session was never closed"
                time.sleep(0.05)
            held.read()  # returns: the server ended the stream (else a read timeout)
        ping = {"jsonrpc": "2.0", "id": 2, "method": "ping"}
        assert http.post(url, json=ping, headers={**JSON_AND_SSE, **session}).status_code == 404


def test_a_stateless_server_answers_a_plain_get_at_once() -> None:
    with _mcp_url({}, sandbox=True, stateless=True) as url, httpx2.Client(timeout=10) as http:
        response = http.get(url, headers={"Accept": "text/event-stream"})
    assert response.status_code == 405 and response.headers["allow"] == "POST"
    assert response.json()["error"]["code"] == -32600


REFUSED = {
    421: "--allowed-hosts (MCP_ALLOWED_HOSTS)",
    403: "--allowed-origins (MCP_ALLOWED_ORIGINS)",
}


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Host": "mcp.example.com"}, 200),
        ({"Host": "mcp.example.com:8443"}, 200),
        ({"Host": "evil.example"}, 421),
        ({"Host": "mcp.example.com", "Origin": "https://app.example.com"}, 200),
        ({"Host": "mcp.example.com", "Origin": "https://evil.example"}, 403),
    ],
)
def test_named_hosts_and_origins_keep_the_rebinding_check_on_off_loopback(
    headers: dict[str, str], status: int
) -> None:
    env = {
        "MCP_HTTP_TOKEN": TOKEN,
        "MCP_ALLOWED_HOSTS": "mcp.example.com",
        "MCP_ALLOWED_ORIGINS": "https://app.example.com",
    }
    with _mcp_url(env, sandbox=True, host="0.0.0.0", stateless=True) as url:
        answer = httpx2.post(
            url,
            json=INITIALIZE,
            headers={**JSON_AND_SSE, **headers, "Authorization": f"Bearer {TOKEN}"},
        )
    assert answer.status_code == status
    assert status == 200 or REFUSED[status] in answer.text


@pytest.mark.parametrize("stateless", [True, False], ids=["stateless", "sessions"])
@pytest.mark.parametrize(
    ("headers", "status"),
    [({"Host": "mcp.example.com"}, 421), ({"Origin": "https://app.example.com"}, 403)],
)
def test_a_refused_host_or_origin_names_the_flag_that_admits_it(
    headers: dict[str, str], status: int, stateless: bool
) -> None:
    with _mcp_url({}, sandbox=True, stateless=stateless) as url:
        for method in ("POST", "GET"):
            answer = httpx2.request(
                method, url, json=INITIALIZE, headers={**JSON_AND_SSE, **headers}
            )
            assert answer.status_code == status
            assert REFUSED[status] in answer.text


def _search(http: httpx2.Client, url: str, api_key: str, app_key: str) -> dict[str, Any]:
    """One stateless tools/call with these Datadog keys in the headers."""
    call = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "tools/call",
        "params": {"name": "search_incidents", "arguments": {}},
    }
    headers = {**JSON_AND_SSE, "DD-API-KEY": api_key, "DD-APPLICATION-KEY": app_key}
    answer = http.post(url, json=call, headers=headers)
    assert answer.status_code == 200
    return answer.json()["result"]


def test_junk_key_pairs_never_lock_out_a_new_caller() -> None:
    datadog = Sandbox(api_keys={"api-a"}, app_keys={"reader": frozenset({"incident_read"})})
    with (
        running(datadog) as datadog_url,
        _mcp_url({}, api_url=datadog_url, credentials="per-request", stateless=True) as url,
        httpx2.Client(timeout=30) as http,
    ):
        for n in range(4 * POOL_CAPACITY + 1):  # more than the 256 that once locked all out
            assert _search(http, url, f"junk-{n}", f"junk-{n}")["isError"]
        found = _search(http, url, "api-a", "reader")
    assert not found["isError"] and found["structuredContent"]["total"] == len(
        datadog.store["incidents"]
    )


class _Recorded(DatadogClient):
    closed: ClassVar[list[str]] = []

    async def aclose(self) -> None:
        type(self).closed.append(repr(self))
        await super().aclose()


async def test_the_pool_keeps_the_most_recent_pairs_and_closes_the_rest() -> None:
    now = [0.0]
    opened: dict[str, DatadogClient] = {}

    def open_client(api_key: str, app_key: str) -> DatadogClient:
        opened[api_key] = _Recorded(
            api_key=api_key, app_key=app_key, base_url=f"http://{api_key}.invalid"
        )
        return opened[api_key]

    def keys(name: str) -> dict[str, str]:
        return {"dd-api-key": name, "dd-application-key": name}

    pool = CredentialPool(open_client, capacity=3, idle_seconds=60, clock=lambda: now[0])
    _Recorded.closed.clear()
    async with pool.serving(keys("busy")):
        busy = pool.for_headers(keys("busy"))
        for n in range(10):
            async with pool.serving(keys(f"k{n}")):
                pool.for_headers(keys(f"k{n}"))
        assert len(pool) == 3 and pool.for_headers(keys("busy")) is busy  # in use: kept
    assert _Recorded.closed == [repr(opened[f"k{n}"]) for n in range(8)]
    now[0] = 61.0  # everything idle: the next new pair finds the pool emptied
    async with pool.serving(keys("late")):
        pool.for_headers(keys("late"))
    assert len(pool) == 1 and len(_Recorded.closed) == 11
    await pool.aclose()
    assert len(_Recorded.closed) == 12
