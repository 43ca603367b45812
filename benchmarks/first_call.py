"""First calls of a fresh process: what an assistant's first question costs.

    python -m benchmarks.first_call [--runs 7]

Each run starts `datadog-incidents-mcp --sandbox` over stdio, initializes and lists tools as
a client does, then times, one after another: the first tool call (search_incidents, the
usual start of triage), the same call again, a second tool's first call (get_incident), and
the first prompt (triage_incident). What the first call costs beyond the second is what the
process had left to load. `--pause` waits that many seconds after tools/list, as a person
typing a question would. Measure from an installed wheel, as for cold start.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
from mcp import Client, StdioServerParameters

from benchmarks._common import ms, ours, report

INCIDENT = "IR-12"
STEPS = ("first call", "second call", "another tool's first call", "first prompt")


async def once(pause: float) -> dict[str, float]:
    """Seconds per step in one fresh process."""
    params = StdioServerParameters(command=sys.executable, args=ours("--sandbox"))
    async with Client(params) as client:
        await client.list_tools()
        await anyio.sleep(pause)
        calls: list[Callable[[], Awaitable[Any]]] = [
            lambda: client.call_tool("search_incidents", {"state": ["active"]}),
            lambda: client.call_tool("search_incidents", {"state": ["active"]}),
            lambda: client.call_tool("get_incident", {"incident_id": INCIDENT}),
            lambda: client.get_prompt("triage_incident", {"incident_id": INCIDENT}),
        ]
        taken: dict[str, float] = {}
        for step, call in zip(STEPS, calls, strict=True):
            started = time.perf_counter()
            result = await call()
            taken[step] = time.perf_counter() - started
            if getattr(result, "is_error", False):
                raise SystemExit(f"{step} failed: {result.content}")
    return taken


async def run(runs: int, pause: float) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {step: [] for step in STEPS}
    for _ in range(runs):
        for step, seconds in (await once(pause)).items():
            samples[step].append(seconds)
    return samples


def figures(samples: dict[str, list[float]]) -> dict[str, Any]:
    medians = {step: statistics.median(values) for step, values in samples.items()}
    return {
        "medians_s": medians,
        "first_over_second_ms": ms(medians["first call"] - medians["second call"]),
        "samples_s": samples,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pause", type=float, default=0.0)
    args = parser.parse_args()
    samples = anyio.run(run, args.runs, args.pause)
    result = figures(samples)
    rows = [
        [step, ms(result["medians_s"][step]), f"{ms(min(values))}-{ms(max(values))}"]
        for step, values in samples.items()
    ]
    rows.append(["first call over second", result["first_over_second_ms"], "-"])
    report("first_call", ["step (fresh process, --sandbox)", "median ms", "min-max"], rows, result)


if __name__ == "__main__":
    main()
