"""Run the server over stdio (the default) or streamable HTTP.

HTTP binds 127.0.0.1 unless told otherwise and checks Host and Origin against DNS
rebinding (the SDK's defaults for a loopback host). With MCP_HTTP_TOKEN set, every request
must carry it as a bearer token; a non-loopback address is refused without one (config).
Request bodies are capped at the SDK's 4 MiB.
"""

from __future__ import annotations

import hmac
from typing import Any

from mcp.server import MCPServer
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from datadog_incidents_mcp.server.config import Settings


def serve(server: MCPServer[Any], settings: Settings) -> None:
    if settings.transport == "stdio":
        server.run()
        return
    import uvicorn

    uvicorn.run(
        http_app(server, settings), host=settings.host, port=settings.port, log_level="warning"
    )


def http_app(server: MCPServer[Any], settings: Settings) -> ASGIApp:
    """The streamable HTTP app, behind the bearer-token check when a token is set."""
    app = server.streamable_http_app(
        stateless_http=settings.stateless, json_response=settings.stateless, host=settings.host
    )
    if settings.http_token is None:
        return app
    return BearerToken(app, settings.http_token.get_secret_value())


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
