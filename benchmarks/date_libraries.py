"""The hand-written timeline reader against date libraries, on the corpus's timed lines.

    python -m benchmarks.date_libraries [--runs 5] [--lines] [--pathological [--limit 5]]

Issue 28 asks whether a well-kept parser library reads more than the project's patterns.
Every line of a text sample (`.json`/`.jsonl` exports are left out: their times are fields,
not prose) that the expected answer gives a time is handed, alone, to each candidate with
what the reader would know: the incident's anchor (its day, at midnight, as the default
date: a library that fills a missing clock from its base would otherwise "place" lines at
the anchor's minute by chance), the sample's zone (its `timezone` option, else the zone the
paste states for all its times, else UTC) and its `date_order` option. Each answer counts
as placed (the expected UTC minute), wrong (another moment) or nothing. The reader is also
run on each whole sample, as users get it, since it reads a line in its context.

Libraries (installed only where this is run, never project dependencies; a missing one is
named and skipped): python-dateutil (`parser.parse(fuzzy=True)`, zone abbreviations looked
up in the reader's own table so both know the same zones), dateparser (`search_dates`, the
first date found) and parsedatetime (`Calendar.nlp`, the first date found).

`--lines` lists what a library would change as a fallback for the lines the whole reader
leaves without a time; `--pathological` times each candidate, in its own process, on the
long lines of tests/postmortem/test_pathological.py (one line each, at the tool's limit).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

from datadog_incidents_mcp.postmortem.reader import MAX_LINES, read_timeline
from datadog_incidents_mcp.postmortem.stamps import (
    DateOrder,
    stated_zone,
    written_zone,
    zone_named,
)

CORPUS = Path(__file__).parent.parent / "tests" / "postmortem" / "corpus"
IR12_DECLARED = datetime(2026, 11, 13, 20, 0, tzinfo=UTC)  # as tests/postmortem/corpus_score.py
READER = "datadog_incidents_mcp.postmortem.reader"
ALONE = "reader, line alone"


@dataclass(frozen=True)
class Sample:
    name: str
    text: str
    lines: list[str]
    wanted: dict[int, str]  # line number -> the expected UTC minute
    untimed: set[int]  # lines the expected answer leaves without a time
    anchor: datetime
    zone: tzinfo | None  # the sample's `timezone` option
    order: DateOrder | None

    @property
    def line_zone(self) -> tzinfo:
        """The zone a line alone is read in: what the whole-paste reader would choose."""
        stated = stated_zone(self.text) or written_zone(self.text)
        return self.zone or (stated[0] if stated else UTC)


# A candidate: the moment it finds in one line, or None.
Find = Callable[[str, Sample], datetime | None]


def samples() -> list[Sample]:
    found: list[Sample] = []
    for path in sorted(CORPUS.iterdir()):
        if path.name.endswith(".expected.json") or path.suffix in (".json", ".jsonl"):
            continue
        expected = json.loads(Path(f"{path}.expected.json").read_text())
        options: dict[str, Any] = expected["options"]
        events: list[dict[str, Any]] = expected["events"]
        text = path.read_text()
        found.append(
            Sample(
                name=path.name,
                text=text,
                lines=text.strip("\n").splitlines(),
                wanted={
                    n: e["time"] for e in events if e["time"] != "time unknown" for n in e["lines"]
                },
                untimed={n for e in events if e["time"] == "time unknown" for n in e["lines"]},
                anchor=datetime.fromisoformat(options["anchor"])
                if "anchor" in options
                else IR12_DECLARED,
                zone=zone_named(options["timezone"]) if "timezone" in options else None,
                order=options.get("date_order"),
            )
        )
    return found


def _minute(at: datetime | None) -> str | None:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if at else None


def _in_zone(found: datetime, zone: tzinfo) -> datetime:
    """A library's answer as an aware moment: a naive one is in the line's zone."""
    return found if found.utcoffset() is not None else found.replace(tzinfo=zone)


def _base(sample: Sample) -> datetime:
    """The anchor's day at midnight in the line's zone, naive, as libraries take it."""
    local = sample.anchor.astimezone(sample.line_zone)
    return datetime(local.year, local.month, local.day)


def reader_alone(line: str, sample: Sample) -> datetime | None:
    reading = read_timeline(
        line, anchor=sample.anchor, zone=sample.line_zone, date_order=sample.order
    )
    return next((e.at for e in reading.events if e.at), None)


def _zone_for(name: str | None, offset: int | None) -> tzinfo | None:
    """dateutil's `tzinfos` hook: the zones the reader knows, by name or offset."""
    if name:
        try:
            return zone_named(name)
        except ValueError:
            return None
    return timezone(timedelta(seconds=offset)) if offset is not None else None


