"""What the benchmark scripts share: processes on loopback ports, memory, result tables."""

from __future__ import annotations

import json
import logging
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"
logging.getLogger("httpx2").setLevel(logging.WARNING)
HERE = Path(__file__).parent
# Shaped like Datadog's keys (32 and 40 characters): shorter ones are not looked for in answers
# (datadog/scrub.py), which would leave that work out of the figures.
API_KEY, APP_KEY = "bench" + "0" * 27, "bench" + "0" * 35


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        if time.monotonic() > deadline:
            raise SystemExit(f"nothing listens on 127.0.0.1:{port}")
        time.sleep(0.02)


def start(args: Sequence[str], port: int) -> subprocess.Popen[bytes]:
    """Start a Python command serving on `port` and wait until it listens."""
    process = subprocess.Popen(
        [sys.executable, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wait_for_port(port)
    return process


def ours(*flags: str) -> list[str]:
    return ["-m", "datadog_incidents_mcp", *flags]


def minimal(*flags: str) -> list[str]:
    return [str(HERE / "minimal_server.py"), *flags]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a running process has used so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def median_ms(samples: Sequence[float]) -> float:
    return ms(statistics.median(samples))


def p99_ms(samples: Sequence[float]) -> float:
    ordered = sorted(samples)
    return ms(ordered[max(0, int(len(ordered) * 0.99) - 1)])


async def interleaved(
    calls: int, cases: Mapping[str, Callable[[], Awaitable[object]]], block: int = 10
) -> dict[str, list[float]]:
    """Seconds per call of each case, taken in turns of `block` calls.

    On a shared machine the load changes from one second to the next; taking the cases in
    turn lets each see the same conditions, so their differences and ratios hold even when
    the absolute figures move.
    """
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for call in cases.values():  # warm-up
        for _ in range(20):
            await call()
    for _ in range(max(1, calls // block)):
        for name, call in cases.items():
            for _ in range(block):
                started = time.perf_counter()
                await call()
                samples[name].append(time.perf_counter() - started)
    return samples


def spread_ms(samples: Sequence[float]) -> str:
    """The middle half of the samples, as `p25-p75` in ms."""
    quartiles = statistics.quantiles(samples, n=4)
    return f"{ms(quartiles[0])}-{ms(quartiles[2])}"


def report(name: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], figures: Any) -> None:
    """Print a Markdown table and write the figures to benchmarks/results/<name>.json."""
    print("| " + " | ".join(columns) + " |")
    print("|" + " --- |" * len(columns))
    for row in rows:
        print("| " + " | ".join(str(value) for value in row) + " |")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(figures, indent=2) + "\n")
