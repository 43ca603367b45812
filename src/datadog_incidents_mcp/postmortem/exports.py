"""Events from exported chat data: Slack export JSON, Teams (Microsoft Graph) messages,
JSON event lists, and CSV or spreadsheet rows with a time column.

Each record becomes one event; `Event.lines` holds the record's number (the row's lines
for CSV, several where a quoted cell spans lines), so a caller can tell that none was lost.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, cast

from datadog_incidents_mcp.postmortem.markup import clean_html, clean_slack
from datadog_incidents_mcp.postmortem.stamps import Calendar
from datadog_incidents_mcp.postmortem.timeline import IMPORTANT, Event

Record = dict[str, Any]
_TEXT_KEYS = (
    "text",
    "message",
    "msg",
    "event",
    "description",
    "summary",
    "content",
    "body",
    "note",
)
_TIME_KEYS = (
    "time",
    "ts",
    "timestamp",
    "at",
    "date",
    "datetime",
    "created",
    "created_at",
    "createdAt",
    "created_date",
    "create_at",
    "when",
)
_AUTHOR_KEYS = (
    "author",
    "user_name",
    "username",
    "name",
    "sender_full_name",
    "who",
    "from",
    "sender",
    "by",
    "user",
    "creator",
    "owner",
    "agent",
    "u",
)
_TIME_COLUMN = re.compile(r"time|date|when|^ts$|created|posted|sent", re.IGNORECASE)
_TEXT_COLUMN = re.compile(
    r"text|message|event|description|summary|content|body|note|what|action|detail", re.IGNORECASE
)
_AUTHOR_COLUMN = re.compile(r"author|user|name|who|from|sender|^by$|owner|person", re.IGNORECASE)
_LONGEST_COLUMN = 40
# A closing tag: the text is HTML (Zulip's rendered `content`), never Slack's `<url|label>`.
_HTML_CLOSE = re.compile(r"</[A-Za-z][A-Za-z0-9]{0,10}\s{0,3}>")
_GRAPH_EVENTS = re.compile(r"#microsoft\.graph\.(\w+?)EventMessageDetail")


def _records(data: Any) -> list[Any] | None:
    """The list of messages or events inside an export, or None if there is none."""
    if isinstance(data, dict):
        box = cast(Record, data)
        for key in ("messages", "value", "events", "timeline", "items"):
            if isinstance(box.get(key), list):
                return cast(list[Any], box[key])
        # An API page (`data`, `log_entries`, ...): the one key that holds records.
        lists = [v for v in box.values() if _is_records(v)]
        return cast(list[Any], lists[0]) if len(lists) == 1 else None
    return cast(list[Any], data) if isinstance(data, list) else None


def _is_records(value: Any) -> bool:
    return isinstance(value, list) and any(isinstance(v, dict) for v in cast(list[Any], value))


def json_lines(text: str) -> list[Any] | None:
    """Records of JSON Lines text (one object a line, as Mattermost's bulk export), with
    each record that wraps its content under its `type` (`{"type": "post", "post": ...}`)
    unwrapped; None if a line is not JSON."""
    records: list[Any] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            record: Any = json.loads(line)
        except ValueError:
            return None
        if isinstance(record, dict):
            box = cast(Record, record)
            inner = box.get(str(box.get("type")))
            record = cast(Record, inner) if isinstance(inner, dict) else box
        records.append(record)
    return records


def _string(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, dict):
        named = cast(Record, value)
        for key in (
            "displayName",
            "real_name",
            "name",
            "display_name",
            "username",
            "summary",
            "email",
        ):
            if isinstance(named.get(key), str) and named[key].strip():
                return str(named[key]).strip()
    return None


@dataclass
class ExportReader:
    calendar: Calendar

    def moment(self, stamp: Any) -> tuple[datetime | None, str | None]:
        """A record's time, from epoch seconds (number or Slack `ts` string) or any
        spelling the paste reader knows; (None, reason) when it cannot be read."""
        if isinstance(stamp, bool) or stamp is None:
            return None, "no time found"
        if isinstance(stamp, int | float):
            seconds = stamp / 1000 if stamp > 1e12 else stamp
            try:
                return datetime.fromtimestamp(seconds, UTC), None
            except (OverflowError, OSError, ValueError):
                return None, f"unreadable time {stamp!r}"
        text = str(stamp).strip()
        found = self.calendar.read(text)
        if found and found.at and not text[found.end :].strip():
            return found.at, found.flag
        return None, (found.flag if found and found.flag else f"unreadable time {text!r}")

    def event(self, stamp: Any, text: str, author: str | None, number: int | range) -> Event:
        at, flag = self.moment(stamp)
        if at is None:
            shown = f"{author}: {text}" if author else text
            return Event(None, shown or "(no text)", "user", flagged=flag, lines=_numbers(number))
        return Event(
            at,
            text or "(no text)",
            "user",
            important=bool(IMPORTANT.search(text)),
            flagged=flag,
            author=author,
            lines=_numbers(number),
        )


def _numbers(number: int | range) -> tuple[int, ...]:
    return (number,) if isinstance(number, int) else tuple(number)


def _slack_users(records: list[Record]) -> dict[str, str]:
    users: dict[str, str] = {}
    for r in records:
        profile = r.get("user_profile")
        name = _string(profile) or _string(r.get("user_name")) or _string(r.get("username"))
        if isinstance(r.get("user"), str) and name:
            users[r["user"]] = name
    return users


def _slack_text(r: Record, users: dict[str, str]) -> str:
    parts = [str(r.get("text") or "")]
    for attachment in cast(list[Any], r.get("attachments") or []):
        if isinstance(attachment, dict):
            a = cast(Record, attachment)
            parts.append(str(a.get("fallback") or a.get("text") or a.get("title") or ""))
    for file in cast(list[Any], r.get("files") or []):
        if isinstance(file, dict):
            parts.append(f"(file: {cast(Record, file).get('name') or 'attachment'})")
    return clean_slack("\n".join(p for p in parts if p.strip()), users).strip()


def _flatten(records: list[Any]) -> Iterator[Any]:
    """Records with the thread replies some exports nest inside them, in reading order."""
    for r in records:
        yield r
        if isinstance(r, dict):
            replies = cast(Record, r).get("replies")
            if isinstance(replies, list):
                nested = cast(list[Any], replies)
                yield from (x for x in nested if isinstance(x, dict) and len(cast(Record, x)) > 2)


@dataclass
class Records:
    events: list[Event]
    total: int  # records in the export, read or not
    headers: list[int]  # records that carry neither text nor time: a file's own header


def _is_header(record: Record) -> bool:
    """A record with no text and no time (Mattermost's leading `{"type": "version"}`)."""
    return not any(key in record for key in (*_TEXT_KEYS, *_TIME_KEYS))


def read_records(data: Any, calendar: Calendar, limit: int) -> Records | None:
    """Events from parsed JSON, and how many records there were; None if not an export."""
    records = _records(data)
    if records is None:
        return None
    flat = list(_flatten(records))
    dicts = [cast(Record, r) for r in flat if isinstance(r, dict)]
    users = _slack_users(dicts)
    reader = ExportReader(calendar)
    events: list[Event] = []
    headers: list[int] = []
    for number, r in enumerate(flat[:limit], start=1):
        if not isinstance(r, dict):
            text = json.dumps(r, ensure_ascii=False) if not isinstance(r, str) else r
            events.append(Event(None, text, "user", flagged="not an object", lines=(number,)))
        elif _is_header(cast(Record, r)) and len(flat) > 1:
            headers.append(number)
        else:
            events.append(_record_event(reader, cast(Record, r), users, number))
    return Records(events, len(flat), headers)


def _record_event(reader: ExportReader, r: Record, users: dict[str, str], number: int) -> Event:
    if "createdDateTime" in r or isinstance(r.get("body"), dict):  # Teams / Graph
        body = cast(Record, r.get("body") or {})
        text = clean_html(str(body.get("content") or ""))
        if r.get("deletedDateTime"):
            text = "(deleted message)"
        detail = _GRAPH_EVENTS.search(json.dumps(r.get("eventDetail") or {}))
        if detail and (not text or text == "<systemEventMessage/>"):
            text = re.sub(r"(?<!^)(?=[A-Z])", " ", detail.group(1)).lower()
        sender = cast(Record, r.get("from") or {})
        author = _string(sender.get("user")) or _string(sender.get("application"))
        return reader.event(r.get("createdDateTime"), text, author, number)
    if "ts" in r and ("text" in r or r.get("type") == "message"):  # Slack
        author = users.get(str(r.get("user"))) or _string(r.get("user_name"))
        author = author or _string(r.get("username")) or _string(r.get("bot_profile"))
        author = author or (str(r["user"]) if isinstance(r.get("user"), str) else None)
        return reader.event(r.get("ts"), _slack_text(r, users), author, number)
    text = next((str(r[k]) for k in _TEXT_KEYS if r.get(k)), "")
    channel = r.get("channel")
    if isinstance(channel, dict) and _string(cast(Record, channel).get("summary")):
        text = str(cast(Record, channel)["summary"])  # PagerDuty: a note's own words
    author = next((a for a in (_string(r.get(k)) for k in _AUTHOR_KEYS) if a), None)
    stamp = next((r[k] for k in _TIME_KEYS if r.get(k) is not None), None)
    if not text:
        text = json.dumps(r, ensure_ascii=False)
    readable = clean_html(text) if _HTML_CLOSE.search(text) else clean_slack(text)
    event = reader.event(stamp, readable, author, number)
    return replace(event, important=True) if r.get("important") is True else event


def read_table(lines: list[str], calendar: Calendar) -> list[Event] | None:
    """Events from CSV or tab-separated rows whose header names a time column; None if the
    rows are not such a table, or hold a cell over the csv module's size limit (128 KiB)."""
    header = lines[0]
    if len(header) > 300:
        return None
    delimiter = max("\t,;", key=header.count)
    columns = [c.strip().lower() for c in next(csv.reader([header], delimiter=delimiter))]
    times = [i for i, c in enumerate(columns) if _TIME_COLUMN.search(c)]
    # A header names columns: short cells, no digits. A sentence with a comma in it, or
    # a stamp such as `Mar 12, 2026 9:41 AM`, is a line of text.
    named = all(len(c) <= _LONGEST_COLUMN and not any(d.isdigit() for d in c) for c in columns)
    if len(columns) < 2 or not times or not named:
        return None
    try:  # on a copy: rows read before a failure must not move the day of what reads next
        return _rows(lines, delimiter, columns, times, ExportReader(replace(calendar)))
    except csv.Error:
        return None


def _rows(
    lines: list[str], delimiter: str, columns: list[str], times: list[int], reader: ExportReader
) -> list[Event]:
    texts = [i for i, c in enumerate(columns) if _TEXT_COLUMN.search(c) and i not in times]
    authors = [i for i, c in enumerate(columns) if _AUTHOR_COLUMN.search(c) and i not in times]
    events: list[Event] = []
    rows = csv.reader((line + "\n" for line in lines[1:]), delimiter=delimiter)
    read = 1  # the header line
    for row in rows:
        span, read = range(read + 1, rows.line_num + 2), rows.line_num + 1
        cells = [c.strip() for c in row] + [""] * max(0, len(columns) - len(row))
        if not any(cells):
            continue
        author = next((cells[i] for i in authors if cells[i] and i not in texts), None)
        used = {*times, *([authors[0]] if author else [])}
        chosen = texts or [i for i in range(len(cells)) if i not in used]
        text = " · ".join(cells[i] for i in chosen if cells[i])
        stamp = " ".join(cells[i] for i in times if cells[i])
        events.append(reader.event(stamp or None, clean_slack(text), author, span))
    return events