def _dateutil(module: Any) -> Find:
    def find(line: str, sample: Sample) -> datetime | None:
        try:
            found: datetime = module.parse(
                line,
                fuzzy=True,
                default=_base(sample),
                dayfirst=sample.order == "day_first",
                tzinfos=_zone_for,
            )
        except (ValueError, OverflowError):  # ParserError is a ValueError
            return None
        return _in_zone(found, sample.line_zone)

    return find


def _dateparser(module: Any) -> Find:
    def find(line: str, sample: Sample) -> datetime | None:
        settings: dict[str, Any] = {
            "RELATIVE_BASE": _base(sample),
            "TIMEZONE": str(sample.line_zone),
            "RETURN_AS_TIMEZONE_AWARE": True,
            "TO_TIMEZONE": "UTC",
            "PREFER_DATES_FROM": "current_period",
        }
        if sample.order:
            settings["DATE_ORDER"] = "DMY" if sample.order == "day_first" else "MDY"
        found: list[tuple[str, datetime]] | None = module.search_dates(
            line, languages=["en"], settings=settings
        )
        return _in_zone(found[0][1], sample.line_zone) if found else None

    return find


def _parsedatetime(module: Any) -> Find:
    calendar: Any = module.Calendar(version=module.VERSION_CONTEXT_STYLE)

    def find(line: str, sample: Sample) -> datetime | None:
        found: tuple[tuple[datetime, Any, int, int, str], ...] | None = calendar.nlp(
            line, sourceTime=_base(sample)
        )
        return _in_zone(found[0][0], sample.line_zone) if found else None

    return find


# name -> (the module to import, its package on PyPI, how it finds a line's moment)
LIBRARIES: dict[str, tuple[str, str, Callable[[Any], Find]]] = {
    "dateutil": ("dateutil.parser", "python-dateutil", _dateutil),
    "dateparser": ("dateparser.search", "dateparser", _dateparser),
    "parsedatetime": ("parsedatetime", "parsedatetime", _parsedatetime),
}


def candidate(name: str) -> Find | None:
    """The reader on a line alone, or a library (None when it is not installed here)."""
    if name not in LIBRARIES:
        return reader_alone
    module, _, build = LIBRARIES[name]
    try:
        return build(importlib.import_module(module))
    except ImportError:
        return None


def candidates() -> dict[str, Find]:
    """The reader on a line alone, then each library installed here."""
    found: dict[str, Find] = {}
    for name in [ALONE, *LIBRARIES]:
        find = candidate(name)
        if find is None:
            print(f"{name}: not installed, skipped (pip install {LIBRARIES[name][1]})")
        else:
            found[name] = find
    return found


@dataclass
class Tally:
    placed: int = 0
    wrong: int = 0
    nothing: int = 0
    seconds: list[float] = field(default_factory=list[float])
    first_call: float | None = None
    right: set[str] = field(default_factory=set[str])  # `sample:line` of each line placed

    def count(self, got: str | None, wanted: str, where: str) -> None:
        if got == wanted:
            self.placed += 1
            self.right.add(where)
        elif got is None:
            self.nothing += 1
        else:
            self.wrong += 1


