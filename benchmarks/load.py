"""Load and soak: concurrent streamable-HTTP sessions making mixed tool calls.

    python benchmarks/load.py [--sessions 1,8,32] [--calls 10000] [--baseline] [--rounds 1]

For each session count, starts `datadog-incidents-mcp --sandbox --transport http`, opens the
sessions, warms them up together, then makes the calls. Reports failed calls, latency
percentiles, throughput, the CPU the server and this client process spent per measured call,
and the server's resident memory after start-up, once every session is open and warm, and
at the end (growth is over the measured calls). With --baseline, the same sessions also call
two servers on the same SDK, for the ratios of throughputs: the minimal server's echo tool, and
one whose tool forwards the Datadog requests ours makes to the same in-process emulator
(forwarding_server.py; what is left between it and ours is what ours adds). With --rounds N,
ours and each baseline take N turns and the medians count, so all see the same machine.
CPU per call moves less than calls/s with the load of a shared machine: the two processes
share its cores, so the slower of them sets the pace. Traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import anyio
from mcp import Client

from benchmarks._common import (
    API_KEY,
    APP_KEY,
    HERE,
    cpu_seconds,
    free_port,
    median_ms,
    minimal,
    ours,
    p99_ms,
    report,
    rss_mib,
    start,
)

WARMUP = 500


Call = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class Mix:
    """What the sessions call: `step` draws the next calls, `cleanup` the call (if any) that
    undoes a write whose result it is given."""

    step: Callable[[random.Random, int], list[Call]]
    cleanup: Callable[[Call, Any], Call | None] = lambda call, result: None


def _echo(rng: random.Random, n: int) -> list[Call]:
    return [("echo", {"text": "x"})]


ECHO = Mix(_echo)  # the minimal server's one tool


def _ours(rng: random.Random, n: int) -> list[Call]:
    """One step of the mix: mostly reads, some writes that clean up after themselves."""
    incident = f"IR-{rng.randint(1, 12)}"
    roll = rng.random()
    if roll < 0.30:
        return [("search_incidents", {"state": [rng.choice(["active", "stable", "resolved"])]})]
    if roll < 0.55:
        return [("get_incident", {"incident_id": incident})]
    if roll < 0.70:
        return [("list_incident_todos", {"incident_id": incident})]
    if roll < 0.80:
        return [("list_incidents", {"page_size": 5, "offset": rng.randint(0, 8)})]
    if roll < 0.90:
        return [("search_users", {"query": rng.choice(["priya", "chen", "example"])})]
    return [("create_incident_todo", {"incident_id": incident, "content": f"load {n}"})]


def _delete_todo(call: Call, result: Any) -> Call | None:
    tool, arguments = call
    if tool != "create_incident_todo" or result.is_error or not result.structured_content:
        return None
    todo = result.structured_content["todo"]["id"]
    return "delete_incident_todo", {
        "incident_id": arguments["incident_id"],
        "todo_id": todo,
        "confirm": True,
    }


OURS = Mix(_ours, _delete_todo)


def _forwarded(rng: random.Random, n: int) -> list[Call]:
    """The Datadog requests `_ours` makes for the same draws (see forwarding_server.py)."""
    incident = _seeded_incidents()[rng.randint(1, 12)]
    roll = rng.random()
    users, page = {"include": "users"}, {"page[size]": "10", "page[offset]": "0"}
    if roll < 0.30:
        query = f"state:({rng.choice(['active', 'stable', 'resolved'])})"
        path, params = "/api/v2/incidents/search", {"query": query, "sort": "-created", **page}
        return [_request("GET", path, params | users)]
    if roll < 0.55:
        return [_request("GET", f"/api/v2/incidents/{incident}", users)]
    if roll < 0.70:
        return [_request("GET", f"/api/v2/incidents/{incident}/relationships/todos")]
    if roll < 0.80:
        offset = str(rng.randint(0, 8))
        return [
            _request(
                "GET", "/api/v2/incidents", {"page[size]": "5", "page[offset]": offset} | users
            )
        ]
    if roll < 0.90:
        params = {"filter": rng.choice(["priya", "chen", "example"]), "filter[status]": "Active"}
        return [
            _request("GET", "/api/v2/users", params | {"page[size]": "10", "page[number]": "0"})
        ]
    todo = {"type": "incident_todos", "attributes": {"content": f"load {n}", "assignees": []}}
    path = f"/api/v2/incidents/{incident}/relationships/todos"
    return [_request("POST", path, body={"data": todo})]


def _request(
    method: str, path: str, params: dict[str, str] | None = None, body: Any = None
) -> Call:
    return "datadog", {"method": method, "path": path, "params": params, "body": body}


def _delete_forwarded(call: Call, result: Any) -> Call | None:
    _, arguments = call
    if arguments["method"] != "POST" or result.is_error:
        return None
    todo = json.loads(result.content[0].text)["data"]["id"]
    return _request("DELETE", f"{arguments['path']}/{todo}")


FORWARDED = Mix(_forwarded, _delete_forwarded)


@functools.cache
def _seeded_incidents() -> dict[int, str]:
    """The sandbox's seeded incidents, IR number to ID (ours looks them up itself)."""
    from datadog_incidents_mcp.sandbox import Sandbox

    records = Sandbox().store["incidents"].values()
    return {record["attributes"]["public_id"]: record["id"] for record in records}


