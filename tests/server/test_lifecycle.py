"""The HTTP server's life as a platform sees it: SIGTERM, and the probes."""

from __future__ import annotations

import gc
import json
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import anyio
import httpx2
import pytest
from mcp import Client
from mcp.types import CallToolResult
from starlette.types import Receive, Scope, Send

from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.sandbox.serve import running
from datadog_incidents_mcp.server import cli
from datadog_incidents_mcp.server.app import build_server
from datadog_incidents_mcp.server.config import Flags, resolve_settings
from datadog_incidents_mcp.server.transports import http_app
from tests.server.processes import Served, http_process

pytestmark = pytest.mark.anyio
KEYS = {"DD_API_KEY": "k" * 32, "DD_APP_KEY": "a" * 40}
ONE_INCIDENT = r"^/api/v2/incidents/[^/]+$"


@pytest.fixture
def datadog() -> Generator[tuple[Sandbox, str]]:
    sandbox = Sandbox()
    with running(sandbox) as url:
        yield sandbox, url


def _accepts(url: str) -> bool:
    address = httpx2.URL(url)
    try:
        socket.create_connection((address.host, address.port or 80), timeout=5).close()
    except ConnectionRefusedError:
        return False
    return True


@dataclass
class Held:
    """The sandbox behind a gate that holds get_incident's one Datadog request: `arrived` is
    set the moment it comes, and it goes on to the sandbox once the test sets `released`."""

    sandbox: Sandbox
    url: str
    arrived: threading.Event
    released: threading.Event


@pytest.fixture
def held_datadog() -> Generator[Held]:
    sandbox = Sandbox()
    arrived, released = threading.Event(), threading.Event()

    async def gate(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and re.search(ONE_INCIDENT, scope["path"]):
            arrived.set()
            await anyio.to_thread.run_sync(released.wait, 60)
        await sandbox.app(scope, receive, send)

    with running(gate) as url:
        yield Held(sandbox, url, arrived, released)
        released.set()


def _said(served: Served, words: str) -> str:
    """Read the server's stderr up to the line holding these words (it says each step)."""
    assert served.process.stderr is not None
    while line := served.process.stderr.readline():
        if words in line:
            return line
    raise AssertionError(f"the server ended without saying {words!r}")


@pytest.mark.parametrize("mode", [["--stateless"], []], ids=["stateless", "sessions"])
async def test_sigterm_stops_accepting_lets_the_call_in_flight_finish_and_exits_0(
    held_datadog: Held, mode: list[str]
) -> None:
    """SIGTERM lands while the gate holds the call's request: no polling, each step is an
    event (the request arrived, the server said it stopped accepting, it exited)."""
    held = held_datadog
    uuid = next(iter(held.sandbox.store["incidents"].values()))["id"]
    results: list[CallToolResult] = []
    stopping = ""
    with http_process("--api-url", held.url, *mode, env=KEYS) as served:
        async with Client(served.url) as client:
            await client.list_tools()  # the client checks results against the tools' schemas

            async def slow_call() -> None:
                results.append(await client.call_tool("get_incident", {"incident_id": uuid}))

            async with anyio.create_task_group() as group:
                group.start_soon(slow_call)
                assert await anyio.to_thread.run_sync(held.arrived.wait, 60)
                served.process.send_signal(signal.SIGTERM)
                stopping = await anyio.to_thread.run_sync(_said, served, "stopping:")
                assert not _accepts(served.url)
                assert not results, "the call ended before the server stopped accepting"
                held.released.set()
        returncode = await anyio.to_thread.run_sync(served.process.wait, 60)
    assert "1 requests in flight" in stopping
    assert len(results) == 1 and not results[0].is_error, results
    assert results[0].structured_content
    assert results[0].structured_content["incident"]["id"] == uuid
    assert returncode == 0


TOKEN = "token-5c2e9a7f1b-3d8e6a0c4f2b-9e1d7a3c"
DOCKERFILE = Path(__file__).parents[2] / "Dockerfile"


def test_probes_answer_without_the_token_and_mcp_still_needs_it(
    datadog: tuple[Sandbox, str],
) -> None:
    """As a Kubernetes prober sends them: no token, the pod's IP as Host, GET or HEAD."""
    sandbox, url = datadog
    env = {**KEYS, "MCP_HTTP_TOKEN": TOKEN}
    with http_process("--api-url", url, "--stateless", env=env) as served:
        base = served.url.removesuffix("/mcp")
        prober = {"Host": "10.0.0.7:8000", "User-Agent": "kube-probe/1.30"}
        answers = {
            (method, path): httpx2.request(method, base + path, headers=prober)
            for method in ("GET", "HEAD")
            for path in ("/healthz", "/readyz")
        }
        refused = httpx2.post(served.url, json={})
        wrong_method = httpx2.post(f"{base}/healthz")
        docker = subprocess.run(_healthcheck(base), capture_output=True, timeout=60)
    assert {key: a.status_code for key, a in answers.items()} == dict.fromkeys(answers, 200)
    assert answers["GET", "/healthz"].text == "ok\n"
    assert answers["GET", "/readyz"].text == "ready\n"
    assert answers["HEAD", "/readyz"].text == ""
    assert refused.status_code == 401
    assert wrong_method.status_code == 405
    assert docker.returncode == 0, docker.stderr
    assert not sandbox.requests, "a probe called Datadog"


def _healthcheck(base: str) -> list[str]:
    """The Dockerfile's HEALTHCHECK command, pointed at this server instead of port 8000."""
    line = next(line for line in DOCKERFILE.read_text().splitlines() if "CMD [" in line)
    command: list[str] = json.loads(line.split("CMD", 1)[1])
    assert command[0] == "python"
    return [sys.executable, *(part.replace("http://127.0.0.1:8000", base) for part in command[1:])]


@pytest.mark.parametrize(("lifespan", "ready"), [("off", 503), ("on", 200)])
def test_readyz_waits_for_the_lifespan_and_healthz_does_not(
    lifespan: Literal["on", "off"], ready: int
) -> None:
    """Served without its lifespan, the app has no Datadog client: alive, not ready."""
    settings = resolve_settings(
        {"MCP_HTTP_TOKEN": TOKEN}, Flags(sandbox=True, transport="http", stateless=True)
    )
    app = http_app(build_server(settings), settings)
    with running(app, lifespan=lifespan) as base:
        health, readiness = httpx2.get(f"{base}/healthz"), httpx2.get(f"{base}/readyz")
    assert health.status_code == 200
    assert readiness.status_code == ready
    assert readiness.text == ("ready\n" if ready == 200 else "not ready\n")


def test_once_serving_the_youngest_objects_are_collected_less_often() -> None:
    """A tool call holds thousands of objects at once; at CPython's default of 700, most
    calls set off a collection that frees nothing (see YOUNG_COLLECTION_THRESHOLD)."""
    before = gc.get_threshold()
    try:
        cli._collect_from_here()  # pyright: ignore[reportPrivateUsage]
        assert gc.get_threshold() == (10_000, *before[1:])
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
