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

import copy
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from datadog_incidents_mcp.postmortem.markup import clean_slack
from datadog_incidents_mcp.postmortem.stamps import Calendar, Found, opens_range, stated_zone
from datadog_incidents_mcp.postmortem.timeline import IMPORTANT, Event

_BULLET = re.compile(r"^(?:[-*•+]|\d+[.)])\s+")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff]")
_LEAD = re.compile(r"^\s*(?:[-–—|>·•:]\s*)?")
# Markup around a line: a Markdown heading or quote mark, bold or italic stars.
_HEADING = re.compile(r"^#{1,6}\s")
_MARKS = re.compile(r"^>\s?|\*\*|(?<!\w)_{2}|_{2}(?!\w)")
_FENCE = re.compile(r"^(?:```|~~~)")
# A Markdown table: the pipes at a row's ends are markup, and its rule row (`|---|:--:|`)
# is context; the cells in between stay as written, the first cell's stamp read as any.
_TABLE_EDGES = re.compile(r"^\|\s?|\s?\|$")
_TABLE_RULE = re.compile(r"\|?\s{0,3}:?-{3,}:?\s{0,3}(?:\|\s{0,3}:?-{3,}:?\s{0,3}){0,30}\|?")
# Log prefixes before the stamp: a syslog priority and version (`<14>1 `), a klog level
# and month-day (`E1113 19:39:12.123456`, read as `Nov 13 19:39:12.123456`).
_SYSLOG = re.compile(r"^<\d{1,3}>\d{0,2}\s")
_KLOG = re.compile(
    r"^[IWEF](0[1-9]|1[0-2])([0-3]\d)\s(\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)"
    r"(?:\s{1,20}\d{1,9}\s(?=\S))?"  # the thread id after the time
)
_MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
# A place where a stamp may begin inside a sentence: a number or a month or weekday name
# at the start of a word (the name's letters bounded, so each try is short).
_CANDIDATE = re.compile(
    r"(?<![\w.:/-])(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu"
    r"|fri|sat|sun)[a-z]{0,6}\b)",
    re.IGNORECASE,
)
_SEARCHED = 2000  # how far into a line a stamp is looked for
_TRIES = 24  # and at how many places at most
_LABEL = re.compile(r"[A-Za-z][A-Za-z ]{0,30}")
# An "edited" marker after a stamp. Starts only where a run of spaces begins, and no two
# of its repeats can take the same space, so a long run is scanned once.
_EDITED = re.compile(r"(?<!\s)\s*(?:[-–(]\s*)?\(?edited\)?\s*$", re.IGNORECASE)
_EDITED_ALONE = re.compile(r"\(?edited\)?", re.IGNORECASE)
# Email headers: `From:` names the author, `Sent:` or `Date:` the time of the body below.
_MAIL_HEADER = re.compile(
    r"(?P<key>from|sent|date|to|cc|bcc|subject|reply-to):\s*(?P<value>.*)", re.IGNORECASE
)
_MAIL_ADDRESS = re.compile(r"[<\[(][^<>\[\]()]*@[^<>\[\]()]*[>\])]")
# `-----Original Message-----`, `---------- Forwarded message ---------`, a rule `---`.
_SEPARATOR = re.compile(r"[-_=*]{3,}(?:\s*[A-Za-z][A-Za-z ]{0,30}?\s*[-_=*]{3,})?")
_ACTION = re.compile(
    r"\s(?:added|posted|left|wrote)\s(?:a\s)?(?:comment|note|reply)$|\scommented$",
    re.IGNORECASE,
)
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
_NAME_END = re.compile(r"(?<![\s,:\-–—|·•])[\s,:\-–—|·•]+$")
_STAMP_START = re.compile(r"(?<=[\s,(\[])[\[(]?(?:\d|[A-Za-z]{3})")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HANDLE = re.compile(r"[a-z][a-z0-9]*(?:[._-][a-z0-9]+)+")
_LONGEST_NAME = 48
_PEEKS_KEPT = 20_000  # stamps looked at without reading, remembered at most
# A status history's day divider under its month heading: `19.9`, `31`.
_DAY_NUMBER = re.compile(r"(?:[12]\d|3[01]|0?[1-9])(?:\.(?:1[0-2]|0?[1-9]))?\.?")
_LABEL_SPACES = 5
_LABEL_COLON = re.compile(
    r"[A-Z][A-Za-z]{0,20}(?: [A-Za-z]{1,20}){0,3}:\s"
)  # a label before a stamp: three words, a dash
# A place in a line as the calendar stands: line, position, the day and the last moment.
_At = tuple[str, int, date | None, datetime | None]
# What a plain-text heading may be: a few words, a postmortem's section names, a question.
_HEADING_WORDS = 12
_HEADING_CHARS = 100
_PARENS = re.compile(r"\([^()]{0,80}\)")
_SECTION = re.compile(
    r"(?:issue |incident |executive |post[- ]?incident )?(?:summary|timeline|root causes?|"
    r"impact|what happened|background|detection|resolution|remediation|mitigation|recovery|"
    r"lessons learned|action items|follow[- ]?ups?|next steps|incident report|"
    r"post[- ]?mortem|past incidents|update timeline|conclusions?)\b"
)
_COLUMN = r"(?:date|day|time|timestamp|time \(?utc\)?|event|description|details|action|who|what)"
_COLUMNS = re.compile(rf"{_COLUMN}(?:[\s|,/]{{1,3}}{_COLUMN}){{1,5}}")
_QUESTIONS = {"what", "how", "why", "when", "where", "who", "which"}
_PREPOSITIONS = {"at", "from", "by", "until", "since", "to", "around", "after", "before", "on"}
_PARTICLES = {"de", "da", "di", "du", "del", "der", "van", "von", "la", "le", "bin", "al"}
# A status page's names for the stage of an update: over its text, never a heading.
_STAGES = {
    "completed",
    "identified",
    "in progress",
    "investigating",
    "monitoring",
    "postmortem",
    "resolved",
    "scheduled",
    "update",
    "verifying",
}
_NOT_NAMES = _STAGES | {
    "action",
    "alert",
    "answer",
    "at",
    "began",
    "between",
    "by",
    "from",
    "on",
    "posted",
    "started",
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
    "root cause",
    "status",
    "summary",
    "todo",
    "warning",
}


