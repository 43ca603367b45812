"""The one reader of timelines people paste, used by the prompt and the drafting tool.

It tells the formats apart (JSON exports, CSV with a time column, chat copies and logs),
reads at most MAX_LINES lines or records, and says so when it stops early. Every line it
reads ends up in an event: a message's text, its header, a date line above it, or an
event of its own flagged with why it has no time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, tzinfo

from datadog_incidents_mcp.postmortem.exports import json_lines, read_records, read_table
from datadog_incidents_mcp.postmortem.paste import read_chat
from datadog_incidents_mcp.postmortem.stamps import (
    Calendar,
    DateOrder,
    order_in,
    stated_zone,
    written_zone,
)
from datadog_incidents_mcp.postmortem.timeline import Event

MAX_LINES = 3000
MAX_PASTE_CHARS = 200_000  # what the tool and the prompt take as `timeline`
# Chat exports nest a dozen levels at most; parsing deeper JSON would exhaust Python's
# stack (json recurses), so deeper text is not read as JSON.
MAX_NESTING = 64
# A JSON string (to the end of the text if unclosed), or one bracket: unrolled so that a
# long string is one linear scan.
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]')


@dataclass
class Reading:
    events: list[Event]
    notes: list[str] = field(default_factory=list[str])
    # Lines that are no event but set the day or the zone of those that are: headings,
    # zone statements, day dividers. With the events' lines, they account for every line.
    context: list[int] = field(default_factory=list[int])


def read_timeline(
    text: str,
    *,
    anchor: datetime,
    zone: tzinfo | None = None,
    date_order: DateOrder | None = None,
    people: Iterable[str] = (),
) -> Reading:
    """Events from a paste. `anchor` (the incident's declaration) gives bare clocks their
    day and settles ambiguous dates; `zone` is for times that name none (when not given:
    the zone the paste states for all its times, else UTC, and a note says which)."""
    stripped = text.strip()
    if not stripped:
        return Reading([])
    head = stripped[:MAX_PASTE_CHARS]
    stated = (stated_zone(head) or written_zone(head)) if zone is None else None
    chosen = zone or (stated[0] if stated else UTC)
    calendar = Calendar(anchor, chosen, date_order, seen_order=order_in(head))
    reading = _read(stripped, text, calendar, people)
    if zone is None and calendar.unzoned:
        reading.notes.append(_zone_note(stated))
    return reading


def _zone_note(stated: tuple[tzinfo, str] | None) -> str:
    if stated:
        return (
            f"Times that name no zone were read in {stated[0]} (the paste: “{stated[1]}”); "
            "pass `timezone` to read them in another zone."
        )
    return (
        "Times that name no zone were read as UTC: the paste states none and no `timezone` "
        "was given; pass `timezone` (e.g. America/Los_Angeles) if they are local times."
    )


def _read(stripped: str, text: str, calendar: Calendar, people: Iterable[str]) -> Reading:
    if stripped[0] in "[{" and nesting(stripped) <= MAX_NESTING:
        try:
            data = json.loads(stripped)
        except ValueError:
            # JSON Lines, or not JSON after all: a chat log that starts with "[14:05]"
            data = json_lines(stripped) if stripped[0] == "{" else None
        found = read_records(data, calendar, MAX_LINES) if data is not None else None
        if found is not None:
            return Reading(found.events, _capped(found.total, "records"), found.headers)
    lines = text.strip("\n").splitlines()
    kept = lines[:MAX_LINES]
    notes = _capped(len(lines), "lines")
    first = next((line for line in kept if line.strip()), "")
    if any(mark in first for mark in ",;\t"):
        start = kept.index(first)
        table = read_table(kept[start:], calendar)
        if table is not None:
            shifted = [_shift(e, start) for e in table]
            return Reading(shifted, notes)
    events, context = read_chat(kept, calendar, people)
    return Reading(events, notes, context)


def nesting(text: str) -> int:
    """How deep the brackets of JSON text nest (strings skipped), counted without parsing
    and no further than one level past MAX_NESTING."""
    depth = deepest = 0
    for token in _JSON_TOKEN.finditer(text):
        mark = token.group()
        if mark in ("[", "{"):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_NESTING:
                break
        elif mark in ("]", "}"):
            depth -= 1
    return deepest


def _shift(event: Event, by: int) -> Event:
    return replace(event, lines=tuple(n + by for n in event.lines))


def _capped(total: int, unit: str) -> list[str]:
    if total <= MAX_LINES:
        return []
    return [
        f"The paste has {total:,} {unit}; the first {MAX_LINES:,} were read and the rest "
        "left out: paste the part around the incident."
    ]
