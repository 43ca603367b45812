"""Run the server over stdio (the default) or streamable HTTP.

stdio: a line that is not a JSON-RPC message gets a JSON-RPC error (-32700 for bad JSON,
-32600 for anything else, batches included) instead of silence, as over HTTP.

HTTP binds 127.0.0.1 unless told otherwise and checks Host and Origin against DNS
rebinding: the SDK's loopback names, plus the hosts and origins a deployment allows, the
check staying on whenever any are named. With MCP_HTTP_TOKEN set, every request must carry
it as a bearer token; a non-loopback address is refused without one (config). Sessions
are capped and idle ones closed (settings); request bodies are capped at the SDK's 4 MiB.
SIGTERM stops accepting, lets calls in flight answer, and ends the process with 0.
`GET /healthz` and `GET /readyz` answer platform probes without the token.
"""

from __future__ import annotations

import hmac
import math
import re
import signal
import socket
from types import FrameType
from typing import TYPE_CHECKING, Any, NoReturn

import anyio
from mcp.server import MCPServer
from mcp.server.stdio import stdio_server
from mcp.server.transport_security import TransportSecuritySettings
from mcp.shared.message import SessionMessage
from mcp.types import INVALID_REQUEST, PARSE_ERROR, ErrorData, JSONRPCError
from pydantic import ValidationError
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from datadog_incidents_mcp.server.app import lowlevel
from datadog_incidents_mcp.server.config import LOOPBACK, ConfigError, Settings, offered
from datadog_incidents_mcp.server.logs import say
from datadog_incidents_mcp.server.narrowing import NarrowByQuery

if TYPE_CHECKING:
    from datadog_incidents_mcp.server.metrics import Metrics

LOOPBACK_HOSTS = ("127.0.0.1:*", "localhost:*", "[::1]:*")
LOOPBACK_ORIGINS = ("http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*")
# After SIGTERM, calls in flight have their DD_CALL_DEADLINE plus this long to answer; then
# whatever is left is cancelled and the process ends.
SHUTDOWN_MARGIN = 5


def serve(server: MCPServer[Any], settings: Settings, metrics: Metrics | None = None) -> None:
    if settings.transport == "stdio":
        anyio.run(serve_stdio, server)
        return
    import uvicorn

    from datadog_incidents_mcp.server.stopping import Server

    listening = bind(settings)
    if settings.host not in LOOPBACK and not settings.allowed_hosts:
        say(
            "Host and Origin headers are not checked: name the host names clients use with "
            "--allowed-hosts (MCP_ALLOWED_HOSTS) to turn the DNS-rebinding check on"
        )
    if settings.stateless and not settings.request_state_keys:
        say(
            "MCP_REQUEST_STATE_KEY is not set: a delete confirmed through elicitation must "
            "finish on this replica; behind a load balancer give every replica the same key "
            "(`openssl rand -hex 32`)"
        )
    say(f"serving MCP over streamable HTTP at {url(settings)}")
    config = uvicorn.Config(
        http_app(server, settings, metrics),
        log_level="warning",
        log_config=None,  # uvicorn's lines go through our handler: JSON with --log-format json
        timeout_graceful_shutdown=math.ceil(settings.deadline) + SHUTDOWN_MARGIN,
    )
    signal.signal(signal.SIGTERM, stopped)
    Server(config).run(sockets=[listening])


def stopped(signum: int, frame: FrameType | None) -> NoReturn:
    """SIGTERM is how platforms ask a server to stop: not a failure, so exit 0.

    uvicorn handles SIGTERM while serving (stop accepting, let calls in flight finish,
    shut the lifespan down), then raises it again for the handler it found: this one.
    """
    raise SystemExit(0)


def url(settings: Settings) -> str:
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    return f"http://{host}:{settings.port}/mcp"


def bind(settings: Settings) -> socket.socket:
    """Listen before serving, so a busy port is one clear line rather than a traceback.

    The socket says it is TCP (IPPROTO_TCP, not the default 0): asyncio sets TCP_NODELAY on
    accepted connections only then, and without it each small answer waits ~40 ms for the
    client's delayed ACK.
    """
    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((settings.host, settings.port))
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise ConfigError(
            f"cannot listen on {settings.host} port {settings.port}: {exc.strerror or exc}; "
            "stop the program using it or choose another --port"
        ) from None
    return sock


async def serve_stdio(server: MCPServer[Any]) -> None:
    """The SDK's stdio transport, answering malformed lines instead of dropping them."""
    runner = lowlevel(server)
    async with stdio_server() as (read, write):
        forward, messages = anyio.create_memory_object_stream[SessionMessage | Exception](0)

        async def answer_malformed() -> None:
            async with forward:
                async for item in read:
                    if not isinstance(item, Exception):
                        await forward.send(item)
                    elif (reply := malformed_reply(item)) is not None:
                        await write.send(SessionMessage(reply))

        async with anyio.create_task_group() as group:
            group.start_soon(answer_malformed)
            await runner.run(messages, write, runner.create_initialization_options())


