"""Serve an ASGI app over real HTTP: in the foreground for the CLI, or in a thread for
tests, demos and benchmarks that need a real socket on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Generator
from contextlib import contextmanager
from typing import Literal

import uvicorn
from starlette.types import ASGIApp

from datadog_incidents_mcp.sandbox.app import Sandbox


def _server(
    app: ASGIApp, host: str, port: int, log_level: str, lifespan: Literal["on", "off"]
) -> uvicorn.Server:
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        lifespan=lifespan,
        access_log=False,
        interface="asgi3",  # uvicorn takes a bound method, as Sandbox.app is, for ASGI 2
    )
    return uvicorn.Server(config)


class CannotListen(OSError):
    """The address cannot be listened on; the message is one line saying what to do."""


def listen(host: str, port: int) -> socket.socket:
    """Listen before serving, so a busy port is one clear line rather than uvicorn's log
    lines after a start-up banner that claimed the port (both commands use it).

    The socket says it is TCP (IPPROTO_TCP, not the default 0): asyncio sets TCP_NODELAY on
    accepted connections only then, and without it each small answer waits ~40 ms for the
    client's delayed ACK.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(2048)
    except (OSError, OverflowError) as exc:  # OverflowError: a port past 65535
        sock.close()
        raise CannotListen(
            f"cannot listen on {host} port {port}: {getattr(exc, 'strerror', None) or exc}; "
            "stop the program using it or choose another --port"
        ) from None
    return sock


def serve(sandbox: Sandbox, listening: socket.socket, *, log_level: str = "info") -> None:
    """Serve the sandbox on a socket from `listen` until interrupted."""
    host, port = listening.getsockname()[:2]
    _server(sandbox.app, host, port, log_level, "off").run(sockets=[listening])


@contextmanager
def running(
    target: Sandbox | ASGIApp,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    lifespan: Literal["on", "off"] = "off",
) -> Generator[str]:
    """Serve in a background thread; yields the base URL (port 0 picks a free port).

    Use lifespan="on" for apps that need their startup (the MCP streamable HTTP app).
    """
    app = target.app if isinstance(target, Sandbox) else target
    server = _server(app, host, port, "critical", lifespan)
    thread = threading.Thread(target=server.run, name="asgi-http", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the server did not start on {host}:{port}")
        time.sleep(0.005)
    bound = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{bound}"
    finally:
        server.should_exit = True
        thread.join(10)