@dataclass
class Tally:
    """What all sessions of one run share."""

    total: int
    latencies: list[float] = field(default_factory=list[float])
    failures: list[str] = field(default_factory=list[str])
    done: int = 0

    def record(self, tool: str, started: float, result: Any) -> None:
        self.latencies.append(time.perf_counter() - started)
        self.done += 1
        if result.is_error or result.structured_content is None:
            self.failures.append(f"{tool}: {result.content[0].text if result.content else '?'}")


async def calls(client: Client, rng: random.Random, tally: Tally, mix: Mix) -> None:
    """Call tools until the tally reaches its total across every session sharing it."""
    while tally.done < tally.total:
        for call in mix.step(rng, tally.done):
            started = time.perf_counter()
            result = await client.call_tool(*call)
            tally.record(call[0], started, result)
            undo = mix.cleanup(call, result)
            if undo:
                started = time.perf_counter()
                tally.record(undo[0], started, await client.call_tool(*undo))


@dataclass
class Gate:
    """Lets the measured calls start only once every session is open and warm."""

    sessions: int
    warmed: int = 0
    all_warm: anyio.Event = field(default_factory=anyio.Event)
    go: anyio.Event = field(default_factory=anyio.Event)


async def session(url: str, seed: int, warm: Tally, gate: Gate, tally: Tally, mix: Mix) -> None:
    """Warm up, wait until every session has, then take part in the measured calls."""
    rng = random.Random(seed)
    async with Client(url) as client:
        await calls(client, rng, warm, mix)
        gate.warmed += 1
        if gate.warmed == gate.sessions:
            gate.all_warm.set()
        await gate.go.wait()
        await calls(client, rng, tally, mix)


async def run(sessions: int, total: int, url: str, pid: int, mix: Mix = OURS) -> dict[str, Any]:
    memory = {"after_start_mib": rss_mib(pid)}
    warm, tally, gate = Tally(total=WARMUP), Tally(total=total), Gate(sessions)
    async with anyio.create_task_group() as group:
        for index in range(sessions):
            group.start_soon(session, url, index + 1, warm, gate, tally, mix)
        await gate.all_warm.wait()
        memory["all_sessions_warm_mib"] = rss_mib(pid)
        started, server_cpu, client_cpu = time.perf_counter(), cpu_seconds(pid), _own_cpu()
        gate.go.set()
    elapsed = time.perf_counter() - started
    server_cpu, client_cpu = cpu_seconds(pid) - server_cpu, _own_cpu() - client_cpu
    memory["end_mib"] = rss_mib(pid)
    return {
        "sessions": sessions,
        "calls": tally.done,
        "failed_calls": len(tally.failures + warm.failures),
        "first_failures": (warm.failures + tally.failures)[:5],
        "seconds": round(elapsed, 2),
        "calls_per_second": round(tally.done / elapsed, 1),
        "p50_ms": median_ms(tally.latencies),
        "p99_ms": p99_ms(tally.latencies),
        "server_cpu_ms_per_call": round(1000 * server_cpu / tally.done, 2),
        "client_cpu_ms_per_call": round(1000 * client_cpu / tally.done, 2),
        "memory": {k: round(v, 1) for k, v in memory.items()},
        "memory_growth_pct": round(
            100 * (memory["end_mib"] / memory["all_sessions_warm_mib"] - 1), 1
        ),
    }


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measured(
    command: list[str],
    sessions: int,
    total: int,
    mix: Mix,
    port_flag: bool = True,
) -> dict[str, Any]:
    """One run against a fresh server (`command` plus its port)."""
    port = free_port()
    server = start([*command, *(["--port", str(port)] if port_flag else [str(port)])], port)
    try:
        return anyio.run(run, sessions, total, f"http://127.0.0.1:{port}/mcp", server.pid, mix)
    finally:
        server.terminate()
        server.wait(10)