def malformed_reply(error: Exception) -> JSONRPCError | None:
    """The JSON-RPC error for a line that did not parse as a message (None: a blank line).

    The id is null: a line that is not a valid message has no id we could trust.
    """
    details = error.errors() if isinstance(error, ValidationError) else []
    first = details[0] if details else None
    if first is not None and first["type"] == "json_invalid":
        line = first.get("input")
        if isinstance(line, str) and not line.strip():
            return None
        code, message = PARSE_ERROR, f"Parse error: {first['msg']}"
    elif first is not None and isinstance(first.get("input"), list):
        code = INVALID_REQUEST
        message = "Invalid Request: batches are not supported; send one message per line"
    else:
        code = INVALID_REQUEST
        message = "Invalid Request: not a JSON-RPC 2.0 request, notification or response"
    return JSONRPCError(jsonrpc="2.0", id=None, error=ErrorData(code=code, message=message))


def http_app(server: MCPServer[Any], settings: Settings, metrics: Metrics | None = None) -> ASGIApp:
    """The streamable HTTP app, with each client's tools narrowed by its URL's query and
    `/metrics` beside it when there are metrics; the bearer-token check in front of them
    when a token is set, and the probes in front of all."""
    app: ASGIApp = server.streamable_http_app(
        stateless_http=settings.stateless,
        json_response=settings.stateless,
        host=settings.host,
        session_idle_timeout=settings.session_idle_timeout,
        max_sessions=settings.max_sessions,
        transport_security=transport_security(settings),
    )
    if settings.stateless:
        app = NoStreams(app)
    app = NarrowByQuery(app, offered(settings))
    if metrics is not None:
        from datadog_incidents_mcp.server.metrics import MetricsEndpoint

        app = MetricsEndpoint(app, metrics)
    if settings.http_token is not None:
        app = BearerToken(app, settings.http_token.get_secret_value())
    return Probes(app)


def transport_security(settings: Settings) -> TransportSecuritySettings | None:
    """Loopback names plus the named hosts and origins; None keeps the SDK's default.

    A host named without a port (`mcp.example.com`, what a proxy on 443 forwards) is also
    allowed with any port.
    """
    if not settings.allowed_hosts:
        return None
    hosts = [
        variant
        for host in settings.allowed_hosts
        for variant in ((host,) if re.search(r":(\d+|\*)$", host) else (host, f"{host}:*"))
    ]
    return TransportSecuritySettings(
        enable_dns_rebinding_protection=True,
        allowed_hosts=[*LOOPBACK_HOSTS, *hosts],
        allowed_origins=[*LOOPBACK_ORIGINS, *settings.allowed_origins],
    )


class Probes:
    """`GET /healthz`: the process answers. `GET /readyz`: the app's lifespan has started
    (the Datadog client is open), so `/mcp` can serve.

    Outside the token and the Host check, since a platform's prober has neither the token
    nor the public host name; so they say nothing but ok or ready, and never call Datadog.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.ready = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, self._watching(send))
        elif scope["type"] == "http" and scope["path"] in ("/healthz", "/readyz"):
            await self._answer(scope)(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    def _watching(self, send: Send) -> Send:
        async def watched(message: Message) -> None:
            if message["type"] == "lifespan.startup.complete":
                self.ready = True
            elif message["type"].startswith("lifespan.shutdown"):
                self.ready = False
            await send(message)

        return watched

    def _answer(self, scope: Scope) -> Response:
        headers = {"Cache-Control": "no-store"}
        if scope["method"] not in ("GET", "HEAD"):
            return PlainTextResponse("use GET\n", 405, headers={**headers, "Allow": "GET, HEAD"})
        if scope["path"] == "/healthz":
            return PlainTextResponse("ok\n", headers=headers)
        if self.ready:
            return PlainTextResponse("ready\n", headers=headers)
        return PlainTextResponse("not ready\n", 503, headers=headers)


class NoStreams:
    """Stateless HTTP has no session to stream on: answer GET with 405 instead of hanging."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            response = JSONResponse(
                JSONRPCError(
                    jsonrpc="2.0",
                    id=None,
                    error=ErrorData(
                        code=INVALID_REQUEST,
                        message="this server is stateless: send requests with POST; "
                        "it offers no event stream",
                    ),
                ).model_dump(by_alias=True, exclude_unset=True),
                status_code=405,
                headers={"Allow": "POST"},
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


class BearerToken:
    """Refuse any HTTP request without `Authorization: Bearer <token>` (constant-time check)."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.expected = f"Bearer {token}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            given = dict(scope["headers"]).get(b"authorization", b"")
            if not hmac.compare_digest(given, self.expected):
                response = JSONResponse(
                    {
                        "error": "unauthorized",
                        "error_description": "send the server's bearer token",
                    },
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
