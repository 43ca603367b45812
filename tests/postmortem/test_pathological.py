"""Lines built to make a pattern backtrack, through every path the paste reader takes.

Each input is one line as long as the tool takes (less its frame), made of one run that
overlaps what some pattern looks for: spaces, tabs, separators, brackets, digits, `@`,
markup. Each ends in a letter so that a match must fail at the very end, the worst case
for backtracking. Every input must be read in under a second; before the patterns were
made linear, the first one here (`a`, spaces, `b`) took 2.3 s at 8,000 characters and
several others took minutes.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from datadog_incidents_mcp.postmortem.draft import headings
from datadog_incidents_mcp.postmortem.reader import MAX_PASTE_CHARS, read_timeline

ANCHOR = datetime(2026, 11, 13, 10, 0, tzinfo=UTC)
# CPU seconds for one input; linear reading takes well under a tenth of that. CPU time, not
# the wall clock: on a shared 2-core machine a read that costs 0.3 s of CPU can take over a
# second to finish while other processes run, and that says nothing about the patterns.
LIMIT = 1.0
RUNS = (
    " ",
    "\t",
    ":",
    "-",
    "|",
    ",",
    "(",
    "[",
    "7",
    "@",
    "<",
    "<at>",
    ":a",
    " APP",
    " to",
    "1:",
    "13/11/2026 ",
    "Jane Doe ",
)


def run(unit: str) -> str:
    """`unit` repeated to the tool's limit, then a letter."""
    return (unit * (MAX_PASTE_CHARS // len(unit) + 1))[: MAX_PASTE_CHARS - 1] + "x"


def lines() -> dict[str, str]:
    return {repr(unit): run(unit) for unit in RUNS} | {"a spaces b": "a" + " " * 199_000 + "b"}


def fit(frame: Callable[[str], str], line: str) -> str:
    """The line in its frame, cut (keeping its last letter) until the whole is within the
    tool's limit: a frame adds a prefix, or escapes and repeats the line as JSON."""
    text = frame(line)
    while len(text) > MAX_PASTE_CHARS:
        line = line[: len(line) * 9 // 10] + "x"
        text = frame(line)
    return text


def _slack(line: str) -> str:
    message = {"ts": "1794599100.000200", "user": "U1", "text": line, "user_name": line[:90]}
    return json.dumps({"messages": [message]})


def _teams(line: str) -> str:
    message = {
        "createdDateTime": "2026-11-13T10:42:00Z",
        "body": {"contentType": "html", "content": line},
        "from": {"user": {"displayName": line[:90]}},
        "eventDetail": {"@odata.type": "#microsoft.graph." + line},
    }
    return json.dumps({"value": [message]})


# Each frame puts the line where one reader path meets it.
FRAMES: dict[str, Callable[[str], str]] = {
    "chat line": lambda line: line,
    "after a clock": lambda line: "10:42 " + line,
    "after a bracketed clock": lambda line: "[10:42 AM] " + line,
    "under a Slack header": lambda line: "Jane Doe  [10:42 AM]\n" + line,
    "as a name above a clock": lambda line: line + "\n10:42 AM\nhello",
    "as a name before a clock": lambda line: line[:60] + " 10:42 " + line,
    "bullet": lambda line: "- " + line,
    "speaker": lambda line: "10:42 Jane: " + line,
    "zoom": lambda line: "10:42:05 From " + line,
    "csv cell": lambda line: "time,author,text\n10:42,Jane," + line,
    "csv header": lambda line: "time," + line,
    "slack export": _slack,
    "teams export": _teams,
    "event list": lambda line: json.dumps([{"time": line, "text": line, "author": line}]),
    "event time": lambda line: json.dumps([{"time": "10:42 " + line, "text": "x"}]),
}


def _slowest(read: Callable[[str], object], texts: dict[str, str]) -> tuple[float, str]:
    timings: list[tuple[float, str]] = []
    for name, text in texts.items():
        started = time.thread_time()
        read(text)
        timings.append((time.thread_time() - started, name))
    return max(timings)


@pytest.mark.parametrize("frame", FRAMES)
def test_no_line_takes_the_reader_past_a_second(frame: str) -> None:
    texts = {name: fit(FRAMES[frame], line) for name, line in lines().items()}
    seconds, slowest = _slowest(lambda text: read_timeline(text, anchor=ANCHOR), texts)
    assert seconds < LIMIT, f"{slowest} {frame}: {seconds:.1f} s"


def test_no_line_takes_a_template_heading_past_a_second() -> None:
    texts = {name: fit(lambda line: f"# {line}\n## {line}", line) for name, line in lines().items()}
    seconds, slowest = _slowest(headings, texts)
    assert seconds < LIMIT, f"{slowest} heading: {seconds:.1f} s"
