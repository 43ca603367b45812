"""Cold start: spawn -> initialize -> tools/list over stdio, ours against a minimal server.

    python benchmarks/cold_start.py [--runs 15]

Runs are interleaved so both see the same machine state; medians and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import anyio
from mcp import Client, StdioServerParameters

from benchmarks._common import minimal, ms, ours, report


async def once(args: list[str]) -> float:
    started = time.perf_counter()
    async with Client(StdioServerParameters(command=sys.executable, args=args)) as client:
        await client.list_tools()
    return time.perf_counter() - started


async def run(runs: int) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {
        "minimal SDK server": [],
        "datadog-incidents-mcp --sandbox": [],
    }
    for _ in range(runs):
        samples["minimal SDK server"].append(await once(minimal()))
        samples["datadog-incidents-mcp --sandbox"].append(await once(ours("--sandbox")))
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    samples = anyio.run(run, parser.parse_args().runs)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    base = medians["minimal SDK server"]
    rows = [[name, ms(value), round(value / base, 2)] for name, value in medians.items()]
    report(
        "cold_start",
        ["server", "median ms", "ratio"],
        rows,
        {"medians_s": medians, "samples_s": samples},
    )


if __name__ == "__main__":
    main()
