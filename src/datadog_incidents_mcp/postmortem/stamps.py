"""Moments in pasted text: dates, 12- and 24-hour clocks, zones and epoch seconds.

People paste times as their tools print them (`[10:42 AM]`, `Nov 13, 2026 11:05 AM`,
`13.11.2026 10:57`, `1794599100.000200`). A `Calendar` reads one where a line puts it
and turns it into UTC with what the paste and the incident tell about the missing parts:
the day of a bare clock, the order of a numeric date, the zone.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DateOrder = Literal["month_first", "day_first"]
Groups = defaultdict[str, str]  # a match's groups; "" for one that did not take part
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# Bounded repeats only: a candidate is tried at many places of a line, and an unbounded
# run would be rescanned from each of them.
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}\.?,?\s{1,3})?"
_DATE = (
    r"(?:(?P<iy>\d{4})[-/](?P<im>\d{1,2})[-/](?P<id>\d{1,2})"
    r"|(?P<na>\d{1,2})(?P<sep>[/.-])(?P<nb>\d{1,2})(?P=sep)(?P<ny>\d{4}|\d{2})(?!\d)"
    rf"|{_WEEKDAY}(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"
    r"(?:,?\s+(?P<y1>\d{4}))?"
    rf"|{_WEEKDAY}(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH})\.?(?![a-z])"
    r"(?:,?\s+(?P<y2>\d{4}))?"
    rf"|(?P<y3>\d{{4}})\s+(?P<m3>{_MONTH})\s+(?P<d3>\d{{1,2}})(?!\d)"  # 2018 October 21
    rf"|(?P<d4>\d{{1,2}})/(?P<m4>{_MONTH})/(?P<y4>\d{{2}}|\d{{4}})(?!\d))"  # Jira 12/Mar/26
)
_CLOCK = (
    r"(?:(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?"
    r"(?:\s?(?P<ap>[ap])\.?\s?m\.?(?![a-z]))?"
    r"|(?P<h2>\d{1,2})\s?(?P<ap2>[ap])\.?\s?m\.?(?![a-z])"
    r"|(?P<h3>[01]\d|2[0-3])(?P<mi3>[0-5]\d)(?=\s?(?:UTC|GMT)\b))(?:-ish)?"  # 0520 UTC
)
# Tried in order at one place: epoch seconds, a date (with or without a clock), a clock.
_FORMS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"(?P<open>[\[(])?\s*(?P<epoch>\d{10}(?:\.\d{1,6})?|\d{13})(?![\d:.])",
        rf"(?P<open>[\[(])?\s*{_DATE}(?:(?:T|,?\s{{1,3}}(?:at\s+|-\s+)?|,\s*){_CLOCK})?",
        rf"(?P<open>[\[(])?\s*{_CLOCK}",
    )
]
_ZONE = re.compile(
    r"\s?(\()?(?P<zone>(?:UTC|GMT)(?:\s?[+\-−]\d{1,2}(?::?\d{2})?)?|[+\-−]\d{2}:?\d{2}|Z"
    r"|[A-Z][A-Za-z]+(?:_[A-Z][a-z]+)*/[A-Za-z_]+(?:/[A-Za-z_]+)?|[A-Z]{2,5})(?(1)\))(?![\w/])"
)
# The end of a range whose zone is written once, after it: `-14:20`, ` to 2:20 PM`.
_RANGE_END = re.compile(
    r"\s?(?:[-–—]|to|until)\s?\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?\s?m\.?(?![a-z]))?",
    re.IGNORECASE,
)
# `07:01 UTC on 31 Jan 2023`: the day written after the clock.
_ON_DATE = re.compile(rf",?\s{{1,3}}on\s{{1,3}}(?:the\s)?{_DATE}", re.IGNORECASE)
_OFFSET = re.compile(r"(?:UTC|GMT)?\s?([+\-−])(\d{1,2}):?(\d{2})?")
_ABBREVIATIONS = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "WET": 0,
    "WEST": 1,
    "BST": 1,
    "CET": 1,
    "MET": 1,
    "CEST": 2,
    "MEST": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "IST": 5.5,
    "SGT": 8,
    "HKT": 8,
    "AWST": 8,
    "JST": 9,
    "KST": 9,
    "ACST": 9.5,
    "AEST": 10,
    "AEDT": 11,
    "NZST": 12,
    "NZDT": 13,
    "HST": -10,
    "AKST": -9,
    "AKDT": -8,
    "PST": -8,
    "PDT": -7,
    "MST": -7,
    "MDT": -6,
    "CST": -6,
    "CDT": -5,
    "EST": -5,
    "EDT": -4,
    "AST": -4,
    "ADT": -3,
    "NST": -3.5,
    "BRT": -3,
}
# Abbreviations without a season follow the region's daylight saving time.
_REGIONS = {
    "PT": "America/Los_Angeles",
    "MT": "America/Denver",
    "CT": "America/Chicago",
    "ET": "America/New_York",
}
_LOOKS_LIKE_ZONE = re.compile(r"[A-Z]{1,3}[SD]T")
_AMBIGUITY = re.compile(r"(?<![\d.])(\d{1,2})([/-])(\d{1,2})\2(\d{2}|\d{4})(?!\d)")


def zone_named(name: str) -> tzinfo:
    """An IANA zone, `UTC`, or a fixed offset such as `+02:00`; ValueError if unknown."""
    text = name.strip()
    found = _zone_of(text) or _iana(text)
    if found is None:
        raise ValueError(
            f"unknown timezone {name!r}: give an IANA name such as Europe/Berlin, "
            "America/New_York or UTC"
        )
    return found


def _iana(name: str) -> ZoneInfo | None:
    """The IANA zone so named, or None. A folder of the zone database (`US`,
    `America/Argentina`) is no zone: loading it raises IsADirectoryError, an OSError."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _zone_of(token: str) -> tzinfo | None:
    if token in _ABBREVIATIONS:
        return timezone(timedelta(hours=_ABBREVIATIONS[token]))
    if token in _REGIONS:
        return ZoneInfo(_REGIONS[token])
    offset = _OFFSET.fullmatch(token)
    if offset:
        sign = -1 if offset.group(1) in "-−" else 1
        delta = timedelta(hours=int(offset.group(2)), minutes=int(offset.group(3) or 0))
        return timezone(sign * delta)
    return _iana(token) if "/" in token else None


