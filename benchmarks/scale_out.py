"""Scale-out: N stateless replicas behind nginx, one killed with SIGKILL mid-run.

    python benchmarks/scale_out.py [--replicas 1,2,3] [--clients 8] [--calls 60]

For each replica count: serves one sandbox over HTTP on 127.0.0.1 (every replica writes to
it, so a write made through one is read through another), starts N
`datadog-incidents-mcp --transport http --stateless` replicas sharing one
MCP_REQUEST_STATE_KEY, and nginx in front of them (round robin) with a config this script
writes into a temporary folder (`--show-config` prints it). Then `--clients` MCP clients (the
SDK's streamable HTTP client) make `--calls` calls each: reads, creates, and deletes the
user confirms through elicitation. With two replicas or more, one is killed with SIGKILL
once 40% of the calls are done. A call that fails is tried once more.

Reported: calls, failures on the first try and after the one retry, writes nginx replayed
(an incident created twice from one attempt: each attempt has a title of its own), requests
nginx passed to another replica (only ones that never reached the first: a refused
connection), confirmed deletes, p50/p99 latency and calls/s. Skips with a message where
nginx is not installed (Debian: `apt-get install nginx`). Traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncGenerator, Generator
from contextlib import ExitStack, asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import httpx2
from mcp import Client
from mcp.client import ClientRequestContext
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError
from mcp.types import ElicitRequestParams, ElicitResult

from benchmarks._common import free_port, median_ms, ours, p99_ms, report, wait_for_port
from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.sandbox.serve import running

STATE_KEY = "scale-out-benchmark-request-state-key-0123456789"
KILL_AT = 0.4  # share of the calls done when one replica is killed

NGINX_CONFIG = """\
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    log_format balancer '$request_method $status "$upstream_addr" "$upstream_status"';
    access_log {folder}/access.log balancer;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;

    upstream mcp {{
{servers}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://mcp;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;  # the replicas check it against DNS rebinding
            proxy_buffering off;
            proxy_read_timeout 90s;  # DD_CALL_DEADLINE (60 s) plus margin
            # Only a request that never reached a replica (connection refused, connect
            # timeout) goes to another. Without `non_idempotent`, nginx never sends a POST
            # again once a replica may have received it: no create is made twice.
            proxy_next_upstream error timeout;
            proxy_next_upstream_tries 2;
        }}
    }}
}}
"""


def nginx_config(folder: str, port: int, replica_ports: list[int]) -> str:
    servers = "\n".join(
        f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=30s;" for p in replica_ports
    )
    return NGINX_CONFIG.format(folder=folder, port=port, servers=servers)


@dataclass
class Nginx:
    port: int
    passed_on: int = 0  # requests sent to a second replica, counted from the log at the end


@contextmanager
def nginx(replica_ports: list[int]) -> Generator[Nginx]:
    """nginx in the foreground on a free port, until the block ends."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    with tempfile.TemporaryDirectory(prefix="scale-out-nginx-") as folder:
        os.chmod(folder, 0o755)  # workers run as nobody when started by root
        port = free_port()
        config = Path(folder, "nginx.conf")
        config.write_text(nginx_config(folder, port, replica_ports))
        process = subprocess.Popen(
            [binary, "-p", folder, "-e", f"{folder}/error.log", "-c", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        balancer = Nginx(port)
        try:
            wait_for_port(port)
            yield balancer
        finally:
            process.send_signal(signal.SIGQUIT)  # graceful: finish what is in flight
            process.wait(30)
            balancer.passed_on = next_upstream(Path(folder, "access.log"))


def start_replicas(datadog_url: str, count: int) -> list[tuple[subprocess.Popen[bytes], int]]:
    """Start the replicas together (each takes seconds on a busy machine), then wait."""
    env = {
        **os.environ,
        "DD_API_KEY": "benchmark-api-key",
        "DD_APP_KEY": "benchmark-app-key",
        "DD_API_URL": datadog_url,
        "MCP_REQUEST_STATE_KEY": STATE_KEY,
    }
    started: list[tuple[subprocess.Popen[bytes], int]] = []
    for _ in range(count):
        port = free_port()
        flags = ours("--transport", "http", "--stateless", "--toolsets", "all")
        command = [sys.executable, *flags, "--port", str(port)]
        process = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
        started.append((process, port))
    for _, port in started:
        wait_for_port(port, 120)
    return started


@dataclass
class Tally:
    total: int
    done: int = 0
    first_failures: int = 0
    final_failures: int = 0
    tool_errors: int = 0
    creates: int = 0  # create_incident attempts, retries included
    deletes: int = 0
    deletes_done: int = 0
    latencies: list[float] = field(default_factory=list[float])
    due: anyio.Event = field(default_factory=anyio.Event)  # time to kill a replica


async def confirm(context: ClientRequestContext, params: ElicitRequestParams) -> ElicitResult:
    return ElicitResult(action="accept", content={"confirm": True})


@asynccontextmanager
async def mcp_client(url: str) -> AsyncGenerator[Client]:
    async with (
        httpx2.AsyncClient(timeout=120) as http,
        Client(streamable_http_client(url, http_client=http), elicitation_callback=confirm) as c,
    ):
        yield c


def step(rng: random.Random, mine: list[str]) -> tuple[str, dict[str, Any]]:
    """One call of the mix: 70% reads, 20% creates, 10% confirmed deletes of own incidents."""
    roll = rng.random()
    if roll < 0.10 and mine:
        return "delete_incident", {"incident_id": mine.pop()}
    if roll < 0.30:
        return "create_incident", {"title": "", "severity": "SEV-5"}
    if roll < 0.45:
        return "create_incident_todo", {"incident_id": "IR-1", "content": "scale-out check"}
    if roll < 0.75:
        return "search_incidents", {"state": ["active"]}
    return "get_incident", {"incident_id": f"IR-{rng.randint(1, 12)}"}


@dataclass
class Position:
    """Where one client is: which call, which try, and its own incidents to delete."""

    number: int
    calls: int
    n: int = 0
    attempt: int = 1
    mine: list[str] = field(default_factory=list[str])
    pending: tuple[str, dict[str, Any]] | None = None  # the call to try (again)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.number)

    def call(self) -> tuple[str, dict[str, Any]]:
        if self.pending is None:
            self.pending = step(self.rng, self.mine)
        return self.pending

    def failed(self, tally: Tally) -> None:
        """The call in flight failed: try it once more, or give it up."""
        if self.attempt == 1:
            tally.first_failures += 1
            self.attempt = 2
            return
        tally.final_failures += 1
        self.next(tally)

    def next(self, tally: Tally) -> None:
        self.n, self.attempt, self.pending = self.n + 1, 1, None
        tally.done += 1
        if tally.done >= tally.total * KILL_AT:
            tally.due.set()


async def calls_until_broken(client: Client, at: Position, tally: Tally) -> None:
    while at.n < at.calls:
        name, arguments = at.call()
        if name == "create_incident":
            arguments["title"] = f"scale-out {at.number}-{at.n}-{at.attempt}"
            tally.creates += 1
        tally.deletes += name == "delete_incident" and at.attempt == 1
        began = time.perf_counter()
        try:
            result = await client.call_tool(name, arguments)
        except MCPError:  # the balancer answered 502: the replica died before answering
            at.failed(tally)
            continue
        tally.latencies.append(time.perf_counter() - began)
        tally.tool_errors += bool(result.is_error)
        if name == "create_incident" and result.structured_content:
            at.mine.append(str(result.structured_content["incident"]["public_id"]))
        tally.deletes_done += name == "delete_incident" and not result.is_error
        at.next(tally)


async def one_client(url: str, number: int, calls: int, tally: Tally) -> None:
    """A replica killed mid-answer cuts the body short, which ends the SDK client's
    session: the call counts as failed and a new client tries it again."""
    at = Position(number, calls)
    while at.n < calls:
        try:
            async with mcp_client(url) as client:
                await calls_until_broken(client, at, tally)
        except* (httpx2.TransportError, MCPError):
            at.failed(tally)


async def drive(
    url: str, clients: int, calls: int, victim: subprocess.Popen[bytes] | None
) -> Tally:
    tally = Tally(total=clients * calls)

    async def kill_when_due() -> None:
        await tally.due.wait()
        assert victim is not None
        victim.send_signal(signal.SIGKILL)

    async with anyio.create_task_group() as group:
        if victim is not None:
            group.start_soon(kill_when_due)
        for number in range(clients):
            group.start_soon(one_client, url, number, calls, tally)
    return tally


def duplicated(sandbox: Sandbox) -> int:
    """Incidents made twice from one attempt: the balancer (or anything) replayed a create."""
    titles = collections.Counter(
        incident["attributes"]["title"]
        for incident in sandbox.store["incidents"].values()
        if incident["attributes"]["title"].startswith("scale-out ")
    )
    return sum(count - 1 for count in titles.values() if count > 1)


def next_upstream(access_log: Path) -> int:
    """Requests nginx passed to a second replica (its log then names two addresses)."""
    return sum(", " in line for line in access_log.read_text().splitlines())


def run(replicas: int, clients: int, calls: int) -> dict[str, Any]:
    sandbox = Sandbox()
    with ExitStack() as stack:
        datadog_url = stack.enter_context(running(sandbox))
        started = start_replicas(datadog_url, replicas)
        for process, _ in started:
            stack.callback(process.wait, 30)
            stack.callback(process.terminate)
        balancer = stack.enter_context(nginx([p for _, p in started]))
        victim = started[0][0] if replicas > 1 else None
        began = time.perf_counter()
        tally = anyio.run(drive, f"http://127.0.0.1:{balancer.port}/mcp", clients, calls, victim)
        wall = time.perf_counter() - began
        stack.close()  # nginx's log is complete once it stopped
        replayed = duplicated(sandbox)
        made = sandbox.count("POST", r"^/api/v2/incidents$")
    return {
        "replicas": replicas,
        "killed": victim is not None,
        "calls": tally.total,
        "failed_first_try": tally.first_failures,
        "failed_after_retry": tally.final_failures,
        "tool_errors": tally.tool_errors,
        "create_attempts": tally.creates,
        "creates_received": made,
        "writes_replayed": replayed,
        "passed_to_next_replica": balancer.passed_on,
        "deletes_confirmed": f"{tally.deletes_done}/{tally.deletes}",
        "p50_ms": median_ms(tally.latencies),
        "p99_ms": p99_ms(tally.latencies),
        "calls_per_s": round(len(tally.latencies) / wall, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="N stateless replicas behind nginx, one killed")
    parser.add_argument("--replicas", default="1,2,3")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--calls", type=int, default=60, help="calls per client")
    parser.add_argument("--show-config", action="store_true", help="print nginx's config")
    args = parser.parse_args()
    if args.show_config:
        print(nginx_config("/tmp/scale-out", 8080, [8001, 8002, 8003]), end="")
        return
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        print("scale_out: skipped, nginx is not installed (Debian: apt-get install nginx)")
        return
    figures = [run(int(n), args.clients, args.calls) for n in args.replicas.split(",")]
    columns = list(figures[0])
    report("scale_out", columns, [[row[c] for c in columns] for row in figures], figures)


if __name__ == "__main__":
    main()
