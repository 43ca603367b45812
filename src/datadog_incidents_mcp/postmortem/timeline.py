"""One timeline from everything known about an incident, in UTC and time order.

Sources: the incident's own timestamps (with timestamp overrides applied), impacts,
responders joining, todos created and completed, attachments, integration records, and
what the user pastes (read by `postmortem.reader`). Pasted lines whose time cannot be read
are kept and flagged, never dropped; pasted lines that repeat something Datadog recorded
are folded into Datadog's event, so the timeline says it once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

IMPORTANT = re.compile(
    r"\b(declared|detected|resolved|mitigat\w*|roll(ed)?\s?back|revert\w*|root cause|"
    r"outage|paged|escalat\w*|deploy\w*|restor\w*|fix(ed)?)\b",
    re.IGNORECASE,
)
# How a pasted line says the same as one of Datadog's milestones (Event.kind).
_SAME_AS = {
    "declared": re.compile(r"\bdeclar(?:e|ed|ing)\b", re.IGNORECASE),
    "detected": re.compile(
        r"\bdetect(?:ed)?\b|\b(?:alert|monitor)\w* (?:fired|triggered)", re.IGNORECASE
    ),
    "resolved": re.compile(
        r"\b(?:resolv(?:e|ed|ing)|clos(?:e|ed|ing))\b.{0,20}\bincident\b|"
        r"\bincident\b.{0,12}\b(?:is )?(?:resolved|closed)\b|^(?:marking )?resolved\b",
        re.IGNORECASE,
    ),
}
SAME_WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class Event:
    """One thing that happened. `at` is None when the time could not be read."""

    at: datetime | None
    text: str
    source: str
    important: bool = False
    flagged: str | None = None  # why the time is missing or doubtful
    author: str | None = None
    lines: tuple[int, ...] = ()  # the pasted lines (or export records) it came from
    kind: str | None = None  # a Datadog milestone: declared, detected, resolved
    section: str | None = None  # the paste's heading the line sits under (`Root cause`)

    @property
    def label(self) -> str:
        return f"{self.author}: {self.text}" if self.author else self.text

    def key(self) -> tuple[str, str]:
        minute = self.at.strftime("%Y-%m-%dT%H:%M") if self.at else ""
        return minute, re.sub(r"\W+", " ", self.label.lower()).strip()


@dataclass
class Timeline:
    events: list[Event]
    omitted: int = 0
    notes: list[str] = field(default_factory=list[str])


def _quote(event: Event) -> str:
    text = " ".join(event.label.split())
    return f"“{text[:157]}…”" if len(text) > 160 else f"“{text}”"


def fold(recorded: list[Event], pasted: list[Event]) -> tuple[list[Event], list[Event]]:
    """Fold pasted events that repeat a Datadog milestone (same kind, within 15 minutes)
    into that milestone, quoting them; returns both lists without the repeats."""
    milestones = [(e.at, i, _SAME_AS[e.kind]) for i, e in enumerate(recorded) if e.kind and e.at]
    quotes: dict[int, list[Event]] = {}
    kept: list[Event] = []
    for event in pasted:
        at = event.at
        near = [
            (abs(when - at), i)
            for when, i, same in milestones
            if at and abs(when - at) <= SAME_WINDOW and same.search(event.text)
        ]
        if near:
            quotes.setdefault(min(near)[1], []).append(event)
        else:
            kept.append(event)
    folded = list(recorded)
    for i, same in quotes.items():
        said = "; ".join(_quote(e) for e in same)
        lines = tuple(n for e in same for n in e.lines)
        folded[i] = replace(folded[i], text=f"{folded[i].text}; pasted: {said}", lines=lines)
    return folded, kept


def merge(*sources: list[Event]) -> list[Event]:
    """All events in time order (unknown times last, in input order); a repeat (same minute,
    same words) is dropped, its pasted lines credited to the event it repeats."""
    first: dict[tuple[str, str], int] = {}
    merged: list[Event] = []
    for event in (e for source in sources for e in source):
        seen = first.get(event.key())
        if seen is None:
            first[event.key()] = len(merged)
            merged.append(event)
        elif event.lines:
            merged[seen] = replace(merged[seen], lines=merged[seen].lines + event.lines)
    timed = sorted(
        (e for e in merged if e.at), key=lambda e: e.at or datetime.min.replace(tzinfo=UTC)
    )
    return timed + [e for e in merged if e.at is None]


def trim(events: list[Event], budget: int) -> Timeline:
    """At most `budget` events: first, last and important ones first, the rest sampled evenly."""
    if len(events) <= budget:
        return Timeline(events)
    keep = {0, len(events) - 1}
    keep |= {i for i, e in enumerate(events) if e.important or e.source == "incident"}
    if len(keep) > budget:
        must = sorted(keep)
        keep = {must[0], must[-1], *must[1 : budget - 1]}
    rest = [i for i in range(len(events)) if i not in keep]
    room = budget - len(keep)
    if room > 0 and rest:
        step = len(rest) / room
        keep |= {rest[int(n * step)] for n in range(room)}
    kept = [events[i] for i in sorted(keep)]
    omitted = len(events) - len(kept)
    return Timeline(
        kept, omitted, [f"{omitted} less important events were left out to fit the budget"]
    )