@dataclass(frozen=True)
class Found:
    """A stamp read from text: where it ends, and the moment or the day it names."""

    end: int
    at: datetime | None  # None for a date without a clock, or an unreadable stamp
    day: date | None = None
    flag: str | None = None
    zoned: bool = False  # the stamp names its zone
    dated: bool = False  # the stamp names its day


def _year(text: str | None) -> int | None:
    if not text:
        return None
    value = int(text)
    return value + 2000 if value < 100 else value


def order_in(text: str) -> DateOrder | None:
    """The numeric date order a paste shows where a day is above 12 (None if unclear)."""
    seen: set[DateOrder] = set()
    for match in _AMBIGUITY.finditer(text):
        first, second = int(match.group(1)), int(match.group(3))
        if first > 12 >= second:
            seen.add("day_first")
        elif second > 12 >= first:
            seen.add("month_first")
    return seen.pop() if len(seen) == 1 else None


@dataclass
class Calendar:
    """Reads stamps one after another, as a paste runs: a bare clock takes the day of the
    stamp before it (at first the incident's day), and moves to the next day when the clock
    goes back more than half a day, as in an overnight thread."""

    anchor: datetime
    zone: tzinfo = UTC
    order: DateOrder | None = None  # the caller's date_order hint
    seen_order: DateOrder | None = None  # what the paste itself shows
    day: date | None = None
    last: datetime | None = None
    unzoned: int = 0  # clocks read in `zone` because they named none

    def read(self, text: str, pos: int = 0) -> Found | None:
        """The stamp at `pos`, or None if there is none there."""
        match = next((m for m in (f.match(text, pos) for f in _FORMS) if m), None)
        if not match:
            return None
        end = match.end()
        g: Groups = defaultdict(str, {k: v or "" for k, v in match.groupdict().items()})
        zone: tzinfo | None = None
        zone_error = None
        clocked = bool(g["h"] or g["h2"] or g["h3"])
        if clocked:
            # `14:05-14:20 UTC`: the zone after a range is both ends' (`-14:20` after a clock
            # without seconds is a range's end, not an offset).
            upto = None if g["s"] else _RANGE_END.match(text, end)
            named = _ZONE.match(text, upto.end() if upto else end)
            if upto and not (named and _zone_of(named["zone"])):
                named = None
            if named:
                zone = _zone_of(named["zone"].replace("−", "-"))
                if zone is not None:
                    end = end if upto else named.end()
                elif _LOOKS_LIKE_ZONE.fullmatch(named["zone"]):
                    zone_error = f"unknown timezone {named['zone']}"
                    end = named.end()
            if not (g["iy"] or g["na"] or g["m1"] or g["m2"] or g["m3"] or g["m4"]):
                on = _ON_DATE.match(text, end)
                if on:
                    g.update({k: v for k, v in on.groupdict().items() if v})
                    end = on.end()
        if g["open"]:
            closing = re.match(r"\s*[\])]", text[end:])
            if not closing:
                return None
            end += closing.end()
        if zone_error:
            return Found(end, None, flag=zone_error)
        if g["epoch"]:
            value = float(g["epoch"])
            return Found(end, datetime.fromtimestamp(value / 1000 if value > 1e12 else value, UTC))
        try:
            day, flag = self._day(g, match.group(0))
        except ValueError:
            return None
        day, flag = self._in_step(day, flag)
        if not clocked:
            if day is None:
                return None
            self.day = day
            return Found(end, None, day=day)
        try:
            clock = self._clock(g)
        except ValueError:
            return None
        if zone is None:
            self.unzoned += 1
        moment = self._place(day, clock, zone or self.zone)
        return Found(end, moment, flag=flag, zoned=zone is not None, dated=day is not None)

    def _in_step(self, day: date | None, flag: str | None) -> tuple[date | None, str | None]:
        """A written year out of step with the day before it, the month and day within two
        days of it (`2017-03-27` among 2019 lines), is a slip: the paste's year is kept."""
        if day is None or self.day is None or day.year == self.day.year:
            return day, flag
        try:
            moved = day.replace(year=self.day.year)
        except ValueError:  # 29 February
            return day, flag
        if abs((moved - self.day).days) > 2:
            return day, flag
        return moved, flag or (
            f"year {day.year} read as {moved.year}, the year of the lines around it"
        )

    def _day(self, g: Groups, text: str) -> tuple[date | None, str | None]:
        if g["iy"]:
            return date(int(g["iy"]), int(g["im"]), int(g["id"])), None
        if g["na"]:
            return self._numeric(g, text)
        month_name = g["m1"] or g["m2"] or g["m3"] or g["m4"]
        if month_name:
            month = _MONTHS.index(month_name[:3].lower()) + 1
            year = _year(g["y1"] or g["y2"] or g["y3"] or g["y4"])
            day = int(g["d1"] or g["d2"] or g["d3"] or g["d4"])
            return (date(year, month, day) if year else self._nearest_year(month, day)), None
        return None, None

    def _numeric(self, g: Groups, text: str) -> tuple[date, str | None]:
        a, b, year = int(g["na"]), int(g["nb"]), _year(g["ny"]) or self.anchor.year
        if a > 12 or b > 12 or a == b:
            first_is_day = a > 12
            return (date(year, b, a) if first_is_day else date(year, a, b)), None
        order = self.order or ("day_first" if g["sep"] == "." else self.seen_order)
        if order:
            return (date(year, b, a) if order == "day_first" else date(year, a, b)), None
        readings = [date(year, a, b), date(year, b, a)]
        near = min(readings, key=lambda d: abs((d - self.anchor.date()).days))
        which = "month first" if near == readings[0] else "day first"
        written = text.strip("[( ").split()[0]
        return near, (
            f"date {written} read as {near.isoformat()} ({which}, nearest the "
            "incident); pass date_order if that is wrong"
        )

    def _nearest_year(self, month: int, day: int) -> date:
        years = (self.anchor.year - 1, self.anchor.year, self.anchor.year + 1)
        options = [date(y, month, day) for y in years]
        return min(options, key=lambda d: abs((d - self.anchor.date()).days))

    @staticmethod
    def _clock(g: Groups) -> time:
        hour = int(g["h"] or g["h2"] or g["h3"])
        ampm = (g["ap"] or g["ap2"] or "").lower()
        if ampm:
            if not 1 <= hour <= 12:
                raise ValueError("12-hour clock out of range")
            hour = hour % 12 + (12 if ampm == "p" else 0)
        return time(hour, int(g["mi"] or g["mi3"] or 0), int(g["s"] or 0))

    def _place(self, day: date | None, clock: time, zone: tzinfo) -> datetime:
        if day is not None:
            self.day = day
            moment = datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)
        elif self.day is None:
            # The first bare clock: the day that puts it nearest the incident.
            local = self.anchor.astimezone(zone).date()
            options = [
                datetime.combine(local + timedelta(days=n), clock, tzinfo=zone).astimezone(UTC)
                for n in (-1, 0, 1)
            ]
            moment = min(options, key=lambda t: abs(t - self.anchor))
            self.day = moment.astimezone(zone).date()
        else:
            moment = datetime.combine(self.day, clock, tzinfo=zone).astimezone(UTC)
            # Back by more than half a day: the clock has passed midnight. A smaller step
            # back is a list written newest first, or a correction, on the same day.
            if self.last is not None and moment < self.last - timedelta(hours=12):
                self.day += timedelta(days=1)
                moment += timedelta(days=1)
        self.last = moment
        return moment


