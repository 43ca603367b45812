"""How many corpus lines a timeline reader places at the right minute, per issue-28 family.

    python -m tests.postmortem.corpus_score                  # this tree's reader
    python -m tests.postmortem.corpus_score --samples        # and each sample's figure
    python -m tests.postmortem.corpus_score --before OLD.py  # an older timeline.py, e.g.
        git show 981e57b:src/datadog_incidents_mcp/postmortem/timeline.py > /tmp/old.py

A line counts when the expected events give it a time: each content line of a text sample
(headers and date lines included), each record of a JSON export. Figures are given apart for
the project's own samples, those published by others (`pub_*`) and those written from a
product's documented format (`prod_*`); a family's figure sums the samples tagged with it.
Each sample is read against its own anchor (the incident's declared time). The older reader
had no zone argument in the tool or prompt, so it reads every sample in UTC, as users got it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from datadog_incidents_mcp.postmortem.reader import read_timeline
from datadog_incidents_mcp.postmortem.stamps import zone_named

CORPUS = Path(__file__).parent / "corpus"
IR12_DECLARED = datetime(2026, 11, 13, 20, 0, tzinfo=UTC)  # sandbox IR-12 declared
KINDS = {
    "own": "the project's own",
    "published": "published (pub_*)",
    "product": "product formats (prod_*)",
}


def _minute(at: datetime | None) -> str | None:
    return at.strftime("%Y-%m-%d %H:%M") if at else None


def _anchor(options: dict[str, Any]) -> datetime:
    given = options.get("anchor")
    return datetime.fromisoformat(given) if given else IR12_DECLARED


def _wanted(expected: dict[str, Any]) -> dict[int, str]:
    return {
        n: e["time"] for e in expected["events"] if e["time"] != "time unknown" for n in e["lines"]
    }


def _now(sample: Path, options: dict[str, Any]) -> dict[int, str | None]:
    reading = read_timeline(
        sample.read_text(),
        anchor=_anchor(options),
        zone=zone_named(options["timezone"]) if "timezone" in options else None,
        date_order=options.get("date_order"),
    )
    return {n: _minute(e.at) for e in reading.events for n in e.lines}


def _before(
    module: Any, sample: Path, options: dict[str, Any], wanted: dict[int, str]
) -> dict[int, str | None]:
    text = sample.read_text()
    try:
        events = module.parse_user_timeline(text, anchor=_anchor(options))
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


def _load(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location("old_timeline", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _line(label: str, right: int, total: int) -> str:
    share = f"{100 * right / total:5.1f}%" if total else "     -"
    return f"  {label:38} {right:4}/{total:<4} {share}"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--before", type=Path, help="an older postmortem/timeline.py")
    parser.add_argument("--samples", action="store_true", help="also print each sample")
    args = parser.parse_args()
    old = _load(args.before) if args.before else None
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_family: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for sample in sorted(p for p in CORPUS.iterdir() if not p.name.endswith(".expected.json")):
        expected = json.loads(Path(f"{sample}.expected.json").read_text())
        options, wanted = expected["options"], _wanted(expected)
        got = _before(old, sample, options, wanted) if old else _now(sample, options)
        placed = sum(1 for n, minute in wanted.items() if got.get(n) == minute)
        kind = expected.get("kind", "own")
        for tally in [by_kind[kind]] + [by_family[f] for f in expected.get("families", [])]:
            tally[0] += placed
            tally[1] += len(wanted)
        if args.samples:
            print(_line(sample.name, placed, len(wanted)))
    print("Lines placed at the right minute, by kind of sample:")
    for kind, label in KINDS.items():
        print(_line(label, *by_kind[kind]))
    others = [sum(by_kind[k][i] for k in ("published", "product")) for i in (0, 1)]
    print(_line("published and product together", *others))
    print("By issue-28 family (published and product samples tagged with it; x-: no family):")
    for family in sorted(by_family, key=lambda f: (not f[0].isdigit(), f)):
        print(_line(family, *by_family[family]))


if __name__ == "__main__":
    main()
