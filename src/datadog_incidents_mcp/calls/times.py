"""What a time argument may be: how it is read, the range it must fall in, and its order.

Every time a tool or prompt takes is something that has happened: a detection, an impact,
a correction, the last status update. So a time is read from ISO 8601 (a time without an
offset is UTC) or relative to now (`now`, `now-2h`, `now+15m`), and accepted from the Unix
epoch to a few minutes from now (a clock a little fast). Anything else is a mistake worth
naming, and must be refused before the arithmetic: Python's dates end at year 9999, and a
relative time or an offset past that end raises OverflowError, which reached the model as
"Error executing tool" and the prompt's user as "Internal server error".

Times that belong together are checked together (`in_order`): an impact that ends before it
starts, or an incident resolved before it was detected, is refused naming both.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Collection, Iterable, Mapping
from datetime import UTC, datetime, timedelta

from datadog_incidents_mcp.calls.errors import ArgumentError
from datadog_incidents_mcp.calls.output import iso

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
CLOCK_SKEW = timedelta(minutes=5)
MAX_CHARS = 40
FORMS = "ISO 8601 (2026-11-23T14:05:00Z) or relative (now-2h)"
_RELATIVE = re.compile(r"now(?:\s*([+-])\s*(\d+)\s*([smhdw]))?")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def accepted(now: datetime) -> str:
    """The forms and range a time argument takes, as an error message ends."""
    skew = f"{CLOCK_SKEW.seconds // 60} minutes from now ({iso(now + CLOCK_SKEW)})"
    return f"give {FORMS} from {iso(EARLIEST)} to {skew}"


def parse_time(text: str) -> datetime:
    """An aware UTC datetime in the accepted range, or ValueError saying what is wrong."""
    now = datetime.now(UTC)
    raw = text.strip()
    if not raw or len(raw) > MAX_CHARS:
        raise ValueError(f"a time is 1 to {MAX_CHARS} characters; {accepted(now)}")
    try:
        moment = _read(raw, now)
    except OverflowError:
        moment = None
    except ValueError:
        raise ValueError(f"{text!r} is not a time; {accepted(now)}") from None
    if moment is None:
        problem = "is out of range"
    elif moment < EARLIEST:
        problem = f"is before {EARLIEST.year}"
    elif moment > now + CLOCK_SKEW:
        problem = "is in the future"
    else:
        return moment
    raise ValueError(f"{text!r} {problem}; {accepted(now)}")


def _read(raw: str, now: datetime) -> datetime:
    relative = _RELATIVE.fullmatch(raw.lower())
    if relative:
        sign, amount, unit = relative.groups()
        if not amount:
            return now
        delta = timedelta(**{_UNITS[unit]: int(amount)})
        return now + delta if sign == "+" else now - delta
    moment = datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


Times = Mapping[str, datetime | None]


def in_order(pairs: Iterable[tuple[str, str]], times: Times, given: Collection[str]) -> None:
    """Refuse a time before the one it must follow, e.g. an impact's end before its start,
    naming both: a window that runs backwards turns every metric built on it into nonsense.

    `pairs` are (earlier, later) names in `times`, where an unknown time (None or absent)
    is not checked. `given` are the call's own arguments; the rest were recorded in
    Datadog, and the error names an argument the call gave, so the model knows what to fix.
    """
    for earlier, later in pairs:
        start, end = times.get(earlier), times.get(later)
        if start is None or end is None or start <= end:
            continue
        note = {name: "" if name in given else " (as recorded)" for name in (earlier, later)}
        raise ArgumentError(
            later if later in given else earlier,
            f"{later} {iso(end)}{note[later]} is before {earlier} {iso(start)}{note[earlier]}; "
            f"{later} cannot come before {earlier}: correct whichever is wrong",
        )


async def in_order_as_recorded(
    pairs: Iterable[tuple[str, str]], given: Times, recorded: Callable[[], Awaitable[Times]]
) -> None:
    """`in_order` for a change: a time given without the other side of its pair is checked
    against the side as recorded, which `recorded` reads (one more request, made only
    then: closing an impact with its end alone is the usual case)."""
    named = {name: moment for name, moment in given.items() if moment is not None}
    touched = [pair for pair in pairs if not named.keys().isdisjoint(pair)]
    lone = any(not named.keys() >= set(pair) for pair in touched)
    in_order(touched, {**(await recorded()), **named} if lone else named, named)