def _tidy(line: str) -> str:
    return _INVISIBLE.sub("", line).replace("\u00a0", " ").replace("\u202f", " ").strip()


def _plain(line: str) -> tuple[str, bool]:
    """A line without its markup and log prefix, and whether it is a Markdown heading."""
    unmarked = _HEADING.sub("", line)
    heading = unmarked != line
    text = _MARKS.sub("", unmarked).strip()
    if text[:1] == "|" or text[-1:] == "|":
        text = "" if _TABLE_RULE.fullmatch(text) else _TABLE_EDGES.sub("", text).strip()
    text = _SYSLOG.sub("", text)
    klog = _KLOG.match(text)
    if klog:
        month = _MONTH_NAMES[int(klog.group(1)) - 1]
        text = f"{month} {klog.group(2)} {klog.group(3)} {text[klog.end() :]}"
    return text, heading


def _is_zone_statement(line: str) -> bool:
    """A short line that only says which zone the times are in."""
    return len(line) < 60 and stated_zone(line) is not None


def _is_mail(lines: list[str]) -> bool:
    """Whether the paste holds an email: a `From:` header with `Sent:` or `Date:` just below."""
    for i, line in enumerate(lines):
        if line[:5].lower() == "from:":
            below = (_MAIL_HEADER.fullmatch(nxt) for nxt in lines[i + 1 : i + 4])
            if any(h and h["key"].lower() in ("sent", "date") for h in below):
                return True
    return False


def is_section(line: str) -> bool:
    """Whether a line names a postmortem's section (`Root cause`, `Timeline (all times
    EET)`) or a table's columns (`Date Time Description`)."""
    plain = " ".join(_PARENS.sub("", line).rstrip(":").split()).lower()
    return bool(_SECTION.fullmatch(plain) or _COLUMNS.fullmatch(plain))


