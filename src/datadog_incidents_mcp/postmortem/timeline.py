"""One timeline from everything known about an incident, in UTC and time order.

Sources: the incident's own timestamps (with timestamp overrides applied), impacts,
responders joining, todos created and completed, attachments, integration records, and
a timeline the user supplies: a pasted chat log, a bullet list, or JSON events. User
lines whose time cannot be read are kept and flagged, never dropped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any, cast

IMPORTANT = re.compile(
    r"\b(declared|detected|resolved|mitigat\w*|roll(ed)?\s?back|revert\w*|root cause|"
    r"outage|paged|escalat\w*|deploy\w*|restor\w*|fix(ed)?)\b",
    re.IGNORECASE,
)
_ZONES = {
    "utc": 0,
    "z": 0,
    "gmt": 0,
    "bst": 1,
    "cet": 1,
    "cest": 2,
    "eet": 2,
    "eest": 3,
    "ist": 5.5,
    "jst": 9,
    "aest": 10,
    "est": -5,
    "edt": -4,
    "cst": -6,
    "cdt": -5,
    "mst": -7,
    "mdt": -6,
    "pst": -8,
    "pdt": -7,
}
# A zone is an offset or an upper-case abbreviation standing alone ("CET", not "depl...").
_ZONE = r"(?:(?P<zone>(?-i:Z|UTC|GMT|[A-Z]{1,4}T)|[+-]\d{2}:?\d{2})(?!\w))?"
_FULL = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})[T ](?P<clock>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*" + _ZONE, re.I
)
_CLOCK = re.compile(
    r"\[?(?P<clock>\d{1,2}:\d{2}(?::\d{2})?)\s*(?P<ampm>[ap]\.?m\.?)?\s*" + _ZONE + r"\]?", re.I
)
_BULLET = re.compile(r"^\s*(?:[-*•+]|\d+[.)])\s+")
_SEPARATOR = re.compile(r"^\s*(?:[-–—:|>]+\s*)?")


@dataclass(frozen=True)
class Event:
    """One thing that happened. `at` is None when the time could not be read."""

    at: datetime | None
    text: str
    source: str
    important: bool = False
    flagged: str | None = None  # why the time is missing or doubtful

    def key(self) -> tuple[str, str]:
        minute = self.at.strftime("%Y-%m-%dT%H:%M") if self.at else ""
        return minute, re.sub(r"\W+", " ", self.text.lower()).strip()


@dataclass
class Timeline:
    events: list[Event]
    omitted: int = 0
    notes: list[str] = field(default_factory=list[str])


def _zone(text: str | None, default: timezone) -> timezone | None:
    if not text:
        return default
    text = text.strip()
    offset = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", text)
    if offset:
        sign = -1 if offset.group(1) == "-" else 1
        return timezone(sign * timedelta(hours=int(offset.group(2)), minutes=int(offset.group(3))))
    hours = _ZONES.get(text.lower())
    return timezone(timedelta(hours=hours)) if hours is not None else None


def _as_utc(day: date, clock: str, zone: timezone, ampm: str | None = None) -> datetime:
    parts = [float(p) for p in clock.split(":")]
    hour = int(parts[0])
    if ampm:
        hour = hour % 12 + (12 if ampm.lower().startswith("p") else 0)
    seconds = parts[2] if len(parts) > 2 else 0.0
    moment = datetime.combine(day, time(hour, int(parts[1]), int(seconds)), tzinfo=zone)
    return moment.astimezone(UTC)


def parse_user_timeline(
    text: str, *, anchor: datetime, default_zone: timezone = UTC
) -> list[Event]:
    """Events from pasted text or JSON. Times without a date take `anchor`'s date (in their
    zone), moving to the next day when the clock goes backwards, as in an overnight log."""
    stripped = text.strip()
    if not stripped:
        return []
    if stripped[0] in "[{":
        try:
            return _from_json(json.loads(stripped), anchor, default_zone)
        except ValueError:
            pass  # not JSON after all: a chat log that starts with "[14:05]"
    events: list[Event] = []
    day = anchor.astimezone(default_zone).date()
    last: datetime | None = None
    for raw in stripped.splitlines():
        line = _BULLET.sub("", raw).strip()
        if not line:
            continue
        event, day, last = _from_line(line, day, last, default_zone)
        events.append(event)
    return events


def _from_line(
    line: str, day: date, last: datetime | None, default_zone: timezone
) -> tuple[Event, date, datetime | None]:
    full = _FULL.match(line)
    if full:
        zone = _zone(full["zone"], default_zone)
        if zone is None:
            return Event(None, line, "user", flagged=f"unknown timezone {full['zone']}"), day, last
        day = date.fromisoformat(full["date"])
        at = _as_utc(day, full["clock"], zone)
        return _user_event(at, line[full.end() :]), day, at
    clock = _CLOCK.match(line)
    if clock:
        zone = _zone(clock["zone"], default_zone)
        if zone is None:
            return Event(None, line, "user", flagged=f"unknown timezone {clock['zone']}"), day, last
        at = _as_utc(day, clock["clock"], zone, clock["ampm"])
        if last is not None and at < last - timedelta(hours=1):
            day += timedelta(days=1)
            at += timedelta(days=1)
        return _user_event(at, line[clock.end() :]), day, at
    return Event(None, line, "user", flagged="no time found"), day, last


def _user_event(at: datetime, rest: str) -> Event:
    text = _SEPARATOR.sub("", rest).strip() or "(no text)"
    return Event(at, text, "user", important=bool(IMPORTANT.search(text)))


def _from_json(data: Any, anchor: datetime, default_zone: timezone) -> list[Event]:
    container: Any = data
    items: Any = (
        container.get("events", container.get("timeline")) if isinstance(data, dict) else data
    )
    if not isinstance(items, list):
        raise ValueError("expected a list of events")
    events: list[Event] = []
    for item in cast(list[Any], items):
        if not isinstance(item, dict):
            events.append(Event(None, str(item), "user", flagged="not an object"))  # pyright: ignore[reportUnknownArgumentType]
            continue
        entry: dict[str, Any] = item  # pyright: ignore[reportUnknownVariableType]
        text = next(
            (
                str(entry[k])
                for k in ("text", "message", "event", "description", "summary")
                if entry.get(k)
            ),
            "",
        )
        stamp = next(
            (
                entry[k]
                for k in ("time", "ts", "timestamp", "at", "date")
                if entry.get(k) is not None
            ),
            None,
        )
        if stamp is None:
            events.append(Event(None, text or json.dumps(entry), "user", flagged="no time found"))
            continue
        parsed = parse_user_timeline(f"{stamp} {text}", anchor=anchor, default_zone=default_zone)
        event = parsed[0] if parsed else Event(None, text, "user", flagged="no time found")
        if isinstance(stamp, int | float):
            event = Event(
                datetime.fromtimestamp(stamp, UTC), text, "user", bool(IMPORTANT.search(text))
            )
        elif event.at is None:
            event = replace(event, text=text, flagged=f"unreadable time {stamp!r}")
        events.append(replace(event, important=event.important or bool(entry.get("important"))))
    return events


def merge(*sources: list[Event]) -> list[Event]:
    """All events in time order (unknown times last, in input order), duplicates removed."""
    seen: set[tuple[str, str]] = set()
    merged: list[Event] = []
    for event in (e for source in sources for e in source):
        if event.key() in seen:
            continue
        seen.add(event.key())
        merged.append(event)
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