# "(all times are in UTC)", "Timeline (all times Pacific Time)", "times in MST": a zone
# stated once for the whole paste.
_STATED = re.compile(
    r"\btimes\s{1,3}(?:are\s{1,3})?(?:shown\s{1,3}|given\s{1,3})?(?:in\s{1,3})?(?:the\s)?"
    r"(?P<zone>[A-Za-z][\w/+\-:]{0,32}(?:\s(?:Standard\s)?Time)?)",
    re.IGNORECASE,
)
_SPOKEN = {
    "pacific": "America/Los_Angeles",
    "mountain": "America/Denver",
    "central": "America/Chicago",
    "eastern": "America/New_York",
    "coordinated": "UTC",
    "universal": "UTC",
}


def opens_range(text: str, pos: int) -> bool:
    """Whether a clock ending at `pos` opens a range (`18:46 – 20:09`): a window, stated in
    a sentence or after a label, never a chat header's time."""
    return _RANGE_END.match(text, pos) is not None


def stated_zone(text: str) -> tuple[tzinfo, str] | None:
    """The zone a paste states for all its times, and the words that state it."""
    for match in _STATED.finditer(text):
        name = match["zone"]
        first = name.split()[0].lower()
        zone = ZoneInfo(_SPOKEN[first]) if first in _SPOKEN else _zone_of(name.upper())
        if zone is None and "/" in name:
            zone = _zone_of(name)
        if zone is not None:
            return zone, match.group(0)
    return None


# A zone written after a clock: `20:11 PDT`, `9:37AM PST`, `06:48 US/Pacific`, `09:41Z`.
_WRITTEN = re.compile(
    r"\d(?:\s?[aApP]\.?[mM]\.?)?\s?(?P<zone>[A-Z][A-Za-z]{0,20}/[A-Za-z_]{1,30}|[A-Z]{2,5}|Z"
    r"|(?<=:\d\d:\d\d)[+\-]\d{2}:?\d{2}|(?<=:\d\d:\d\d\s)[+\-]\d{2}:?\d{2})\b"
)


def written_zone(text: str) -> tuple[tzinfo, str] | None:
    """The zone a paste writes after its clocks, when it writes only one: the clocks that
    name none are in it too (a status page names the zone on some updates only)."""
    names = {m["zone"] for m in _WRITTEN.finditer(text) if _zone_of(m["zone"]) is not None}
    if len(names) != 1:
        return None
    name = names.pop()
    zone = _zone_of(name)
    return (zone, f"the only zone it names, {name}") if zone is not None else None
