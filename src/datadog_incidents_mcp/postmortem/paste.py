"""Events from text copied out of a chat, a call's notes, or a bullet list.

Chat apps copy a message as a header (author and time) followed by the message's lines:
Slack `Jane Doe  [10:42 AM]`, Teams `[11/13/2026 10:47 AM] Jane Doe`, Google Chat
`Jane Doe, 10:42 AM`, Zoom `10:42:05 From Jane Doe to Everyone:`, or the author's name on
one line and the time on the next. Logs put all on one line: `[time] Name: text`,
`time - Name: text`, `Name (time): text`. A line without a time continues the message
before it; before any time it is an event of its own, flagged. Date lines (`Thursday,
November 13th`) set the day for the clocks below them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from datadog_incidents_mcp.postmortem.markup import clean_slack
from datadog_incidents_mcp.postmortem.stamps import Calendar, Found
from datadog_incidents_mcp.postmortem.timeline import IMPORTANT, Event

_BULLET = re.compile(r"^(?:[-*•+]|\d+[.)])\s+")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff]")
_LEAD = re.compile(r"^\s*(?:[-–—|>·•]\s*)?")
_SPEAKER = re.compile(r"^(?P<name>[^:]{1,48}?):\s+(?P<text>\S.*)$")
# Zoom's `From Jane Doe to Everyone: text`: who and to whom end at the first colon; both
# parts are bounded and `\s+` is followed by a non-space, so a long line cannot backtrack.
_ZOOM = re.compile(r"From\s+(?P<head>[^\s:][^:]{0,200}):\s*(?P<text>.*)", re.IGNORECASE)
_TO = re.compile(r"(?<!\s)\s+to\s", re.IGNORECASE)
_AFTER_NAME = re.compile(r"^\s*(?:[:\-–—]\s*(?P<text>.*))?$")
# Patterns that end in `$` start only where a run begins (the lookbehinds): tried at every
# place of a long run of spaces, each would scan the rest of the run, and a line would cost
# the square of its length.
_BADGE = re.compile(
    r"(?<!\s)(?:\s+(?:APP|BOT|today|yesterday)|\s*\((?:guest|external|bot|app)\))+(?:\s+at)?$",
    re.IGNORECASE,
)
_NAME_END = re.compile(r"(?<![\s,\-–—|·•])[\s,\-–—|·•]+$")
_STAMP_START = re.compile(r"(?<=[\s,(\[])[\[(]?(?:\d|[A-Za-z]{3})")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HANDLE = re.compile(r"[a-z][a-z0-9]*(?:[._-][a-z0-9]+)+")
_LONGEST_NAME = 48
_PARTICLES = {"de", "da", "di", "du", "del", "der", "van", "von", "la", "le", "bin", "al"}
_NOT_NAMES = {
    "action",
    "alert",
    "answer",
    "cause",
    "decision",
    "edit",
    "error",
    "eta",
    "fyi",
    "impact",
    "info",
    "mitigated",
    "next",
    "note",
    "question",
    "reminder",
    "resolved",
    "root cause",
    "status",
    "summary",
    "todo",
    "update",
    "warning",
}


def _tidy(line: str) -> str:
    return _INVISIBLE.sub("", line).replace("\u00a0", " ").replace("\u202f", " ").strip()


def person(text: str, *, strict: bool, known: set[str]) -> str | None:
    """The name if `text` reads as a person's name or handle, else None. `strict` asks
    for two capitalized words (or a known name, handle or email): it is used where a
    short line of message text could pass for a name."""
    name = text.strip()
    if len(name) > 2 * _LONGEST_NAME:  # no name, even with badges: skip the patterns below
        return None
    name = _BADGE.sub("", name).lstrip("@").strip()
    if not name or len(name) > _LONGEST_NAME:
        return None
    if name.lower() in known or _EMAIL.fullmatch(name) or _HANDLE.fullmatch(name):
        return name
    words = name.split()
    if len(words) > 4 or name.lower() in _NOT_NAMES or any(c.isdigit() for c in name):
        return None
    if not all(w[0].isupper() or w in _PARTICLES for w in words) or name[-1] in ".!?;,":
        if strict or len(words) > 1 or not name.isalpha() or not name.islower():
            return None
        return name
    if strict and sum(w[0].isupper() for w in words) < 2:
        return None
    return name


@dataclass
class _Message:
    found: Found | None
    author: str | None
    bullet: bool
    body: list[str] = field(default_factory=list[str])
    lines: list[int] = field(default_factory=list[int])
    raw: str = ""  # the whole first line, shown when its time could not be read
    inline: int = 0  # 1 when the first line carried text after its stamp

    def event(self) -> Event:
        text = clean_slack("\n".join(self.body).strip()) or "(no text)"
        found = self.found
        if found is None or found.at is None:
            reason = found.flag if found and found.flag else "no time found"
            # An unreadable stamp is shown as written, with the lines that follow it.
            shown = [self.raw, *self.body[self.inline :]] if found else self.body
            return Event(None, "\n".join(shown), "user", flagged=reason, lines=tuple(self.lines))
        return Event(
            found.at,
            text,
            "user",
            important=bool(IMPORTANT.search(text)),
            flagged=found.flag,
            author=self.author,
            lines=tuple(self.lines),
        )


@dataclass
class ChatReader:
    """Reads a paste line by line; `known` holds lower-cased names known to be people."""

    calendar: Calendar
    known: set[str]
    messages: list[_Message] = field(default_factory=list[_Message])
    author: str | None = None  # of the last header, for the time-only lines under it
    pending: list[int] = field(default_factory=list[int])  # header and date lines read ahead

    def read(self, lines: list[str]) -> list[Event]:
        """Events in the order written; `Event.lines` numbers the lines from 1."""
        tidy = [_tidy(line) for line in lines]
        numbers = [n for n, line in enumerate(tidy) if line]
        for position, index in enumerate(numbers):
            following = tidy[numbers[position + 1]] if position + 1 < len(numbers) else ""
            self._line(tidy[index], following, index + 1)
        for number in self.pending:  # a trailing date or name line: kept, as every line is
            self.messages.append(_Message(None, None, False, [tidy[number - 1]], [number]))
        return [m.event() for m in self.messages]

    def _peek(self, line: str, pos: int = 0) -> Found | None:
        return replace(self.calendar).read(line, pos)

    def _is_time_only(self, line: str) -> bool:
        found = self._peek(_BULLET.sub("", line))
        return bool(found and (found.at or found.flag) and not line[found.end :].strip())

    def _is_body(self, line: str) -> bool:
        """Whether `line` would continue a message rather than start one."""
        stripped = _BULLET.sub("", line)
        found = self._peek(stripped)
        return not (found and (found.at or found.flag)) and self._named(stripped, peek=True) is None

    def _line(self, line: str, following: str, number: int) -> None:
        bullet = bool(_BULLET.match(line))
        body = _BULLET.sub("", line) if bullet else line
        found = self._peek(body)
        if found is not None and not body[found.end :].strip(" -–—") and found.day:
            self.calendar.read(body)  # a date line: it sets the day of the clocks below it
            self.pending.append(number)
            return
        if found is not None and (found.at or found.flag):
            found = self.calendar.read(body)
            assert found is not None
            self._stamped(found, body, body[found.end :], following, number, bullet)
            return
        named = self._named(body, peek=False)
        if named is not None:
            return self._start(named[1], named[0], bullet, number, line, named[2])
        who = person(body, strict=True, known=self.known)
        if who and self._is_time_only(following):
            self.author = who
            self.known.add(who.lower())
            self.pending.append(number)
            return
        current = self.messages[-1] if self.messages else None
        if current is None or (bullet and current.bullet) or current.found is None:
            self.messages.append(_Message(None, None, bullet, [body], [number]))
            return
        current.body.append(line)
        current.lines.append(number)

    def _stamped(
        self, found: Found, whole: str, rest: str, following: str, number: int, bullet: bool
    ) -> None:
        rest = _LEAD.sub("", rest).strip()
        zoom = _ZOOM.match(rest)
        if zoom:
            named = _TO.split(zoom["head"], maxsplit=1)[0].strip()
            author = person(named, strict=False, known=self.known) or named
            self.author = author
            return self._start(found, author, bullet, number, whole, zoom["text"])
        if not rest:
            return self._start(found, self.author, bullet, number, whole, "")
        speaker = _SPEAKER.match(rest)
        if speaker:
            who = person(speaker["name"], strict=False, known=self.known)
            if who:
                return self._start(found, who, bullet, number, whole, speaker["text"])
        who = person(rest, strict=True, known=self.known)
        if who and following and self._is_body(following):
            self.author = who
            self.known.add(who.lower())
            return self._start(found, who, bullet, number, whole, "")
        return self._start(found, None, bullet, number, whole, rest)

    def _named(self, line: str, *, peek: bool) -> tuple[str, Found, str] | None:
        """`Name  [10:42 AM]`, `Name, 10:42 AM` or `Name (10:42): text`: name, stamp, text."""
        for start in _STAMP_START.finditer(line[:64]):
            found = self._peek(line, start.start())
            if found is None or not (found.at or found.flag):
                continue
            after = _AFTER_NAME.match(line[found.end :])
            name = person(_NAME_END.sub("", line[: start.start()]), strict=False, known=self.known)
            if after is None or name is None:
                continue
            if not peek:
                found = self.calendar.read(line, start.start())
                assert found is not None
                self.author = name
                self.known.add(name.lower())
            return name, found, after["text"] or ""
        return None

    def _start(
        self, found: Found, author: str | None, bullet: bool, number: int, raw: str, text: str
    ) -> None:
        lines = [*self.pending, number]
        self.pending = []
        body = [text] if text else []
        self.messages.append(_Message(found, author, bullet, body, lines, raw, len(body)))


def read_chat(lines: list[str], calendar: Calendar, people: Iterable[str] = ()) -> list[Event]:
    """Events from a pasted chat or log, in the order written."""
    return ChatReader(calendar, {p.lower() for p in people}).read(lines)