def whole(corpus: list[Sample]) -> tuple[Tally, dict[str, dict[int, str | None]]]:
    """The reader on each whole sample: its tally, and each line's minute (None: no time)."""
    tally, minutes = Tally(), dict[str, dict[int, str | None]]()
    for sample in corpus:
        started = time.perf_counter()
        reading = read_timeline(
            sample.text, anchor=sample.anchor, zone=sample.zone, date_order=sample.order
        )
        tally.seconds.append(time.perf_counter() - started)
        got = {n: _minute(e.at) for e in reading.events for n in e.lines}
        minutes[sample.name] = got
        for n, wanted in sample.wanted.items():
            tally.count(got.get(n), wanted, f"{sample.name}:{n}")
    return tally, minutes


def alone(find: Find, corpus: list[Sample]) -> Tally:
    tally = Tally()
    started = time.perf_counter()
    find("10:42 UTC deploy started", corpus[0])  # data a library loads on its first call
    tally.first_call = time.perf_counter() - started
    for sample in corpus:
        for n, wanted in sample.wanted.items():
            started = time.perf_counter()
            got = find(sample.lines[n - 1], sample)
            tally.seconds.append(time.perf_counter() - started)
            tally.count(_minute(got), wanted, f"{sample.name}:{n}")
    return tally


