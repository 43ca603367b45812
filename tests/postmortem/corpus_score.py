"""How many corpus lines a timeline reader places at the right minute.

    python -m tests.postmortem.corpus_score                  # this tree's reader
    python -m tests.postmortem.corpus_score --before OLD.py  # an older timeline.py, e.g.
        git show 981e57b:src/datadog_incidents_mcp/postmortem/timeline.py > /tmp/old.py

A line counts when the expected events give it a time: each content line of a text sample
(headers and date lines included), each record of a JSON export. The older reader had no
zone argument in the tool or prompt, so it reads every sample in UTC, as users got it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from datadog_incidents_mcp.postmortem.reader import read_timeline
from datadog_incidents_mcp.postmortem.stamps import zone_named

CORPUS = Path(__file__).parent / "corpus"
ANCHOR = datetime(2026, 11, 13, 20, 0, tzinfo=UTC)  # sandbox IR-12 declared


def _minute(at: datetime | None) -> str | None:
    return at.strftime("%Y-%m-%d %H:%M") if at else None


def _wanted(sample: Path) -> tuple[dict[str, Any], dict[int, str]]:
    expected = json.loads(Path(f"{sample}.expected.json").read_text())
    minutes = {
        n: e["time"] for e in expected["events"] if e["time"] != "time unknown" for n in e["lines"]
    }
    return expected["options"], minutes


def _now(sample: Path, options: dict[str, Any]) -> dict[int, str | None]:
    reading = read_timeline(
        sample.read_text(),
        anchor=ANCHOR,
        zone=zone_named(options.get("timezone", "UTC")),
        date_order=options.get("date_order"),
    )
    return {n: _minute(e.at) for e in reading.events for n in e.lines}


def _before(module: Any, sample: Path, wanted: dict[int, str]) -> dict[int, str | None]:
    text = sample.read_text()
    try:
        events = module.parse_user_timeline(text, anchor=ANCHOR)
    except ValueError:
        return {}
    if sample.suffix == ".json":
        parsed: Any = json.loads(text)
        records: list[Any] = parsed if isinstance(parsed, list) else []  # pyright: ignore[reportUnknownVariableType]
        if len(events) == len(records):
            return {n: _minute(e.at) for n, e in enumerate(events, start=1)}
        return {}  # read as lines of JSON text: no record kept its place
    numbers = [n for n, line in enumerate(text.strip().splitlines(), start=1) if line.strip()]
    return {n: _minute(e.at) for n, e in zip(numbers, events, strict=False) if n in wanted}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--before", type=Path, help="an older postmortem/timeline.py")
    args = parser.parse_args()
    old = None
    if args.before:
        spec = importlib.util.spec_from_file_location("old_timeline", args.before)
        assert spec and spec.loader
        old = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = old  # dataclasses look their module up
        spec.loader.exec_module(old)
    right = total = 0
    for sample in sorted(p for p in CORPUS.iterdir() if not p.name.endswith(".expected.json")):
        options, wanted = _wanted(sample)
        got = _before(old, sample, wanted) if old else _now(sample, options)
        placed = sum(1 for n, minute in wanted.items() if got.get(n) == minute)
        right, total = right + placed, total + len(wanted)
        print(f"{sample.name:28} {placed:3}/{len(wanted)}")
    print(f"{'all samples':28} {right:3}/{total} lines at the right minute")


if __name__ == "__main__":
    main()
