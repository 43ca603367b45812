"""The server as a separate process on 127.0.0.1, started as users start it."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Generator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

SERVING = "serving MCP over streamable HTTP at "
# `datadog-incidents-mcp --sandbox` as a client starts it over stdio
STDIO_SANDBOX = [sys.executable, "-m", "datadog_incidents_mcp", "--sandbox"]
# The older protocol's first request
INITIALIZE: dict[str, Any] = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "tests", "version": "1"},
    },
}


def wire(*messages: dict[str, Any]) -> bytes:
    """Messages as a stdio client writes them: one JSON line each."""
    return b"".join(json.dumps(m).encode() + b"\n" for m in messages)


@dataclass
class Served:
    process: subprocess.Popen[str]
    url: str  # the /mcp endpoint
    said: list[str]  # stderr up to and including the line that announces the URL


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def http_process(*flags: str, env: dict[str, str] | None = None) -> Generator[Served]:
    """`datadog-incidents-mcp --transport http` with these flags, once it listens.

    `env` is added to this process's environment. Stopped with SIGTERM on the way out
    unless the test ended it.
    """
    command = [sys.executable, "-m", "datadog_incidents_mcp", "--transport", "http"]
    process = subprocess.Popen(
        [*command, "--port", str(free_port()), *flags],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    assert process.stderr is not None
    try:
        said = [process.stderr.readline()]
        while SERVING not in said[-1] and said[-1]:
            said.append(process.stderr.readline())
        served = re.search(re.escape(SERVING) + r"(http://127\.0\.0\.1:\d+/mcp)", said[-1])
        assert served, said  # a plain line, or a JSON one with --log-format json
        yield Served(process, served[1], said)
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(10)
        process.stderr.close()
