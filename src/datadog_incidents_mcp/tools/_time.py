"""What a time argument may be: how it is read and the range it must fall in.

Every time a tool or prompt takes is something that has happened: a detection, an impact,
a correction, the last status update. So a time is read from ISO 8601 (a time without an
offset is UTC) or relative to now (`now`, `now-2h`, `now+15m`), and accepted from the Unix
epoch to a few minutes from now (a clock a little fast). Anything else is a mistake worth
naming, and must be refused before the arithmetic: Python's dates end at year 9999, and a
relative time or an offset past that end raises OverflowError, which reached the model as
"Error executing tool" and the prompt's user as "Internal server error".
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from datadog_incidents_mcp.tools._output import iso

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
        problem = "is before 1970"
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
