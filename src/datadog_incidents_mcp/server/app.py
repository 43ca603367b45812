"""Assemble the MCP server: the selected tools, and the Datadog client in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from urllib.request import getproxies, proxy_bypass

import httpx2
from mcp.server import MCPServer
from mcp.server.lowlevel import Server
from mcp.server.mcpserver import RequestStateSecurity
from mcp.types import CompleteRequestParams, SetLevelRequestParams

from datadog_incidents_mcp import __version__, prompts
from datadog_incidents_mcp.calls.client_log import set_client_log_level
from datadog_incidents_mcp.calls.orgs import Orgs
from datadog_incidents_mcp.calls.state import (
    AppState,
    CredentialPool,
    OrgStates,
    States,
    hold_credentials,
)
from datadog_incidents_mcp.datadog import DatadogClient
from datadog_incidents_mcp.datadog.auth import Credentials
from datadog_incidents_mcp.datadog.sites import api_base_url
from datadog_incidents_mcp.server.acting import acting_as
from datadog_incidents_mcp.server.audit import AuditTrail
from datadog_incidents_mcp.server.caps import WriteCaps
from datadog_incidents_mcp.server.config import (
    ConfigError,
    Settings,
    org_settings,
    select_from,
    select_tools,
)
from datadog_incidents_mcp.server.guard import guard_writes
from datadog_incidents_mcp.server.narrowing import narrow_tools, reads_only
from datadog_incidents_mcp.server.observe import Observer, Sink
from datadog_incidents_mcp.server.signed_in import signed_in_calls
from datadog_incidents_mcp.server.signin import server_options
from datadog_incidents_mcp.server.unoffered import refuse_unoffered
from datadog_incidents_mcp.server.warm import WarmAfterListing, warm_up_steps
from datadog_incidents_mcp.tools.build import build_tool
from datadog_incidents_mcp.tools.manifest import catalog, lazy_tool, listing

if TYPE_CHECKING:
    from datadog_incidents_mcp.server.metrics import Metrics

INSTRUCTIONS = """\
Datadog Incident Management. Start triage with search_incidents (e.g. state=["active"]).
Incident IDs may be UUIDs or public IDs like IR-123. People may be named by email or handle.
Writes notify real people: declare an incident once, and confirm deletes with the user."""


def open_client(
    settings: Settings,
    api_key: str | None = None,
    app_key: str | None = None,
    transport: httpx2.AsyncBaseTransport | None = None,
    sandbox: SandboxOnFirstRequest | None = None,
) -> DatadogClient:
    """The Datadog client: the real API, or the built-in sandbox (`sandbox`, else one of its
    own) served in-process."""
    if settings.sandbox:
        return DatadogClient(
            api_key=settings.api_key,
            app_key=settings.app_key,
            base_url="http://sandbox.invalid",
            transport=httpx2.ASGITransport(app=sandbox or SandboxOnFirstRequest()),
            web_url="",  # sample data: no Datadog page to link to
            deadline=settings.deadline,
        )
    return DatadogClient(
        credentials=None if app_key else login_credentials(settings),
        api_key=api_key or settings.api_key,
        app_key=app_key or settings.app_key,
        token=None if app_key else settings.token,  # a request's own keys or token win
        site=settings.site,
        base_url=settings.api_url,
        timeout=settings.timeout,
        deadline=settings.deadline,
        transport=transport
        or TransportOnFirstRequest(lambda: httpx2.AsyncHTTPTransport(proxy=api_proxy(settings))),
    )


def login_credentials(settings: Settings) -> Credentials | None:
    """The tokens of `datadog-incidents-mcp login`, when the server runs on them."""
    if not settings.login:
        return None
    from datadog_incidents_mcp.server.login import stored

    return stored(settings.site, settings.api_url)


class TransportOnFirstRequest(httpx2.AsyncBaseTransport):
    """The network transport, made when the first request goes out.

    Making it loads the CA bundle into a TLS context, tens of milliseconds of CPU that a
    client that only lists tools would pay at start for nothing. An HTTP client given a
    transport no longer reads the proxy variables, so `make` passes `api_proxy` on.
    """

    def __init__(self, make: Callable[[], httpx2.AsyncBaseTransport]) -> None:
        self._make = make
        self._made: httpx2.AsyncBaseTransport | None = None

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        if self._made is None:
            self._made = self._make()
        return await self._made.handle_async_request(request)

    async def aclose(self) -> None:
        if self._made is not None:
            await self._made.aclose()


class SandboxOnFirstRequest:
    """The sandbox as an ASGI app that is imported and seeded when first asked.

    Its import and seed data are a tenth of a cold start, and a client that only lists
    tools never needs them; `load` lets the warm-up (server/warm.py) do it sooner.
    """

    def __init__(self) -> None:
        self._app: Callable[..., Awaitable[None]] | None = None

    def load(self) -> Callable[..., Awaitable[None]]:
        if self._app is None:
            from datadog_incidents_mcp.sandbox import Sandbox

            self._app = Sandbox().app
        return self._app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.load()(scope, receive, send)


def pooled_transports(settings: Settings) -> Callable[[], httpx2.AsyncBaseTransport]:
    """Transports for per-request clients, all with one TLS context.

    A client of its own loads the CA bundle again: about 0.8 MiB and tens of milliseconds
    per key pair, which a stream of junk pairs would make the server pay.
    """
    tls = httpx2.create_ssl_context()
    proxy = api_proxy(settings)
    return lambda: httpx2.AsyncHTTPTransport(verify=tls, proxy=proxy)


def api_proxy(settings: Settings) -> str | None:
    """The one HTTP(S)_PROXY / ALL_PROXY / NO_PROXY name for the API's URL, as a default
    client would use; a client given its own transport reads none of them."""
    parts = urlsplit(settings.api_url or api_base_url(settings.site))
    proxies = {} if proxy_bypass(parts.hostname or "") else getproxies()
    return proxies.get(parts.scheme) or proxies.get("all")


def open_metrics(settings: Settings) -> Metrics | None:
    """The Prometheus figures when --metrics is on; only then is prometheus-client loaded."""
    if not settings.metrics:
        return None
    from datadog_incidents_mcp.server.metrics import Metrics

    return Metrics()


def served_orgs(settings: Settings) -> Orgs | None:
    """The orgs a call may name; None when the server serves one org."""
    if not settings.orgs:
        return None
    default = next(org.name for org in settings.orgs if org.default)
    return Orgs(
        {org.name: org.site for org in settings.orgs},
        default,
        {org.name: org.key_variables for org in settings.orgs},
    )


@asynccontextmanager
async def open_orgs(settings: Settings, default: str) -> AsyncGenerator[OrgStates]:
    """One client, connection pool and set of caches per org, closed together."""
    async with AsyncExitStack() as stack:
        states = {
            name: AppState(client=await stack.enter_async_context(open_client(each)))
            for name, each in org_settings(settings).items()
        }
        yield OrgStates(states, default)


def build_server(
    settings: Settings, client: DatadogClient | None = None, sink: Sink | None = None
) -> MCPServer[Any]:
    """The MCP server for these settings; `client` overrides the one it would open, and
    `sink` (the metrics) gets each call's and each Datadog request's figures. `client` is for
    one org only: with several, each org's client is opened from its settings."""

    orgs = served_orgs(settings)
    # The one sandbox every call goes to, when there is one (the lifespan's last case)
    single = client is None and orgs is None and not settings.per_request_credentials
    sandbox = SandboxOnFirstRequest() if settings.sandbox and single else None

    @asynccontextmanager
    async def lifespan(server: MCPServer[Any]) -> AsyncGenerator[States]:
        """The one state source every handler asks (`calls.state.States`)."""
        if orgs is not None:
            async with open_orgs(settings, orgs.default) as states:
                yield states
            return
        if settings.per_request_credentials:
            transport = pooled_transports(settings)
            async with AsyncExitStack() as stack:
                fallback = None  # a request without Datadog headers: the server's own client
                if settings.server_fallback:
                    ours = client or await stack.enter_async_context(open_client(settings))
                    fallback = AppState(client=ours)
                pool = CredentialPool(
                    lambda api_key, app_key: open_client(settings, api_key, app_key, transport()),
                    fallback=fallback,
                )
                stack.push_async_callback(pool.aclose)
                yield pool
            return
        if client is not None:
            yield AppState(client=client)
            return
        async with open_client(settings, sandbox=sandbox) as opened:
            yield AppState(client=opened)

    # None: no current manifest, so build every tool now
    listed = listing()
    if listed is None:
        tools = [build_tool(spec, settings.site, orgs) for spec in select_tools(settings)]
    else:
        tools = [lazy_tool(tool, settings.site, orgs) for tool in select_from(settings, listed)]
    names = frozenset(tool.name for tool in tools)
    observer = Observer(names, sink, acting_as(settings))
    server = MCPServer(
        "datadog-incidents",
        title="Datadog Incidents",
        version=__version__,
        instructions=INSTRUCTIONS if orgs is None else INSTRUCTIONS + orgs.instructions(),
        lifespan=lifespan,
        tools=tools,
        middleware=[
            observer,
            refuse_unoffered(settings, names),
            *signed_in_calls(settings.sign_in),
            WarmAfterListing(warm_up_steps(tools, sandbox)),
            narrow_tools,
            guard_writes(
                settings,
                open_audit_trail(settings),
                WriteCaps(settings.max_writes_per_minute, settings.max_creates_per_hour),
            ),
            reads_only(settings.read_only),
            *([hold_credentials] if settings.per_request_credentials else []),
        ],
        request_state_security=request_state_security(settings),
        **server_options(settings.sign_in),
    )
    # Tool failures are also sent as log notifications; clients before 2026-07-28 may
    # choose which levels they get. Registering the handler advertises `logging`.
    lowlevel(server).add_request_handler(
        "logging/setLevel", SetLevelRequestParams, set_client_log_level
    )
    # Completions ask the lifespan's state source, which MCPServer.completion() hides.
    lowlevel(server).add_request_handler(
        "completion/complete", CompleteRequestParams, prompts.completer(orgs)
    )
    prompts.register(
        server, {spec.name: (spec.toolset, spec.read_only) for spec in catalog()}, orgs
    )
    return server


def open_audit_trail(settings: Settings) -> AuditTrail | None:
    """The audit trail of --audit-log; None without one."""
    if settings.audit_log is None:
        return None
    try:
        return AuditTrail.opened(settings.audit_log)
    except OSError as exc:
        raise ConfigError(
            f"--audit-log {settings.audit_log}: cannot append to it ({exc.strerror}); name a "
            "file in a directory the server may write to, or - for stderr"
        ) from None


def request_state_security(settings: Settings) -> RequestStateSecurity | None:
    """Seal multi-round request state with the shared keys; None: the SDK's per-process key."""
    if not settings.request_state_keys:
        return None
    return RequestStateSecurity(
        keys=[key.get_secret_value() for key in settings.request_state_keys]
    )


def lowlevel(server: MCPServer[Any]) -> Server[Any]:
    """The SDK's protocol-level server inside MCPServer, which has no public accessor.

    Needed for what MCPServer does not wrap: `logging/setLevel` (the SDK says to use
    `add_request_handler`) and running over our own stdio streams.
    """
    return server._lowlevel_server
