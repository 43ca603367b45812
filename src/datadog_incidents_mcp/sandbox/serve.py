"""Serve an ASGI app over real HTTP: in the foreground for the CLI, or in a thread for
tests, demos and benchmarks that need a real socket on 127.0.0.1."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Generator
from contextlib import contextmanager
from typing import Literal

import uvicorn
from starlette.types import ASGIApp

from datadog_incidents_mcp.sandbox.app import Sandbox


def _config(
    app: ASGIApp, host: str, port: int, log_level: str, lifespan: Literal["on", "off"]
) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        lifespan=lifespan,
        access_log=False,
        interface="asgi3",  # uvicorn takes a bound method, as Sandbox.app is, for ASGI 2
    )


class _Stoppable(uvicorn.Server):
    """A server that `running()` stops from another thread without uvicorn's waits.

    uvicorn looks at `should_exit` every 0.1 s, then sleeps 0.1 s after asking connections to
    close and waits for them in 0.1 s steps: about 0.2 s per stop, which the tests paid about
    170 times a run (27 s). Here `stop()` wakes the loop at once and the waits poll every
    5 ms; the order is uvicorn's: stop accepting, ask each connection to finish its request and
    close, wait for the connections and their tasks, then the app's lifespan shutdown.
    """

    _loop: asyncio.AbstractEventLoop | None = None
    _stopping: asyncio.Event | None = None

    def stop(self) -> None:
        """Ask the server to stop (thread-safe; returns at once)."""
        self.should_exit = True
        if self._loop is not None and self._stopping is not None:
            self._loop.call_soon_threadsafe(self._stopping.set)

    async def main_loop(self) -> None:
        self._loop, self._stopping = asyncio.get_running_loop(), asyncio.Event()
        counter = 0
        while not await self.on_tick(counter):  # on_tick refreshes the Date header
            counter = (counter + 1) % 864000
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), 0.1)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()
        for connection in list(self.server_state.connections):
            connection.shutdown()
        # uvicorn signals neither set's emptying: polled as uvicorn does, only more often
        while self.server_state.connections or self.server_state.tasks:  # noqa: ASYNC110
            await asyncio.sleep(0.005)
        for server in self.servers:
            await server.wait_closed()
        await self.lifespan.shutdown()


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
    uvicorn.Server(_config(sandbox.app, host, port, log_level, "off")).run(sockets=[listening])


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
    server = _Stoppable(_config(app, host, port, "critical", lifespan))
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
        server.stop()
        thread.join(10)
