"""Floods of the HTTP transport: sessions never closed, and distinct Datadog key pairs.

    python -m benchmarks.flood [--sessions 10300] [--pairs 1000]

Sessions: `initialize` (protocol 2025-06-18) requests from one process, none ever closed,
against `--transport http` with its default limits; then whether a new client still gets
in, and the same flood against `--stateless`. Key pairs: one stateless `tools/call` per
distinct junk pair against `--credentials per-request`, then a call with another pair.
Reports answers by status, the server's resident memory and open descriptors. Traffic
stays on 127.0.0.1 (a sandbox stands in for Datadog).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time
from collections import Counter
from typing import Any

import httpx2

from benchmarks._common import free_port, ours, report, rss_mib, start

STATELESS = ["--transport", "http", "--stateless"]
HEADERS = {"Accept": "application/json, text/event-stream"}
INITIALIZE: dict[str, Any] = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "flood", "version": "1"},
    },
}
SEARCH: dict[str, Any] = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "tools/call",
    "params": {"name": "search_incidents", "arguments": {}},
}


def descriptors(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def sample(process: subprocess.Popen[bytes]) -> tuple[float, int]:
    return round(rss_mib(process.pid), 1), descriptors(process.pid)


def flood(
    flags: list[str], requests: int, body: dict[str, Any], keys: bool = False
) -> dict[str, Any]:
    """Send `requests` POSTs to a fresh server, then one more as a newcomer would."""
    port = free_port()
    process = start(ours(*flags, "--port", str(port)), port)
    url = f"http://127.0.0.1:{port}/mcp"
    try:
        before = sample(process)
        statuses: Counter[int] = Counter()
        started = time.perf_counter()
        with httpx2.Client(timeout=60) as http:
            for n in range(requests):
                pair = {"DD-API-KEY": f"junk-{n}", "DD-APPLICATION-KEY": f"junk-{n}"}
                statuses[
                    http.post(
                        url, json=body, headers={**HEADERS, **(pair if keys else {})}
                    ).status_code
                ] += 1
            seconds = time.perf_counter() - started
            after = sample(process)
            newcomer = {"DD-API-KEY": "newcomer", "DD-APPLICATION-KEY": "newcomer"}
            last = http.post(url, json=body, headers={**HEADERS, **(newcomer if keys else {})})
        outcome: dict[str, Any] = last.json().get("result", {}) if last.status_code == 200 else {}
        run = {
            "flags": " ".join(flags),
            "requests": requests,
            "statuses": dict(sorted(statuses.items())),
            "seconds": round(seconds, 1),
            "rss_mib": [before[0], after[0]],
            "fds": [before[1], after[1]],
            "newcomer": ("error" if outcome.get("isError") else "ok") if keys else last.status_code,
        }
        print(run, flush=True)  # a long flood: show each run as it ends
        return run
    finally:
        process.terminate()
        process.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_300, help="0 skips the session runs")
    parser.add_argument(
        "--stateless-sessions", type=int, help="initialize requests for --stateless (as --sessions)"
    )
    parser.add_argument("--pairs", type=int, default=1_000, help="0 skips the key-pair run")
    args = parser.parse_args()
    datadog_port = free_port()
    datadog = start(
        ours("sandbox", "--port", str(datadog_port), "--log-level", "ERROR"), datadog_port
    )
    try:
        runs = [
            flood(flags, count, INITIALIZE)
            for flags, count in (
                (["--sandbox", "--transport", "http"], args.sessions),
                ([*STATELESS, "--sandbox"], args.stateless_sessions or args.sessions),
            )
            if count
        ]
        if args.pairs:
            datadog_url = f"http://127.0.0.1:{datadog_port}"
            per_request = [*STATELESS, "--credentials", "per-request", "--api-url", datadog_url]
            runs.append(flood(per_request, args.pairs, SEARCH, keys=True))
    finally:
        datadog.terminate()
        datadog.wait(10)
    columns = ["server", "requests", "answers", "seconds", "RSS MiB", "fds", "newcomer"]
    rows = [
        [
            run["flags"],
            run["requests"],
            ", ".join(f"{count}x{status}" for status, count in run["statuses"].items()),
            run["seconds"],
            " -> ".join(map(str, run["rss_mib"])),
            " -> ".join(map(str, run["fds"])),
            run["newcomer"],
        ]
        for run in runs
    ]
    report("flood", columns, rows, runs)


if __name__ == "__main__":
    main()
