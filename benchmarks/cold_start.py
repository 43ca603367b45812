"""Cold start: spawn -> initialize -> tools/list over stdio, ours against a minimal server.

    python -m benchmarks.cold_start [--runs 21]

Ours runs in three ways: --sandbox with the default toolsets, --sandbox --toolsets all,
and with (made-up) Datadog keys, the way users run it. Runs are interleaved so all see the
same machine state; medians and their ratio to the minimal server. Also: the time until the
process has exited once the client lets go, and the CPU seconds the process used (less
disturbed than wall time on a busy machine). Measure from an installed wheel: an editable
install with PYTHONDONTWRITEBYTECODE=1 compiles every module on every start.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from dataclasses import dataclass, field

import anyio
from mcp import Client, StdioServerParameters

from benchmarks._common import API_KEY, APP_KEY, minimal, ms, ours, report

KEYS = {"DD_API_KEY": API_KEY, "DD_APP_KEY": APP_KEY}  # never used: tools/list calls nothing
SERVERS: dict[str, tuple[list[str], dict[str, str]]] = {
    "minimal SDK server": (minimal(), {}),
    "ours --sandbox": (ours("--sandbox"), {}),
    "ours --sandbox --toolsets all": (ours("--sandbox", "--toolsets", "all"), {}),
    "ours, keys": (ours(), KEYS),
}


@dataclass
class Samples:
    listed: list[float] = field(default_factory=list[float])
    exited: list[float] = field(default_factory=list[float])
    cpu: list[float] = field(default_factory=list[float])


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


async def once(args: list[str], env: dict[str, str], samples: Samples) -> None:
    cpu = _children_cpu()
    started = time.perf_counter()
    params = StdioServerParameters(command=sys.executable, args=args, env=env or None)
    async with Client(params) as client:
        await client.list_tools()
        samples.listed.append(time.perf_counter() - started)
    samples.exited.append(time.perf_counter() - started)
    samples.cpu.append(_children_cpu() - cpu)


async def run(runs: int) -> dict[str, Samples]:
    samples = {name: Samples() for name in SERVERS}
    for _ in range(runs):
        for name, (args, env) in SERVERS.items():
            await once(args, env, samples[name])
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    samples = anyio.run(run, parser.parse_args().runs)
    medians = {
        name: {kind: statistics.median(getattr(s, kind)) for kind in ("listed", "exited", "cpu")}
        for name, s in samples.items()
    }
    base = medians["minimal SDK server"]
    rows = [
        [
            name,
            ms(m["listed"]),
            round(m["listed"] / base["listed"], 2),
            ms(m["exited"]),
            round(m["exited"] / base["exited"], 2),
            ms(m["cpu"]),
            round(m["cpu"] / base["cpu"], 2),
        ]
        for name, m in medians.items()
    ]
    report(
        "cold_start",
        ["server", "tools/list ms", "ratio", "exited ms", "ratio", "CPU ms", "ratio"],
        rows,
        {"medians_s": medians, "samples_s": {n: vars(s) for n, s in samples.items()}},
    )


if __name__ == "__main__":
    main()
