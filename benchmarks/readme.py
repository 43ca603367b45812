"""Run the benchmarks and rewrite the docs' figures: one command for all of them.

    python -m benchmarks.readme                 # run every benchmark (about 15 minutes)
    python -m benchmarks.readme --from-results  # only re-render benchmarks/results/*.json

Each figure sits between `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->` markers in
one page of the docs (README.md or docs/**/*.md: most in docs/performance.md) and is rewritten
there from the JSON the benchmarks write, under a line naming the command, the date, the
commit and the machine. Text outside the markers is left alone; a figure whose markers are in
no page, or in two, stops the run before anything is written. Run it from an installed wheel
(see docs/performance.md) on a quiet machine; the client comparison needs the benchmark extra.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from benchmarks._common import RESULTS

ROOT = Path(__file__).parents[1]
# name -> the arguments it runs with
RUNS: dict[str, list[str]] = {
    "cold_start": ["--runs", "21"],
    "latency": ["--calls", "300"],
    "load": ["--sessions", "1,8,32", "--calls", "10000", "--baseline", "--rounds", "3"],
    "context": [],
    "client": ["--calls", "300"],
    "first_call": ["--runs", "7", "--pause", "0.5"],
}
RUN_LOG = RESULTS / "runs.json"  # when, where and from which commit each ran


def _commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], capture_output=True, text=True, cwd=ROOT, check=False
        ).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return f"{commit}+changes" if git("status", "--porcelain", "--untracked-files=no") else commit


def _machine() -> str:
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{os.cpu_count()} cores, Python {platform.python_version()}, mcp {version('mcp')}, "
        f"load average {load} at the start"
    )


def run_all(names: list[str]) -> None:
    log: dict[str, Any] = json.loads(RUN_LOG.read_text()) if RUN_LOG.exists() else {}
    for name in names:
        command = [sys.executable, "-m", f"benchmarks.{name}", *RUNS[name]]
        print(f"$ python -m benchmarks.{name} {' '.join(RUNS[name])}", flush=True)
        entry = {
            "command": " ".join(["python", "-m", f"benchmarks.{name}", *RUNS[name]]),
            "date": datetime.now(UTC).strftime("%Y-%m-%d"),
            "commit": _commit(),
            "machine": _machine(),
        }
        subprocess.run(command, check=True, cwd=ROOT)
        log[name] = entry
        RESULTS.mkdir(exist_ok=True)
        RUN_LOG.write_text(json.dumps(log, indent=2) + "\n")


# ---- rendering ------------------------------------------------------------------------------


def _table(columns: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]
    lines += ["| " + " | ".join(str(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def _n(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


class Results:
    """The benchmarks' JSON, and how each was run."""

    def __init__(self) -> None:
        self.log: dict[str, Any] = json.loads(RUN_LOG.read_text())

    def __getitem__(self, name: str) -> Any:
        return json.loads((RESULTS / f"{name}.json").read_text())

    def source(self, *names: str) -> str:
        """The line under a figure: command, date, commit and machine of each run."""
        parts = [
            f"`{self.log[n]['command']}` ({self.log[n]['date']}, commit {self.log[n]['commit']})"
            for n in names
        ]
        machine = self.log[names[0]]["machine"]
        return f"_Measured with {', '.join(parts)}; {machine}._"


def cold_start(r: Results) -> str:
    medians = r["cold_start"]["medians_s"]
    base = medians["minimal SDK server"]
    rows = [
        [
            name,
            _n(m["listed"] * 1000),
            f"{m['listed'] / base['listed']:.2f}",
            _n(m["exited"] * 1000),
            f"{m['exited'] / base['exited']:.2f}",
            _n(m["cpu"] * 1000),
            f"{m['cpu'] / base['cpu']:.2f}",
        ]
        for name, m in medians.items()
    ]
    columns = ["server (ms, medians)", "to tools/list", "ratio", "to exit", "ratio", "CPU", "ratio"]
    return _table(columns, rows) + "\n\n" + r.source("cold_start")


def latency(r: Results) -> str:
    data = r["latency"]
    median = data["median_s"]
    rows = []
    for key, overhead in data["overhead_ms"].items():
        tool, transport = key.rsplit(" ", 1)
        rows.append(
            [
                tool,
                transport,
                f"{median[key] * 1000:.2f}",
                f"{median[f'raw HTTP {tool}'] * 1000:.2f}",
                f"{median[f'echo {transport}'] * 1000:.2f}",
                f"{overhead:.2f}",
            ]
        )
    columns = ["tool", "transport", "ours ms", "raw HTTP ms", "SDK echo ms", "overhead ms"]
    return _table(columns, rows) + "\n\n" + r.source("latency")