def import_seconds(module: str, runs: int) -> float:
    """Median seconds to import `module` in a fresh interpreter (the import alone)."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    timings = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(runs)
    ]
    return statistics.median(timings)


def fallback(
    find: Find, corpus: list[Sample], minutes: dict[str, dict[int, str | None]]
) -> tuple[list[str], list[str], list[str]]:
    """What the library would do for the lines the whole reader leaves without a time:
    lines it places right, timed lines it places wrong, untimed lines it gives a time."""
    gained: list[str] = []
    wrong: list[str] = []
    invented: list[str] = []
    for sample in corpus:
        for n, minute in minutes[sample.name].items():
            if minute is not None:
                continue
            got = _minute(find(sample.lines[n - 1], sample))
            where = f"{sample.name}:{n} {got} {sample.lines[n - 1][:70]!r}"
            if n in sample.wanted and got == sample.wanted[n]:
                gained.append(where)
            elif n in sample.wanted and got is not None:
                wrong.append(where)
            elif n in sample.untimed and got is not None:
                invented.append(where)
    return gained, wrong, invented


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:9.2f}"


def _row(name: str, tally: Tally, total: int, imported: float, per_sample: bool) -> str:
    share = f"{100 * tally.placed / total:5.1f}%"
    counts = f"{tally.placed:4} {share} {tally.wrong:5} {tally.nothing:7}"
    per_line = sum(tally.seconds) / total
    if per_sample:  # the whole reader: one timing per sample
        timing = f"{'-':>9} {_ms(max(tally.seconds))} {_ms(per_line)}"
    else:
        timing = (
            f"{_ms(statistics.median(tally.seconds))} {_ms(max(tally.seconds))} {_ms(per_line)}"
        )
    first = _ms(tally.first_call) if tally.first_call is not None else f"{'-':>9}"
    loaded = f"{_ms(imported)} {first}"
    return f"  {name:22} {counts} {timing} {per_line * MAX_LINES:6.2f} {loaded}"


def compare(runs: int, show_lines: bool) -> None:
    corpus = samples()
    total = sum(len(s.wanted) for s in corpus)
    found = candidates()
    print(f"{total} timed lines in {len(corpus)} text samples (JSON exports left out)")
    print(
        f"  {'candidate':22} {'placed':>11} {'wrong':>5} {'nothing':>7} "
        f"{'median ms':>9} {'worst ms':>9} {'mean ms':>9} {'3k s':>6} "
        f"{'import ms':>9} {'1st call':>9}"
    )
    reading, minutes = whole(corpus)
    print(_row("reader, whole samples", reading, total, import_seconds(READER, runs), True))
    tallies: dict[str, Tally] = {}
    for name, find in found.items():
        module = READER if name == ALONE else LIBRARIES[name][0]
        tallies[name] = alone(find, corpus)
        print(_row(name, tallies[name], total, import_seconds(module, runs), False))
    print("3k s: seconds for a 3,000-line paste at the mean per line (bound: 1 s).")
    print("Each library against the reader, both reading lines alone:")
    for name in [n for n in tallies if n != ALONE]:
        only = sorted(tallies[name].right - tallies[ALONE].right)
        missed = tallies[ALONE].right - tallies[name].right
        print(
            f"  {name:22} places {len(only)} lines the reader does not; "
            f"misses {len(missed)} it places"
        )
        for where in only if show_lines else []:
            sample, n = where.split(":")
            line = next(s.lines[int(n) - 1] for s in corpus if s.name == sample)
            print(f"      {where} {line[:80]!r}")
    print("As a fallback for the lines the whole reader leaves without a time:")
    for name in [n for n in tallies if n != ALONE]:
        gained, wrong, invented = fallback(found[name], corpus, minutes)
        print(
            f"  {name:22} +{len(gained)} placed, {len(wrong)} given a wrong time, "
            f"{len(invented)} untimed lines given a time"
        )
        for where in (gained + wrong + invented) if show_lines else []:
            print(f"      {where}")


def pathological(limit: float) -> None:
    """Each candidate on each long line, in a process of its own stopped after `limit` s."""
    from tests.postmortem.test_pathological import lines

    names = [ALONE, *(n for n in LIBRARIES if _installed(n))]
    print(
        "The long lines of tests/postmortem/test_pathological.py in seconds "
        f"(stopped at {limit:g}):"
    )
    print(f"  {'input':16} " + " ".join(f"{n[:14]:>14}" for n in names))
    worst = dict.fromkeys(names, 0.0)
    for unit in lines():
        cells: list[str] = []
        for name in names:
            try:
                done = subprocess.run(
                    [sys.executable, "-m", "benchmarks.date_libraries", "--time-one", name, unit],
                    capture_output=True,
                    text=True,
                    check=True,
                    timeout=limit,
                )
                seconds = float(done.stdout)
            except subprocess.TimeoutExpired:
                seconds = float("inf")
            worst[name] = max(worst[name], seconds)
            cells.append(
                f"{seconds:14.3f}" if seconds < limit else f"{'> ' + format(limit, 'g'):>14}"
            )
        print(f"  {unit[:16]:16} " + " ".join(cells))
    print(
        "  slowest          "
        + " ".join(
            f"{w:14.3f}" if w < limit else f"{'> ' + format(limit, 'g'):>14}"
            for w in worst.values()
        )
    )


def _installed(name: str) -> bool:
    return importlib.util.find_spec(LIBRARIES[name][0].split(".")[0]) is not None


def time_one(name: str, unit: str) -> None:
    """The child of `pathological`: one candidate on one long line, its seconds printed."""
    from tests.postmortem.test_pathological import lines

    line = lines()[unit]
    find = candidate(name)
    assert find is not None, f"{name} is not installed"
    sample = samples()[0]
    find("10:42 deploy", sample)
    started = time.perf_counter()
    find(line, sample)
    print(time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh interpreters per import time")
    parser.add_argument("--lines", action="store_true", help="list each fallback line")
    parser.add_argument("--pathological", action="store_true", help="also time the long lines")
    parser.add_argument(
        "--limit", type=float, default=5.0, help="seconds before a long line is stopped"
    )
    parser.add_argument(
        "--time-one", nargs=2, metavar=("CANDIDATE", "INPUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # the libraries warn about zone names and pytz
    if args.time_one:
        time_one(*args.time_one)
        return
    compare(args.runs, args.lines)
    if args.pathological:
        pathological(args.limit)


if __name__ == "__main__":
    main()
