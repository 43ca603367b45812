"""Run the server over stdio (the default) or streamable HTTP.

HTTP binds 127.0.0.1 unless told otherwise, checks Host and Origin against DNS rebinding
(the SDK's defaults for a loopback host), and refuses a non-loopback address: until token
auth exists, exposing a server that holds Datadog keys to a network is not allowed.
"""

from __future__ import annotations

from mcp.server import MCPServer

from datadog_incidents_mcp.server.config import ConfigError, Settings
from datadog_incidents_mcp.tools._context import AppState

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(server: MCPServer[AppState], settings: Settings) -> None:
    if settings.transport == "stdio":
        server.run()
        return
    if settings.host not in LOOPBACK:
        raise ConfigError(
            f"--host {settings.host}: the HTTP transport only binds a loopback address "
            f"({', '.join(LOOPBACK)}); put a reverse proxy with authentication in front of it"
        )
    import uvicorn

    app = server.streamable_http_app(
        stateless_http=settings.stateless, json_response=settings.stateless, host=settings.host
    )
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
