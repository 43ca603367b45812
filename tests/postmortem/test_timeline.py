"""The timeline builder: parsing what people paste, merging, de-duplicating, trimming."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

from datadog_incidents_mcp.postmortem.reader import read_timeline
from datadog_incidents_mcp.postmortem.timeline import Event, fold, merge, trim

ANCHOR = datetime(2026, 11, 13, 20, 0, tzinfo=UTC)


def _shown(events: list[Event]) -> list[tuple[str | None, str, str | None]]:
    return [(e.at.isoformat() if e.at else None, e.label, e.flagged) for e in events]


def parse_user_timeline(text: str, **options: object) -> list[Event]:
    return read_timeline(text, **options).events  # type: ignore[arg-type]


def test_a_pasted_chat_log_with_mixed_zones_and_an_overnight_rollover() -> None:
    log = """
    [22:58] priya: paging payments on-call
    23:10 CET - sam: rolled back release 2026.11.13
    2026-11-13T23:40:00+02:00 checkout error rate back to baseline
    [11:55 PM] diego: status page updated
    00:20 UTC mei: root cause confirmed, disk full
    14:05 XYST bogus zone
    """
    assert _shown(parse_user_timeline(log, anchor=ANCHOR)) == [
        ("2026-11-13T22:58:00+00:00", "priya: paging payments on-call", None),
        ("2026-11-13T22:10:00+00:00", "sam: rolled back release 2026.11.13", None),
        ("2026-11-13T21:40:00+00:00", "checkout error rate back to baseline", None),
        ("2026-11-13T23:55:00+00:00", "diego: status page updated", None),
        ("2026-11-14T00:20:00+00:00", "mei: root cause confirmed, disk full", None),
        (None, "14:05 XYST bogus zone", "unknown timezone XYST"),
    ]


def test_lines_before_the_first_time_stand_alone_and_later_ones_continue_a_message() -> None:
    log = "notes from the bridge\n10:00 paging payments\nthey answered at once\n"
    assert _shown(parse_user_timeline(log, anchor=ANCHOR)) == [
        (None, "notes from the bridge", "no time found"),
        ("2026-11-13T10:00:00+00:00", "paging payments\nthey answered at once", None),
    ]


def test_times_take_the_default_zone_and_bullets_are_stripped() -> None:
    events = parse_user_timeline(
        "- 09:30 deploy started\n* 09:45 errors",
        anchor=ANCHOR,
        zone=timezone(timedelta(hours=-8)),
    )
    assert _shown(events) == [
        ("2026-11-13T17:30:00+00:00", "deploy started", None),
        ("2026-11-13T17:45:00+00:00", "errors", None),
    ]
    assert events[0].important and not events[1].important


def test_json_events_in_several_shapes() -> None:
    text = (
        '{"events": [{"time": "2026-11-13T19:45:00Z", "text": "alert fired"},'
        ' {"ts": 1794599100, "message": "mitigated by failover", "important": true},'
        ' {"timestamp": "around lunch", "event": "meeting"}, {"text": "no time at all"},'
        ' "a bare string"]}'
    )
    assert _shown(parse_user_timeline(text, anchor=ANCHOR)) == [
        ("2026-11-13T19:45:00+00:00", "alert fired", None),
        ("2026-11-13T19:45:00+00:00", "mitigated by failover", None),
        (None, "meeting", "unreadable time 'around lunch'"),
        (None, "no time at all", "no time found"),
        (None, "a bare string", "not an object"),
    ]


def test_pasted_lines_that_repeat_a_datadog_milestone_are_folded_into_it() -> None:
    declared = Event(
        ANCHOR, "Incident declared: Checkout down (SEV-1)", "incident", kind="declared"
    )
    said = Event(ANCHOR - timedelta(minutes=2), "declaring SEV-1", "user", author="Ana", lines=(4,))
    later = Event(ANCHOR + timedelta(hours=1), "declaring victory", "user", lines=(9,))
    recorded, pasted = fold([declared], [said, later])
    assert pasted == [later]
    assert recorded[0].text == (
        "Incident declared: Checkout down (SEV-1); pasted: “Ana: declaring SEV-1”"
    )
    assert recorded[0].lines == (4,) and recorded[0].at == ANCHOR


def test_merge_orders_by_time_keeps_unknown_times_last_and_drops_duplicates() -> None:
    a = Event(ANCHOR, "Incident declared", "incident", important=True)
    b = Event(ANCHOR - timedelta(minutes=5), "alert fired", "user")
    same_minute = ANCHOR - timedelta(minutes=4, seconds=40)  # 19:55:20, like b
    c = Event(same_minute, "Alert fired!", "user")
    d = Event(None, "note", "user", flagged="no time found")
    assert merge([a, d], [b, c]) == [b, a, d]
    pasted_twice = [replace(b, lines=(3,)), replace(c, lines=(7,))]
    assert merge(pasted_twice) == [replace(b, lines=(3, 7))]


def test_a_thousand_events_fit_the_budget_keeping_first_last_and_important() -> None:
    events = [Event(ANCHOR + timedelta(minutes=n), f"log line {n}", "user") for n in range(1000)]
    events[500] = Event(events[500].at, "rolled back the deploy", "user", important=True)
    events[731] = Event(events[731].at, "Incident resolved", "incident", important=True)
    trimmed = trim(events, 80)
    assert len(trimmed.events) == 80 and trimmed.omitted == 920
    assert trimmed.events[0] == events[0] and trimmed.events[-1] == events[-1]
    assert events[500] in trimmed.events and events[731] in trimmed.events
    assert [e.at for e in trimmed.events] == sorted(e.at for e in trimmed.events if e.at)
    assert trimmed.notes == ["920 less important events were left out to fit the budget"]


def test_a_short_timeline_is_kept_whole() -> None:
    events = [Event(ANCHOR, "one", "user")]
    assert trim(events, 80).events == events and trim(events, 80).omitted == 0