def is_heading(line: str, following: str) -> bool:
    """Whether an untimed plain-text line names a section rather than tells what happened:
    `Root cause`, `What went wrong, and why?`, `Timeline (all times EET)`, `Impact:` over
    a list, a title in capitals. A heading is short and no sentence; it is known by its
    words (a section of a postmortem, a question), its capitals, or a colon before a list.
    """
    words = _PARENS.sub("", line).split()
    if not words or len(words) > _HEADING_WORDS or len(line) > _HEADING_CHARS:
        return False
    if line.endswith(":"):
        return bool(following) and (
            bool(_BULLET.match(following)) or bool(_CANDIDATE.match(following))
        )
    if line[-1] in ".!;,":
        return False
    if is_section(line):
        return True
    if line.endswith("?"):
        return words[0].lower() in _QUESTIONS
    capitals = [w for w in words if len(w) > 3 and w[0].isalpha()]
    return bool(capitals) and words[0][0].isupper() and all(w[0].isupper() for w in capitals)


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
    headed: bool = False  # a heading or label over its paragraph: the next line is its text
    section: str | None = None  # the paste's heading above it

    def event(self) -> Event:
        text = clean_slack("\n".join(self.body).strip()) or "(no text)"
        found = self.found
        if found is None or found.at is None:
            reason = found.flag if found and found.flag else "no time found"
            # An unreadable stamp is shown as written, with the lines that follow it.
            shown = [self.raw, *self.body[self.inline :]] if found else self.body
            return Event(
                None,
                "\n".join(shown),
                "user",
                flagged=reason,
                lines=tuple(self.lines),
                section=self.section,
            )
        return Event(
            found.at,
            text,
            "user",
            important=bool(IMPORTANT.search(text)),
            flagged=found.flag,
            author=self.author,
            lines=tuple(self.lines),
            section=self.section,
        )


