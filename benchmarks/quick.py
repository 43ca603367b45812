"""Regression check in about a minute: exits 1 when a figure is far outside its range.

    python -m benchmarks.quick

For CI, from the editable install (no network, no benchmark extra). Three figures, each
against the same thing measured the same way beside it, so a busy machine moves both:

- HTTP per call: a tool call to `--sandbox --transport http` against the SDK's minimal
  server's echo, taken in turns; the check is how much longer ours takes (medians). A
  fixed delay such as Nagle's algorithm against a delayed ACK adds 40 ms to every call,
  far more than waiting for a core on a busy machine adds to the difference.
- Cold start: CPU seconds of spawn -> initialize -> tools/list over stdio, ours against the
  minimal server, interleaved, the least of 9 each (CPU time does not count waiting for a core).
  An editable install with PYTHONDONTWRITEBYTECODE=1 would compile our modules on every
  start while the SDK's are compiled once at install; so every start here reads and writes
  bytecode in a temporary PYTHONPYCACHEPREFIX, warmed by a first start that is not counted.
- tools/list tokens of the default toolsets and of every toolset (o200k with the dev extra's
  `bpe-openai`, else bytes / 4): the size a model pays on every turn.

The ranges are wide: a 2-core machine shared with test runs must never fail them, while
the regressions they are for (a 40 ms delay per call, a start-up that imports everything,
a schema that grows by thousands of tokens) land far outside.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import anyio
from mcp import Client, StdioServerParameters

from benchmarks._common import free_port, interleaved, minimal, ms, ours, start
from benchmarks.context import listed_tokens, tokenizer
from datadog_incidents_mcp.server.config import Flags, resolve_settings


@dataclass(frozen=True)
class Check:
    name: str
    value: float
    limit: float
    unit: str

    @property
    def ok(self) -> bool:
        return self.value <= self.limit

    def line(self) -> str:
        verdict = "ok" if self.ok else "FAIL"
        shown = f"{self.value:,.2f} {self.unit} (limit {self.limit:,} {self.unit})"
        return f"{verdict:4}  {self.name}: {shown}"


# Quiet machine: ~1-2 ms and ~1.0x. Loaded (load average 10 on 2 cores): up to ~10 ms, ~1.2x.
HTTP_MEDIAN_OVER_ECHO_MS = 25.0  # TCP_NODELAY missing: 40 ms and more
COLD_START_CPU_RATIO = 1.5  # every tool built at start-up: ~1.5x; importing everything: more
TOKENS_SEEN_DEFAULT = 5_000  # what the model sees of the default toolsets (test budget too)
TOKENS_DEFAULT = 8_000  # the whole default listing, output schemas included
TOKENS_ALL = 35_000  # and of every toolset


async def _http_calls(calls: int, ours_url: str, echo_url: str) -> dict[str, list[float]]:
    async with Client(ours_url) as ours_client, Client(echo_url) as echo:
        return await interleaved(
            calls,
            {
                "ours": lambda: ours_client.call_tool("get_incident", {"incident_id": "IR-12"}),
                "echo": lambda: echo.call_tool("echo", {"text": "x"}),
            },
        )


def http_check(calls: int) -> tuple[Check, dict[str, Any]]:
    ports = [free_port(), free_port()]
    processes = [
        start(ours("--sandbox", "--transport", "http", "--port", str(ports[0])), ports[0]),
        start(minimal("http", str(ports[1])), ports[1]),
    ]
    try:
        urls = [f"http://127.0.0.1:{port}/mcp" for port in ports]
        samples = anyio.run(_http_calls, calls, *urls)
    finally:
        for process in processes:
            process.terminate()
            process.wait(10)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    figures = {"median_ms": {k: ms(v) for k, v in medians.items()}}
    over = (medians["ours"] - medians["echo"]) * 1000
    name = "HTTP get_incident over the SDK echo, medians"
    return Check(name, over, HTTP_MEDIAN_OVER_ECHO_MS, "ms"), figures


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


async def _cold_start(args: list[str], env: dict[str, str]) -> float:
    """CPU seconds of one spawn -> tools/list -> exit."""
    before = _children_cpu()
    params = StdioServerParameters(command=sys.executable, args=args, env=env)
    async with Client(params) as client:
        await client.list_tools()
    return _children_cpu() - before


def cold_start_check(runs: int) -> tuple[Check, dict[str, Any]]:
    servers = {"minimal": minimal(), "ours": ours("--sandbox")}
    samples: dict[str, list[float]] = {name: [] for name in servers}
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache

        async def run() -> None:
            for args in servers.values():  # writes the bytecode; not counted
                await _cold_start(args, env)
            for _ in range(runs):
                for name, args in servers.items():
                    samples[name].append(await _cold_start(args, env))

        anyio.run(run)
    # The least CPU of each: a busy machine only adds to a start's CPU (cache misses, a core
    # shared), so the minimum is the steadiest figure; medians of 5 ranged 0.95-1.39x here.
    least = {name: min(values) for name, values in samples.items()}
    ratio = least["ours"] / least["minimal"]
    figures = {"cpu_min_ms": {k: ms(v) for k, v in least.items()}}
    return Check(
        "cold start CPU, ours --sandbox / minimal", ratio, COLD_START_CPU_RATIO, "x"
    ), figures


def token_checks() -> tuple[list[Check], dict[str, Any]]:
    unit, count = tokenizer()
    checks: list[Check] = []
    figures: dict[str, Any] = {"unit": unit}
    for selection, limit in (("default", TOKENS_DEFAULT), ("all", TOKENS_ALL)):
        settings = resolve_settings({}, Flags(sandbox=True, toolsets=selection))
        tools, tokens, seen, _ = anyio.run(listed_tokens, settings, count)
        figures[selection] = {"tools": tools, "tokens": tokens, "model_visible_tokens": seen}
        checks.append(Check(f"tools/list tokens, {selection} ({tools} tools)", tokens, limit, unit))
        if selection == "default":
            checks.append(
                Check(f"tokens the model sees, {selection}", seen, TOKENS_SEEN_DEFAULT, unit)
            )
    return checks, figures


def main() -> None:
    started = time.perf_counter()
    steps: list[Callable[[], tuple[Check | list[Check], dict[str, Any]]]] = [
        token_checks,
        lambda: http_check(200),
        lambda: cold_start_check(9),
    ]
    checks: list[Check] = []
    for step in steps:
        found, figures = step()
        for check in found if isinstance(found, list) else [found]:
            print(check.line(), flush=True)
            checks.append(check)
        print(f"      {figures}", flush=True)
    failed = [check for check in checks if not check.ok]
    seconds = time.perf_counter() - started
    print(f"{len(checks) - len(failed)} of {len(checks)} within range in {seconds:.0f} s")
    if failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