BASELINES = {  # name: (command, port as a bare argument, mix)
    "minimal": (minimal("http"), ECHO),
    "forwarding": ([str(HERE / "forwarding_server.py")], FORWARDED),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sessions", default="1,8,32", help="comma list of concurrent session counts"
    )
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument(
        "--baseline",
        action="store_true",
        help="also run the SDK's minimal server (echo) and a minimal server forwarding the same "
        "Datadog requests, and give ours / each one's calls/s",
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="turns each, ours then each baseline's"
    )
    args = parser.parse_args()
    # Key-shaped keys: ours looks for them in every answer, as it does with real ones
    os.environ.update({"DD_API_KEY": API_KEY, "DD_APP_KEY": APP_KEY})
    results = []
    for sessions in (int(n) for n in args.sessions.split(",")):
        runs: list[dict[str, Any]] = []
        bases: dict[str, list[dict[str, Any]]] = {name: [] for name in BASELINES}
        for _ in range(args.rounds):
            runs.append(
                measured(ours("--sandbox", "--transport", "http"), sessions, args.calls, OURS)
            )
            for name, (command, mix) in BASELINES.items() if args.baseline else ():
                bases[name].append(measured(command, sessions, args.calls, mix, False))
        result = _middle(runs)
        for name, turns in bases.items() if args.baseline else ():
            base = _middle(turns)
            for key in ("calls_per_second", "server_cpu_ms_per_call", "client_cpu_ms_per_call"):
                result[f"{name}_{key}"] = base[key]
            result[f"vs_{name}"] = round(result["calls_per_second"] / base["calls_per_second"], 2)
            result["failed_calls"] += base["failed_calls"]
            result["first_failures"] += base["first_failures"]
        if args.baseline:
            result["rounds"] = [
                {"ours": run["calls_per_second"]}
                | {name: bases[name][turn]["calls_per_second"] for name in BASELINES}
                for turn, run in enumerate(runs)
            ]
        results.append(result)
    rows = [
        [
            r["sessions"],
            r["calls"],
            r["failed_calls"],
            r["calls_per_second"],
            r["p50_ms"],
            r["p99_ms"],
            " / ".join(str(v) for v in r["memory"].values()),
            f"{r['memory_growth_pct']}%",
            *(
                f"{r.get(f'{name}_calls_per_second', '-')} ({r.get(f'vs_{name}', '-')})"
                for name in BASELINES
            ),
            " / ".join(
                str(r.get(f"{prefix}server_cpu_ms_per_call", "-"))
                for prefix in ("", "minimal_", "forwarding_")
            ),
            " / ".join(
                str(r.get(f"{prefix}client_cpu_ms_per_call", "-"))
                for prefix in ("", "minimal_", "forwarding_")
            ),
        ]
        for r in results
    ]
    columns = [
        "sessions",
        "calls",
        "failed",
        "calls/s",
        "p50 ms",
        "p99 ms",
        "RSS start/warm/end MiB",
        "growth",
        "minimal (echo) calls/s (ours / it)",
        "forwarding calls/s (ours / it)",
        "server CPU ms/call ours / echo / forwarding",
        "client CPU ms/call ours / echo / forwarding",
    ]
    report("load", columns, rows, results)
    failed = sum(r["failed_calls"] for r in results)
    if failed:
        example = next(r for r in results if r["failed_calls"])["first_failures"][0]
        raise SystemExit(f"{failed} calls failed, e.g. {example}")


def _middle(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median calls/s (of an even number, the lower middle one), failures
    of every run counted."""
    ordered = sorted(runs, key=lambda run: run["calls_per_second"])
    middle = dict(ordered[(len(ordered) - 1) // 2])
    middle["failed_calls"] = sum(run["failed_calls"] for run in runs)
    middle["first_failures"] = [f for run in runs for f in run["first_failures"]][:5]
    return middle


if __name__ == "__main__":
    main()
