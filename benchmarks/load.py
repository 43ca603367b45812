"""Load and soak: concurrent streamable-HTTP sessions making mixed tool calls.

    python benchmarks/load.py [--sessions 1,8,32] [--calls 10000]

For each session count, starts `datadog-incidents-mcp --sandbox --transport http`, runs the
calls from this process, and reports failed calls, latency percentiles, throughput and the
server's resident memory after start-up, after a warm-up, and at the end. Traffic stays on
127.0.0.1.
"""

from __future__ import annotations

import argparse
import random
import time
from typing import Any

import anyio
from mcp import Client

from benchmarks._common import free_port, median_ms, ours, p99_ms, report, rss_mib, start

WARMUP = 500


def pick(rng: random.Random, n: int) -> list[tuple[str, dict[str, Any]]]:
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


async def session(
    url: str, total: int, seed: int, latencies: list[float], failures: list[str], done: list[int]
) -> None:
    """Call tools until `done[0]` reaches `total` across every session sharing it."""
    rng = random.Random(seed)
    n = 0
    async with Client(url) as client:
        while done[0] < total:
            n += 1
            for tool, arguments in pick(rng, n):
                started = time.perf_counter()
                result = await client.call_tool(tool, arguments)
                latencies.append(time.perf_counter() - started)
                done[0] += 1
                if result.is_error or result.structured_content is None:
                    failures.append(f"{tool}: {result.content[0].text if result.content else '?'}")  # type: ignore[union-attr]
                    continue
                if tool == "create_incident_todo":
                    todo = result.structured_content["todo"]["id"]
                    started = time.perf_counter()
                    result = await client.call_tool(
                        "delete_incident_todo",
                        {"incident_id": arguments["incident_id"], "todo_id": todo, "confirm": True},
                    )
                    latencies.append(time.perf_counter() - started)
                    done[0] += 1
                    if result.is_error:
                        failures.append(f"delete_incident_todo: {result.content[0].text}")  # type: ignore[union-attr]


async def run(sessions: int, calls: int, url: str, pid: int) -> dict[str, Any]:
    memory = {"after_start_mib": rss_mib(pid)}
    await session(url, WARMUP, 0, [], [], [0])
    memory["after_warmup_mib"] = rss_mib(pid)
    latencies: list[float] = []
    failures: list[str] = []
    done = [0]
    started = time.perf_counter()
    async with anyio.create_task_group() as group:
        for index in range(sessions):
            group.start_soon(session, url, calls, index + 1, latencies, failures, done)
    elapsed = time.perf_counter() - started
    memory["end_mib"] = rss_mib(pid)
    return {
        "sessions": sessions,
        "calls": done[0],
        "failed_calls": len(failures),
        "first_failures": failures[:5],
        "seconds": round(elapsed, 2),
        "calls_per_second": round(done[0] / elapsed, 1),
        "p50_ms": median_ms(latencies),
        "p99_ms": p99_ms(latencies),
        "memory": {k: round(v, 1) for k, v in memory.items()},
        "memory_growth_after_warmup_pct": round(
            100 * (memory["end_mib"] / memory["after_warmup_mib"] - 1), 1
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sessions", default="1,8,32", help="comma list of concurrent session counts"
    )
    parser.add_argument("--calls", type=int, default=10_000)
    args = parser.parse_args()
    results = []
    for sessions in (int(n) for n in args.sessions.split(",")):
        port = free_port()
        server = start(ours("--sandbox", "--transport", "http", "--port", str(port)), port)
        try:
            results.append(
                anyio.run(run, sessions, args.calls, f"http://127.0.0.1:{port}/mcp", server.pid)
            )
        finally:
            server.terminate()
            server.wait(10)
    rows = [
        [
            r["sessions"],
            r["calls"],
            r["failed_calls"],
            r["calls_per_second"],
            r["p50_ms"],
            r["p99_ms"],
            " / ".join(str(v) for v in r["memory"].values()),
            f"{r['memory_growth_after_warmup_pct']}%",
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
    ]
    report("load", columns, rows, results)
    failed = sum(r["failed_calls"] for r in results)
    if failed:
        example = next(r for r in results if r["failed_calls"])["first_failures"][0]
        raise SystemExit(f"{failed} calls failed, e.g. {example}")


if __name__ == "__main__":
    main()
