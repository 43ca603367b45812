"""Serve the sandbox over real HTTP: in the foreground for the CLI, or in a thread for
tests, demos and benchmarks that need a real socket on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from collections.abc import Generator
from contextlib import contextmanager

import uvicorn

from datadog_incidents_mcp.sandbox.app import Sandbox


def _server(sandbox: Sandbox, host: str, port: int, log_level: str) -> uvicorn.Server:
    config = uvicorn.Config(
        sandbox.app,
        host=host,
        port=port,
        log_level=log_level,
        lifespan="off",
        access_log=False,
        interface="asgi3",
    )
    return uvicorn.Server(config)


def serve(
    sandbox: Sandbox, *, host: str = "127.0.0.1", port: int = 8126, log_level: str = "info"
) -> None:
    """Serve until interrupted."""
    _server(sandbox, host, port, log_level).run()


@contextmanager
def running(sandbox: Sandbox, *, host: str = "127.0.0.1", port: int = 0) -> Generator[str]:
    """Serve in a background thread; yields the base URL (port 0 picks a free port)."""
    server = _server(sandbox, host, port, "critical")
    thread = threading.Thread(target=server.run, name="sandbox-http", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the sandbox did not start on {host}:{port}")
        time.sleep(0.005)
    bound = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{bound}"
    finally:
        server.should_exit = True
        thread.join(10)