def load(r: Results) -> str:
    rows = [
        [
            x["sessions"],
            _n(x["calls"]),
            x["failed_calls"],
            _n(x["calls_per_second"]),
            x["p50_ms"],
            x["p99_ms"],
            " / ".join(str(v) for v in x["memory"].values()),
            f"{x['memory_growth_pct']}%",
            f"{_n(x.get('minimal_calls_per_second', 0))} ({x.get('vs_minimal', '-')})",
            f"{_n(x.get('forwarding_calls_per_second', 0))} ({x.get('vs_forwarding', '-')})",
            f"{x['server_cpu_ms_per_call']} / {x.get('forwarding_server_cpu_ms_per_call', '-')}",
        ]
        for x in r["load"]
    ]
    columns = [
        "sessions",
        "calls",
        "failed",
        "calls/s",
        "p50 ms",
        "p99 ms",
        "RSS start / all warm / end MiB",
        "growth over the calls",
        "minimal server, echo: calls/s (ours / it)",
        "minimal server forwarding the same requests: calls/s (ours / it)",
        "server CPU ms per call, ours / forwarding",
    ]
    return _table(columns, rows) + "\n\n" + r.source("load")


def first_call(r: Results) -> str:
    data = r["first_call"]
    rows = [[step, f"{seconds * 1000:.1f}"] for step, seconds in data["medians_s"].items()] + [
        ["first call over the second", f"{data['first_over_second_ms']:.1f}"]
    ]
    return _table(["fresh process, 0.5 s after tools/list", "median ms"], rows) + (
        "\n\n" + r.source("first_call")
    )


def selections(r: Results) -> str:
    from benchmarks.context import SELECTIONS

    context = r["context"]
    names = {
        "default": "default (no flag)",
        "triage": "triage",
        "postmortem": "postmortem",
        "administration": "administration",
        "all": "everything",
    }
    rows = [
        [
            names[name],
            f"`{toolsets}`",
            context[f"tools_list_{name}"]["tools"],
            _n(context[f"tools_list_{name}"]["tokens"]),
        ]
        for name, toolsets in SELECTIONS.items()
    ]
    columns = ["Selection", "`--toolsets`", "Tools", f"{context['unit']} tokens"]
    return _table(columns, rows) + "\n\n" + r.source("context")


def orgs_cost(r: Results) -> str:
    context = r["context"]
    one, two = context["tools_list_default"], context["tools_list_default_two_orgs"]
    all_one, all_two = context["tools_list_all"], context["tools_list_all_two_orgs"]
    per_tool = (two["tokens"] - one["tokens"]) / two["tools"]
    return (
        f"- Cost: the `org` argument adds {per_tool:.0f} {context['unit']} tokens per tool to "
        f"`tools/list` (default tools {_n(one['tokens'])} -> {_n(two['tokens'])}; all "
        f"{all_one['tools']} tools {_n(all_one['tokens'])} -> {_n(all_two['tokens'])}; "
        f"`{r.log['context']['command']}`, {r.log['context']['date']}, commit "
        f"{r.log['context']['commit']})."
    )