@dataclass
class ChatReader:
    """Reads a paste line by line; `known` holds lower-cased names known to be people."""

    calendar: Calendar
    known: set[str]
    messages: list[_Message] = field(default_factory=list[_Message])
    author: str | None = None  # of the last header, for the time-only lines under it
    pending: list[int] = field(default_factory=list[int])  # header lines read ahead
    # A status page's history gives each update's time after its text: the lines wait in
    # `block` for the stamp line that closes them.
    trailing: bool = False
    # How many lines over a history's first update may be the page's title: where every
    # later update has as many lines (a list whose entries look alike), those beyond that.
    title_room: int | None = None
    block: list[tuple[int, str]] = field(default_factory=list[tuple[int, str]])
    context: list[int] = field(default_factory=list[int])  # lines that are no event
    titles: list[str] = field(default_factory=list[str])  # pending titles over a stamp line
    broken: bool = False  # a heading came last: the next line does not continue a message
    mail: bool = False  # the paste is an email thread: its headers give author and time
    section: str | None = None  # the last heading read
    peeked: dict[_At, Found | None] = field(default_factory=dict[_At, Found | None])
    clocks: dict[_At, tuple[int | None, int] | None] = field(
        default_factory=dict[_At, tuple[int | None, int] | None]
    )

    def read(self, lines: list[str]) -> list[Event]:
        """Events in the order written; `Event.lines` numbers the lines from 1. Context
        (headings, zone statements, day dividers, code fences) sets the day or the zone
        and is not an event."""
        tidy = [_tidy(line) for line in lines]
        numbers = [n for n, line in enumerate(tidy) if line]
        plain = {n: _plain(tidy[n]) for n in numbers}
        self.trailing = self._times_follow_text([plain[n] for n in numbers])
        self.mail = _is_mail([plain[n][0] for n in numbers])
        for position, index in enumerate(numbers):
            following = plain[numbers[position + 1]][0] if position + 1 < len(numbers) else ""
            started = len(self.messages)
            self._line(*plain[index], following, index + 1)
            if self.context and self.context[-1] == index + 1 and plain[index][0][:1].isalpha():
                self.section = plain[index][0]  # a heading: the lines below sit under it
            for message in self.messages[started:]:
                message.section = self.section
        for number in self.pending:  # a trailing name line: kept, as every line is
            self.messages.append(_Message(None, None, False, [tidy[number - 1]], [number]))
        for number, text in self.block:  # lines after the last stamp of a history
            self.messages.append(_Message(None, None, False, [text], [number]))
        return [m.event() for m in self.messages]

    def _times_follow_text(self, marked: list[tuple[str, bool]]) -> bool:
        """Whether the paste is a history whose stamps close the updates above them: an
        update "Posted" at a time, or text (no heading) before the first stamp line and
        none after the last."""
        lines = [line if not heading else "" for line, heading in marked]
        stamps = [i for i, (line, _) in enumerate(marked) if self._stamp_line(line)]
        if not stamps:
            return False
        sizes = [after - before - 1 for before, after in itertools.pairwise(stamps)]
        alike = len(set(sizes)) == 1
        self.title_room = max(stamps[0] - sizes[0], 0) if sizes and alike else None
        if any(lines[i].lower().startswith("posted") for i in stamps):
            return True
        before = lines[stamps[0] - 1] if stamps[0] else ""
        untimed = bool(before) and self._clock_in(before) is None
        named = person(before, strict=True, known=self.known) is not None
        return untimed and not named and stamps[-1] == len(lines) - 1

    def _stamp_line(self, line: str) -> tuple[str, Found] | None:
        """A line that is only a stamp, maybe after a label (`Posted`, `Resolved -`):
        the label and the stamp."""
        body = _BULLET.sub("", line)
        found = self._peek(body)
        if found and (found.at or found.flag):
            rest = _EDITED.sub("", body[found.end :]).strip(" -–—:")
            return ("", found) if not rest else None
        labelled = self._labelled(body)
        return labelled[:2] if labelled and not labelled[2] else None

    def _labelled(self, line: str) -> tuple[str, Found, str] | None:
        """`investigating Feb 19, 2024, 05:12 PM UTC`, `Update 6:14pm UTC: text`: a short
        label that is no name, a stamp, and the text after it."""
        for start in _STAMP_START.finditer(line[:48]):
            if line.count(" ", 0, start.start()) > _LABEL_SPACES:
                return None  # past three words and their dashes: no label any more
            found = self._peek(line, start.start())
            if found is None or not (found.at or found.flag) or opens_range(line, found.end):
                continue
            label = _NAME_END.sub("", line[: start.start()])
            words = label.lower().split()
            if not _LABEL.fullmatch(label) or len(words) > 3 or words[-1] in _PREPOSITIONS:
                continue
            after = _AFTER_NAME.match(_EDITED.sub("", line[found.end :]))
            if after is not None:
                return label, replace(found, end=start.start()), after["text"] or ""
        return None

    def _clock_in(self, line: str) -> tuple[int | None, int] | None:
        """Where the first clock of a sentence starts, and the date written before it."""
        key = (line, -1, self.calendar.day, self.calendar.last)
        if key not in self.clocks:
            self.clocks = {key: self._first_clock(line)}  # asked twice for one line at most
        return self.clocks[key]

    def _first_clock(self, line: str) -> tuple[int | None, int] | None:
        dated = None
        for tries, candidate in enumerate(_CANDIDATE.finditer(line, 0, _SEARCHED)):
            if tries >= _TRIES:
                break
            found = self._peek(line, candidate.start())
            if found is None:
                continue
            if found.at or found.flag:
                return dated, candidate.start()
            if found.day:
                dated = candidate.start()
        return None

    def _peek(self, line: str, pos: int = 0) -> Found | None:
        """The stamp at `pos` as the calendar would read it now, without moving it. A line
        is looked at from several sides, so the answers are kept while the calendar stands."""
        key = (line, pos, self.calendar.day, self.calendar.last)
        if key not in self.peeked:
            if len(self.peeked) > _PEEKS_KEPT:
                self.peeked.clear()
            self.peeked[key] = copy.copy(self.calendar).read(line, pos)
        return self.peeked[key]

    def _is_time_only(self, line: str) -> bool:
        found = self._peek(_BULLET.sub("", line))
        return bool(found and (found.at or found.flag) and not line[found.end :].strip())

    def _is_body(self, line: str) -> bool:
        """Whether `line` would continue a message rather than start one."""
        stripped = _BULLET.sub("", line)
        found = self._peek(stripped)
        return not (found and (found.at or found.flag)) and self._named(stripped, peek=True) is None

    def _line(self, line: str, heading: bool, following: str, number: int) -> None:
        broken, self.broken = self.broken, False
        if not line or _FENCE.match(line) or _SEPARATOR.fullmatch(line):
            self.context.append(number)
            return
        if _EDITED_ALONE.fullmatch(line) and self.messages:
            self.messages[-1].lines.append(number)  # a chat's mark on the message above
            return
        header = _MAIL_HEADER.fullmatch(line) if self.mail else None
        if header is not None:
            return self._mail_header(header, line, number)
        bullet = bool(_BULLET.match(line))
        body = _BULLET.sub("", line) if bullet else line
        found = self._peek(body)
        if found is not None and not body[found.end :].strip(" -–—") and found.day:
            self.calendar.read(body)  # a date line: it sets the day of the clocks below it
            if person(following, strict=True, known=self.known):
                self.pending.append(number)  # over a two-line header: part of its message
            else:
                self.context.append(number)
            return
        timed = found is not None and bool(found.at or found.flag)
        if not timed and (heading or _is_zone_statement(body)):
            self.context.append(number)
            return
        if self.trailing:
            return self._history(line, number)
        if found is not None and (found.at or found.flag):
            found = self.calendar.read(body)
            assert found is not None
            self._stamped(found, body, body[found.end :], following, number, bullet)
            return
        named = self._named(body, peek=False)
        if named is not None:
            return self._start(named[1], named[0], bullet, number, line, named[2])
        labelled = self._labelled(body)
        if labelled is not None:
            label, found, text = labelled
            found = self.calendar.read(body, found.end)
            assert found is not None
            self._start(found, None, bullet, number, line, text or label)
            self.messages[-1].headed = not text
            return
        if _DAY_NUMBER.fullmatch(body) and not (self.messages and self.messages[-1].author):
            self.context.append(number)  # `19.9` or `31` under a month: a day divider
            self.broken = True
            return
        section = is_section(body)
        who = None if section else person(body, strict=True, known=self.known)
        if who and self._is_time_only(following):
            self.author = who
            self.known.add(who.lower())
            self.pending.append(number)
            return
        current = self.messages[-1] if self.messages and not broken else None
        if not section and self._title(body, following, current):
            self.pending.append(number)
            self.titles.append(body)
            return
        if not bullet and self._heads_section(body, following, current):
            self.context.append(number)
            self.broken = True  # the line below starts an event of its own
            return
        clock = None
        if (
            current is None
            or current.found is None
            or (current.author is None and current.body and not current.headed)
        ):
            clock = self._clock_in(body)
        if clock is not None:
            dated, start = clock
            if dated is not None:
                self.calendar.read(body, dated)
            found = self.calendar.read(body, start)
            assert found is not None
            return self._start(found, None, bullet, number, line, body)
        if current is None or (bullet and current.bullet) or current.found is None:
            self.messages.append(_Message(None, None, bullet, [body], [number]))
            return
        current.body.append(line)
        current.headed = False
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

    def _mail_header(self, header: re.Match[str], line: str, number: int) -> None:
        """`From:` names the author of the message below, `Sent:`/`Date:` starts it at its
        time; `To:`, `Subject:` and the like belong to it without being its text."""
        key, value = header["key"].lower(), header["value"]
        if key == "from":
            self.author = _MAIL_ADDRESS.sub("", value).strip(' "') or value.strip("<> ")
            self.pending.append(number)
            return
        if key in ("sent", "date"):
            found = self.calendar.read(line, header.start("value"))
            if found is not None and (found.at or found.flag):
                return self._start(found, self.author, False, number, line, "")
        if self.pending or not self.messages:
            self.pending.append(number)
        else:
            self.messages[-1].lines.append(number)

    def _heads_section(self, line: str, following: str, current: _Message | None) -> bool:
        """A plain-text heading outside a chat message, and not the text under a bare
        stamp (`Jun 06, 2019 09:42` over `ISSUE SUMMARY`); an item of a list never is one."""
        if current is not None and current.found is not None:
            if not current.body:
                return False  # the text under a bare stamp or a chat header
            if current.author and not is_section(line):
                return False  # a chat message's line, unless it names a section
        if self._clock_in(line) is not None:
            return False
        return (
            self._dated_title(line)
            or self._paste_title(line, following)
            or is_heading(line, following)
        )

    def _paste_title(self, line: str, following: str) -> bool:
        """The paste's first line, capitalized and no sentence, over running text (not over
        a list of stamped lines, where it is the first note): a report's title."""
        if self.messages or self.pending or self.context or not line[0].isupper():
            return False
        if len(line.split()) > _HEADING_WORDS or line[-1] in ".!?:;,":
            return False
        found = self._peek(_BULLET.sub("", following))
        return not (found and (found.at or found.flag))

    def _dated_title(self, line: str) -> bool:
        """A short title that ends with a date (`Event: July 20, 2008`): the date sets the
        day of the clocks below it."""
        if len(line.split()) > _HEADING_WORDS or line[-1] in ".!?;":
            return False
        for tries, candidate in enumerate(_CANDIDATE.finditer(line, 0, _SEARCHED)):
            if tries >= _TRIES:
                return False
            found = self._peek(line, candidate.start())
            if found is not None and found.day and not line[found.end :].strip(" )"):
                self.calendar.read(line, candidate.start())
                return True
        return False

    def _title(self, line: str, following: str, current: _Message | None) -> bool:
        """A title over a stamp line, or over a labelled line that tells its time (`Summary
        of impact: Between 10:54 and ...`), outside any timed message: it joins that event."""
        if (current is not None and current.found is not None) or line[-1] in ".!?:;,":
            return False
        if self._stamp_line(following):
            return True
        label = _LABEL_COLON.match(following)
        return bool(label) and self._clock_in(following[label.end() :]) is not None

    def _history(self, line: str, number: int) -> None:
        """A line of a history whose stamps follow their text: a stamp line closes the
        update above it; any other line waits for one, its list mark kept as written."""
        stamp = self._stamp_line(line)
        if stamp is None:
            stage = _BULLET.sub("", line).lower().strip(" -–—:") in _STAGES
            titled = self.title_room is None or self.title_room > 0
            if titled and not (self.messages or self.block or stage or line[-1] in ".!?:"):
                self.context.append(number)  # the page's title, over its first update
                self.title_room = self.title_room and self.title_room - 1
            else:  # a stage's label keeps its words, not the dash after them
                self.block.append((number, line.rstrip(" -–—:") if stage else line))
            return
        label, found = stamp[0], stamp[1]
        found = self.calendar.read(_BULLET.sub("", line), found.end if label else 0)
        assert found is not None
        body = [text for _, text in self.block] or ([label] if label else [])
        lines = [*self.pending, *(n for n, _ in self.block), number]
        self.pending, self.block = [], []
        self.messages.append(_Message(found, None, False, body, lines, line, len(body)))

    def _named(self, line: str, *, peek: bool) -> tuple[str, Found, str] | None:
        """`Name  [10:42 AM]`, `Name, 10:42 AM` or `Name (10:42): text`: name, stamp, text."""
        for start in _STAMP_START.finditer(line[:64]):
            found = self._peek(line, start.start())
            if found is None or not (found.at or found.flag) or opens_range(line, found.end):
                continue
            after = _AFTER_NAME.match(_EDITED.sub("", line[found.end :]))
            said = _ACTION.sub("", _NAME_END.sub("", line[: start.start()]))
            name = person(said, strict=False, known=self.known)
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
        body = [*self.titles, text] if text else list(self.titles)
        self.pending, self.titles = [], []
        self.messages.append(_Message(found, author, bullet, body, lines, raw, len(body)))


def read_chat(
    lines: list[str], calendar: Calendar, people: Iterable[str] = ()
) -> tuple[list[Event], list[int]]:
    """Events from a pasted chat or log, in the order written, and the numbers of the
    lines read as context (headings, zone statements, day dividers)."""
    reader = ChatReader(calendar, {p.lower() for p in people})
    return reader.read(lines), reader.context
