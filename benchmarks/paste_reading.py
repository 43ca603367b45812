"""Reading a long paste: the corpus samples repeated to MAX_LINES lines, read once each.

    python -m benchmarks.paste_reading [--runs 5]

Issue 28 bounds the reader at one second for a 3,000-line paste: every line is searched for
stamps in the whole sentence, so this is where a slower pattern would show. Prints the
median and the slowest run per sample, and the worst of all.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from datadog_incidents_mcp.postmortem.reader import MAX_LINES, read_timeline

CORPUS = Path(__file__).parent.parent / "tests" / "postmortem" / "corpus"
ANCHOR = datetime(2026, 11, 13, 20, 0, tzinfo=UTC)


def _long(sample: Path) -> str:
    lines = sample.read_text().splitlines()
    return "\n".join((lines * (MAX_LINES // len(lines) + 1))[:MAX_LINES])


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    worst = 0.0
    texts = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md", ".log"))
    for sample in texts:
        text = _long(sample)
        timings: list[float] = []
        for _ in range(args.runs):
            started = time.perf_counter()
            read_timeline(text, anchor=ANCHOR)
            timings.append(time.perf_counter() - started)
        worst = max(worst, *timings)
        median = statistics.median(timings)
        print(
            f"  {sample.name:40} median {median * 1000:7.1f} ms  max {max(timings) * 1000:7.1f} ms"
        )
    print(f"slowest {MAX_LINES:,}-line paste: {worst * 1000:.1f} ms (bound: 1,000 ms)")


if __name__ == "__main__":
    main()
