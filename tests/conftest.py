"""Shared fixtures: the sandbox over real HTTP on 127.0.0.1 and clients pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import httpx2
import pytest
from mcp import Client
from starlette.types import Receive, Scope, Send

from datadog_incidents_mcp.datadog import DatadogClient, RetryPolicy
from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.sandbox.serve import running
from datadog_incidents_mcp.server.app import build_server
from datadog_incidents_mcp.server.config import Flags, Settings, resolve_settings

API_KEY = "canary-api-key-7f3e9b1c"
APP_KEY = "canary-app-key-2d8a4c6e"
FAST_RETRY = RetryPolicy(
    max_retries=3, backoff_initial=0.01, backoff_max=0.05, max_rate_limit_wait=5
)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def _no_login_of_the_user(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A start without keys looks for `datadog-incidents-mcp login`'s tokens: never the
    user's own, in their keychain or config directory (subprocesses inherit this too)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
        patch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
        yield


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox()


class _Front:
    """One HTTP server per test process, answering with the current test's sandbox: starting
    and stopping uvicorn for each test cost about 0.2 s (its shutdown polls every 0.1 s)."""

    def __init__(self) -> None:
        self.target: Sandbox | None = None

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.target is not None, "a request reached the front between two tests"
        await self.target.app(scope, receive, send)


@pytest.fixture(scope="session")
def _front() -> Iterator[tuple[_Front, str]]:
    front = _Front()
    with running(front.app) as url:
        yield front, url


@pytest.fixture
def sandbox_url(sandbox: Sandbox, _front: tuple[_Front, str]) -> Iterator[str]:
    front, url = _front
    front.target = sandbox
    try:
        yield url
    finally:
        front.target = None


@pytest.fixture
async def client(sandbox_url: str) -> AsyncIterator[DatadogClient]:
    async with DatadogClient(
        api_key=API_KEY, app_key=APP_KEY, base_url=sandbox_url, timeout=5, retry=FAST_RETRY
    ) as dd:
        yield dd


# ---- the MCP server, in memory, over a sandbox the test can inspect -------------------------


def sandbox_settings(**flags: object) -> Settings:
    """Sandbox settings with every toolset on unless the test names some: most tests exercise
    a tool, whichever toolset holds it; tests of the default say `toolsets="default"`."""
    flags.setdefault("toolsets", "all")
    return resolve_settings({}, Flags(sandbox=True, **flags))  # type: ignore[arg-type]


@asynccontextmanager
async def connect(
    sandbox: Sandbox,
    *,
    app_key: str = APP_KEY,
    retry: RetryPolicy = FAST_RETRY,
    settings: Settings | None = None,
    url: str | None = None,
    datadog_timeout: float = 30.0,
    deadline: float = 60.0,
    max_response_bytes: int = 10 * 1024 * 1024,
    **client_options: Any,
) -> AsyncIterator[Client]:
    """An MCP client connected in memory to the server, whose Datadog is `sandbox`:
    in-process, or over real HTTP at `url` where the wire matters."""
    transport = None if url else httpx2.ASGITransport(app=sandbox.app)
    async with (
        DatadogClient(
            api_key=API_KEY,
            app_key=app_key,
            base_url=url or "http://sandbox.invalid",
            transport=transport,
            retry=retry,
            timeout=datadog_timeout,
            deadline=deadline,
            max_response_bytes=max_response_bytes,
        ) as dd,
        Client(build_server(settings or sandbox_settings(), client=dd), **client_options) as client,
    ):
        yield client


@pytest.fixture
async def mcp(sandbox: Sandbox) -> AsyncIterator[Client]:
    async with connect(sandbox) as client:
        yield client


def json_kind(schema: dict[str, Any]) -> str | None:
    """The JSON type a published property takes besides null: an optional one also admits
    null, for OpenAI's strict mode (`["integer", "null"]`, or an enum in an `anyOf`)."""
    options = schema.get("anyOf", [schema])
    kinds = [k for o in options for k in _listed(o.get("type")) if k != "null"]
    return kinds[0] if len(kinds) == 1 else None


def _listed(kind: Any) -> list[Any]:
    return kind if isinstance(kind, list) else [kind] if kind else []  # pyright: ignore[reportUnknownVariableType]


async def call(client: Client, name: str, arguments: dict[str, object]) -> dict[str, object]:
    """Call a tool that must succeed; return its structured result."""
    result = await client.call_tool(name, arguments)
    text = result.content[0].text if result.content else ""  # type: ignore[union-attr]
    assert not result.is_error, text
    assert result.structured_content is not None
    return result.structured_content


async def fail(client: Client, name: str, arguments: dict[str, object]) -> str:
    """Call a tool that must fail with an isError result; return its text."""
    result = await client.call_tool(name, arguments)
    assert result.is_error
    return result.content[0].text  # type: ignore[union-attr]