def targets(r: Results) -> str:
    cold = r["cold_start"]["medians_s"]
    base = cold["minimal SDK server"]
    ratios = {
        name: m["listed"] / base["listed"]
        for name, m in cold.items()
        if name != "minimal SDK server"
    }
    cpu = [m["cpu"] / base["cpu"] for m in cold.values()]
    overhead: dict[str, float] = r["latency"]["overhead_ms"]
    http = [v for k, v in overhead.items() if k.endswith(" http")]
    context = r["context"]
    default, every = context["tools_list_default"], context["tools_list_all"]
    listed = context["outputs"]["list 100 compact"]
    raw = context["raw"]["list 100"]
    share = (listed["bytes"] / listed["incidents"]) / (raw["bytes"] / raw["incidents"])
    client = r["client"]["median_s"]
    loads = {x["sessions"]: x for x in r["load"]}
    heavy, eight = loads[max(loads)], loads.get(8)
    first = r["first_call"]
    rows: list[tuple[str, str, bool]] = [
        (
            "Cold start <= 1.10x a minimal server on the same SDK (to tools/list)",
            ", ".join(f"{name}: {ratio:.2f}x" for name, ratio in ratios.items())
            + f"; CPU {min(cpu):.2f}-{max(cpu):.2f}x",
            max(ratios.values()) <= 1.10,
        ),
        (
            "Overhead per call over HTTP (ours - raw HTTP - SDK echo) within 2 ms of the minimal "
            "server",
            f"{min(http):.2f} to {max(http):.2f} ms",
            max(http) <= 2.0,
        ),
        (
            "`search_incidents`' own overhead over stdio (ours - raw HTTP - SDK echo) <= 1.0 ms",
            f"{overhead['search_incidents stdio']:.2f} ms (the other tools: "
            + ", ".join(
                f"{v:.2f}"
                for k, v in overhead.items()
                if k.endswith("stdio") and not k.startswith("search_incidents")
            )
            + " ms)",
            overhead["search_incidents stdio"] <= 1.0,
        ),
        (
            "`tools/list` of the default <= 25 tools, 5,000 tokens of what the model sees and "
            "8,000 with the output schemas",
            f"{_n(default['model_visible_tokens'])} seen, {_n(default['tokens'])} in all, for "
            f"{default['tools']} tools",
            default["tools"] <= 25
            and default["model_visible_tokens"] <= 5_000
            and default["tokens"] <= 8_000,
        ),
        (
            "Every toolset <= 35,000; no tool over 1,000",
            f"{_n(every['tokens'])} for all {every['tools']} tools; largest "
            f"{every['largest'][1]} (`{every['largest'][0]}`)",
            every["tokens"] <= 35_000 and every["largest"][1] <= 1_000,
        ),
        (
            "Compact list of 100 incidents <= 20% of raw JSON:API bytes",
            f"{share:.0%} per incident ({listed['incidents']} of 100 shown within the "
            "result budget)",
            share <= 0.20,
        ),
        (
            "Client layer >= 3x faster per list call than the official client",
            f"{client['ours'] * 1000:.2f} ms vs {client['official'] * 1000:.2f} ms: "
            f"{client['official'] / client['ours']:.1f}x (raw HTTP {client['raw'] * 1000:.2f} ms)",
            client["official"] / client["ours"] >= 3,
        ),
        (
            f"{heavy['sessions']} concurrent HTTP sessions: 0 failed calls, memory growth < 10%",
            f"{heavy['failed_calls']} failed; {heavy['memory_growth_pct']:+.1f}%",
            heavy["failed_calls"] == 0 and heavy["memory_growth_pct"] < 10,
        ),
    ]
    if eight is not None and "vs_forwarding" in eight:
        rows.append(
            (
                "8 HTTP sessions: >= 80% of the calls/s of a minimal server on the same SDK "
                "making the same Datadog requests",
                f"{_n(eight['calls_per_second'])} vs {_n(eight['forwarding_calls_per_second'])}: "
                f"{eight['vs_forwarding']:.0%} (vs an echo, which makes no request: "
                f"{eight['vs_minimal']:.0%}; the forwarding server itself reaches "
                f"{eight['forwarding_calls_per_second'] / eight['minimal_calls_per_second']:.0%} "
                "of the echo's)",
                eight["vs_forwarding"] >= 0.8,
            )
        )
    rows.append(
        (
            "First tool call of a fresh process within 40 ms of the second",
            f"{first['medians_s']['first call'] * 1000:.0f} ms vs "
            f"{first['medians_s']['second call'] * 1000:.0f} ms: "
            f"+{first['first_over_second_ms']:.0f} ms",
            first["first_over_second_ms"] <= 40,
        )
    )
    table = _table(
        ["Target", "Measured", "Verdict"],
        [[what, measured, "met" if ok else "**not met**"] for what, measured, ok in rows],
    )
    names = ("cold_start", "latency", "context", "client", "load", "first_call")
    return table + "\n\n" + r.source(*names)


SECTIONS: dict[str, Callable[[Results], str]] = {
    "targets": targets,
    "latency": latency,
    "load": load,
    "cold_start": cold_start,
    "first_call": first_call,
    "selections": selections,
    "orgs_cost": orgs_cost,
}


def _marked(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- bench:{name}:start -->)\n.*?(<!-- bench:{name}:end -->)", re.DOTALL)


def pages(root: Path = ROOT) -> list[Path]:
    """Every page that may hold figures: the README and the docs."""
    return [root / "README.md", *sorted((root / "docs").rglob("*.md"))]


def homes(names: list[str], candidates: list[Path]) -> dict[str, Path]:
    """The one page holding each figure's markers; stops on a figure in none or in several."""
    found: dict[str, Path] = {}
    for name in names:
        holders = [p for p in candidates if _marked(name).search(p.read_text(encoding="utf-8"))]
        if len(holders) != 1:
            where = ", ".join(str(p) for p in holders) or "no page"
            raise SystemExit(f"bench:{name} markers must be in exactly one page; found in {where}")
        found[name] = holders[0]
    return found


def rewritten(page: str, figures: dict[str, str]) -> str:
    """The page with each named figure's section replaced by its text."""
    for name, text in figures.items():
        page = _marked(name).sub(lambda m, text=text: f"{m[1]}\n{text}\n{m[2]}", page)
    return page


def rewrite(figures: dict[str, str], candidates: list[Path]) -> list[Path]:
    """Write each figure into the page that holds its markers; the pages rewritten."""
    by_page: dict[Path, dict[str, str]] = {}
    for name, page in homes(list(figures), candidates).items():
        by_page.setdefault(page, {})[name] = figures[name]
    for page, mine in by_page.items():
        page.write_text(rewritten(page.read_text(encoding="utf-8"), mine), encoding="utf-8")
    return list(by_page)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--from-results", action="store_true", help="render only, run nothing")
    parser.add_argument("--only", help="comma list of benchmarks to run (default all)")
    args = parser.parse_args()
    homes(list(SECTIONS), pages())  # a lost marker stops here, before any benchmark runs
    if not args.from_results:
        run_all(args.only.split(",") if args.only else list(RUNS))
    results = Results()
    figures = {name: render(results) for name, render in SECTIONS.items()}
    for page in rewrite(figures, pages()):
        print(f"rewrote {page.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
