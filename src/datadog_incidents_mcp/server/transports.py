"""Run the server over stdio (the default) or streamable HTTP.

stdio: a line that is not a JSON-RPC message gets a JSON-RPC error (-32700 for bad JSON,
-32600 for anything else, batches and ids that are neither string nor integer included)
instead of silence, as over HTTP.

HTTP binds 127.0.0.1 unless told otherwise and checks Host and Origin against DNS
rebinding: the SDK's loopback names, plus the hosts and origins a deployment allows, the
check staying on whenever any are named. With MCP_HTTP_TOKEN set, every request must carry
it as a bearer token; with --oauth-issuer, a token of the person signed in instead
(server/signin.py); a non-loopback address is refused without either (config). Sessions
are capped and idle ones closed (settings), an open event stream not counting as a
request; request bodies are capped at the SDK's 4 MiB.
SIGTERM stops accepting, lets calls in flight answer, and ends the process with 0.
`GET /healthz` and `GET /readyz` answer platform probes without the token.
"""

from __future__ import annotations

import functools
import hmac
import io
import math
import re
import signal
import socket
from contextlib import aclosing
from dataclasses import dataclass, field
from types import FrameType
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn, cast

import anyio
from anyio.streams.memory import MemoryObjectReceiveStream
from mcp.server import MCPServer
from mcp.server.runner import serve_dual_era_loop
from mcp.server.stdio import stdio_server
from mcp.server.transport_security import TransportSecurityMiddleware, TransportSecuritySettings
from mcp.shared.message import SessionMessage
from mcp.types import (
    INVALID_REQUEST,
    PARSE_ERROR,
    ErrorData,
    JSONRPCError,
    JSONRPCNotification,
    jsonrpc_message_adapter,
)
from pydantic import ValidationError
from pydantic_core import from_json
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from datadog_incidents_mcp.server.app import lowlevel
from datadog_incidents_mcp.server.config import LOOPBACK, ConfigError, Settings, offered
from datadog_incidents_mcp.server.handshakes import Eras
from datadog_incidents_mcp.server.logs import say
from datadog_incidents_mcp.server.narrowing import NarrowByQuery
from datadog_incidents_mcp.server.stdio_pipes import one_socket, stdin_lines, stdout_wire

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
    if settings.sign_in is not None:
        say(
            f"people sign in with {settings.sign_in.issuer}: tokens must be issued for "
            f"{settings.sign_in.resource} and carry {settings.sign_in.read_scope} "
            f"({settings.sign_in.write_scope} to change things)"
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
    """Listen before serving, so a busy port is one clear line rather than a traceback (the
    socket says it is TCP, so each accepted connection sends without delay: see `listen`)."""
    from datadog_incidents_mcp.sandbox.serve import CannotListen, listen

    try:
        return listen(settings.host, settings.port)
    except CannotListen as exc:
        raise ConfigError(str(exc)) from None


async def serve_stdio(server: MCPServer[Any]) -> None:
    """Serve over stdin and stdout, answering every line that is not a valid message.

    The SDK's stdio transport parses each line itself, and a request whose id JSON-RPC
    does not allow (an object, array, float, boolean or null) comes out of it as a
    notification, which nobody answers. So the lines are read and checked here; the SDK's
    transport, given an empty stdin, only writes: to `stdout_wire` where the event loop can
    write stdout itself, else to stdout it claims (either way stray prints miss the wire;
    see stdio_pipes). The messages go to the SDK's serving loop, a second one if the client falls
    back to the older handshake (see handshakes); the lifespan is entered once for both.
    """
    runner = lowlevel(server)
    options = runner.create_initialization_options()
    shared = one_socket()
    async with (
        stdout_wire(shared) as wire,
        stdio_server(stdin=anyio.wrap_file(io.StringIO()), stdout=cast(Any, wire)) as (
            unread,
            write,
        ),
    ):
        await unread.aclose()
        async with runner.lifespan(runner) as state, anyio.create_task_group() as group:

            def start(messages: MemoryObjectReceiveStream[SessionMessage]) -> None:
                loop = functools.partial(
                    serve_dual_era_loop, lifespan_state=state, init_options=options
                )
                group.start_soon(loop, runner, messages, write.clone())

            async with write, Eras(start) as eras, aclosing(stdin_lines(shared)) as lines:
                async for line in lines:
                    message = parsed(line.decode("utf-8", errors="replace"))
                    if isinstance(message, SessionMessage):
                        await eras.send(message)
                    elif message is not None:
                        await write.send(SessionMessage(message))


def parsed(line: str) -> SessionMessage | JSONRPCError | None:
    """The message on a stdio line; for a line that is not one, the error to answer with
    (None: a blank line, which gets no answer)."""
    try:
        message = jsonrpc_message_adapter.validate_json(line, by_name=False)
    except ValidationError as exc:
        return malformed_reply(exc)
    if isinstance(message, JSONRPCNotification) and "id" in from_json(line):
        return error_reply(INVALID_REQUEST, "Invalid Request: an id must be a string or an integer")
    return SessionMessage(message)


def malformed_reply(error: ValidationError) -> JSONRPCError | None:
    """The JSON-RPC error for a line that did not parse as a message (None: a blank line)."""
    first = next(iter(error.errors()), None)
    if first is not None and first["type"] == "json_invalid":
        line = first.get("input")
        if isinstance(line, str) and not line.strip():
            return None
        return error_reply(PARSE_ERROR, f"Parse error: {first['msg']}")
    if first is not None and isinstance(first.get("input"), list):
        return error_reply(
            INVALID_REQUEST, "Invalid Request: batches are not supported; send one message per line"
        )
    return error_reply(
        INVALID_REQUEST, "Invalid Request: not a JSON-RPC 2.0 request, notification or response"
    )


def error_reply(code: int, message: str) -> JSONRPCError:
    """A JSON-RPC error with a null id: a message that is not valid has no id we could trust."""
    return JSONRPCError(jsonrpc="2.0", id=None, error=ErrorData(code=code, message=message))


def http_app(server: MCPServer[Any], settings: Settings, metrics: Metrics | None = None) -> ASGIApp:
    """The streamable HTTP app, with each client's tools narrowed by its URL's query behind
    the Host and Origin check, and `/metrics` beside it when there are metrics; the
    bearer-token check in front of them when a token is set (with sign-in, the SDK's checks
    inside the MCP app, and the same in front of `/metrics`), and the probes in front of all."""
    security = transport_security(settings)
    app: ASGIApp = server.streamable_http_app(
        stateless_http=settings.stateless,
        json_response=settings.stateless,
        host=settings.host,
        session_idle_timeout=settings.session_idle_timeout,
        max_sessions=settings.max_sessions,
        transport_security=security,
    )
    app = (
        NoStreams(app) if settings.stateless else QuietSessions(app, settings.session_idle_timeout)
    )
    app = NarrowByQuery(app, offered(settings), settings.confirm)
    if security is not None:
        app = HostCheck(app, security)
    if metrics is not None:
        from datadog_incidents_mcp.server.metrics import MetricsEndpoint

        app = MetricsEndpoint(app, metrics)
        if settings.sign_in is not None:
            from datadog_incidents_mcp.server.signed_in import SignedInOnly

            verifier = server._token_verifier
            assert verifier is not None, "build_server gives a server that signs in a verifier"
            app = SignedInOnly(app, "/metrics", verifier, settings.sign_in)
    if settings.http_token is not None:
        app = BearerToken(app, settings.http_token.get_secret_value())
    if settings.sign_in is not None:
        from datadog_incidents_mcp.server.signed_in import ResourceMetadata

        app = ResourceMetadata(app, settings.sign_in)
    return Probes(app)


def transport_security(settings: Settings) -> TransportSecuritySettings | None:
    """Loopback names plus the named hosts and origins; None: no check (a non-loopback
    address with no host named).

    A host named without a port (`mcp.example.com`, what a proxy on 443 forwards) is also
    allowed with any port.
    """
    if not settings.allowed_hosts and settings.host not in LOOPBACK:
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


class HostCheck:
    """The SDK's Host and Origin check, run here first so that a refusal says which flag
    admits the name; the SDK's own answer is a bare "Invalid Host header"."""

    REFUSED: ClassVar[dict[int, str]] = {
        421: "Invalid Host header: to serve this host name, add it to --allowed-hosts "
        "(MCP_ALLOWED_HOSTS)\n",
        403: "Invalid Origin header: to accept requests from this origin, add it to "
        "--allowed-origins (MCP_ALLOWED_ORIGINS)\n",
    }

    def __init__(self, app: ASGIApp, security: TransportSecuritySettings) -> None:
        self.app = app
        self.check = TransportSecurityMiddleware(security)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            refused = await self.check.validate_request(Request(scope))
            if refused is not None:
                status = refused.status_code
                await PlainTextResponse(self.REFUSED[status], status)(scope, receive, send)
                return
        await self.app(scope, receive, send)


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
                error_reply(
                    INVALID_REQUEST,
                    "this server is stateless: send requests with POST; it offers no event stream",
                ).model_dump(by_alias=True, exclude_unset=True),
                status_code=405,
                headers={"Allow": "POST"},
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


@dataclass
class _Held:
    """One session's requests in flight: how many are not event streams, and the watch
    over each open stream (its deadline is when the session counts as idle)."""

    busy: int = 0
    watches: set[anyio.CancelScope] = field(default_factory=set[anyio.CancelScope])


class QuietSessions:
    """Close a session that holds an event stream (GET) but sends no request for the idle
    timeout.

    The SDK counts an open stream as a request in flight, so a client that opens one and
    goes quiet keeps its session, and its place under --max-sessions, for as long as the
    connection lasts: enough of them lock every newcomer out. Here only the other requests
    (and the opening of a stream) count; when the time runs out the session is ended with
    a DELETE of its own, which the SDK handles as a client's: the stream ends and the ID
    answers 404.
    """

    def __init__(self, app: ASGIApp, idle_timeout: float) -> None:
        self.app = app
        self.idle_timeout = idle_timeout
        self.sessions: dict[bytes, _Held] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        session = dict(scope["headers"]).get(b"mcp-session-id") if scope["type"] == "http" else None
        if session is None:
            await self.app(scope, receive, send)
            return
        held = self.sessions.setdefault(session, _Held())
        try:
            if scope["method"] == "GET":
                await self._stream(held, scope, receive, send)
            else:
                await self._request(held, scope, receive, send)
        finally:
            if not held.busy and not held.watches and self.sessions.get(session) is held:
                del self.sessions[session]

    async def _request(self, held: _Held, scope: Scope, receive: Receive, send: Send) -> None:
        held.busy += 1
        self._pause(held)
        try:
            await self.app(scope, receive, send)
        finally:
            held.busy -= 1
            self._pause(held)

    async def _stream(self, held: _Held, scope: Scope, receive: Receive, send: Send) -> None:
        closing = {**scope, "method": "DELETE"}  # copied before the app's router adds to it
        async with anyio.create_task_group() as group:
            watch = anyio.CancelScope()
            held.watches.add(watch)
            self._pause(held, watch)
            group.start_soon(self._close_when_quiet, watch, closing)
            try:
                await self.app(scope, receive, send)
            finally:
                held.watches.discard(watch)
                group.cancel_scope.cancel()

    def _pause(self, held: _Held, *watches: anyio.CancelScope) -> None:
        """While a request is served nothing counts down; once none is, the timeout does."""
        deadline = math.inf if held.busy else anyio.current_time() + self.idle_timeout
        for watch in watches or held.watches:
            watch.deadline = deadline

    async def _close_when_quiet(self, watch: anyio.CancelScope, closing: Scope) -> None:
        with watch:
            await anyio.sleep_forever()
        # Only the deadline gets here: the stream ending cancels this task's group instead.

        async def nothing_more() -> Message:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def unheard(message: Message) -> None:
            pass

        with anyio.CancelScope(shield=True):  # the session ends even as its stream does
            await self.app(closing, nothing_more, unheard)


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
