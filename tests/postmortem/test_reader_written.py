"""Timelines as people write them (issue 28): a time anywhere in a sentence, a zone stated
once, a status page's time after its text, headings and log prefixes around the stamp."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from datadog_incidents_mcp.postmortem.reader import read_timeline

ANCHOR = datetime(2026, 11, 13, 20, 0, tzinfo=UTC)


def _times(text: str) -> list[tuple[list[int], str | None]]:
    events = read_timeline(text, anchor=ANCHOR).events
    return [(list(e.lines), e.at.strftime("%d %H:%M") if e.at else None) for e in events]


@pytest.mark.parametrize(
    ("line", "at"),
    [
        ("It began at 11:20 PM PST, after a deploy.", "14 07:20"),
        ("Earlier this morning (around 0520 UTC) the site fell over.", "14 05:20"),
        ("Starting at 0:10 UTC on Nov 14th, power failed.", "14 00:10"),
        ("On Friday 13 November, 2026 beginning at 06:48 US/Pacific, IAM failed.", "13 14:48"),
        ("At 2026/11/13 6pm-ish UTC, we saw spammers.", "13 18:00"),
        ("Timeframe: 19:46 – 20:09 UTC (November 13, 2026)", "13 19:46"),  # a window, no name
    ],
)
def test_a_time_inside_a_sentence_dates_the_sentence_kept_whole(line: str, at: str) -> None:
    [event] = read_timeline(line, anchor=ANCHOR).events
    assert (event.at.strftime("%d %H:%M") if event.at else None, event.text) == (at, line)
    assert event.author is None


def test_a_zone_stated_once_applies_to_the_paste_and_the_note_says_so() -> None:
    paste = "Timeline (all times Pacific Time)\n6:19 PM: push starts\n6:26 PM: outage starts"
    reading = read_timeline(paste, anchor=ANCHOR)
    assert [(e.at.strftime("%H:%M") if e.at else None, e.text) for e in reading.events] == [
        ("02:19", "push starts"),
        ("02:26", "outage starts"),
    ]
    assert reading.context == [1]
    assert "America/Los_Angeles" in reading.notes[0] and "`timezone`" in reading.notes[0]


def test_with_no_zone_anywhere_the_note_says_utc_was_assumed() -> None:
    notes = read_timeline("19:40 first alert", anchor=ANCHOR).notes
    assert notes and "read as UTC" in notes[0] and "`timezone`" in notes[0]
    assert read_timeline("19:40 UTC first alert", anchor=ANCHOR).notes == []


def test_a_status_page_history_gives_each_update_the_time_below_it() -> None:
    paste = (
        "Resolved\nThis incident is resolved.\nPosted Nov 13, 2026 - 16:36 UTC\n"
        "Investigating\nAll backends are down; at 15:00 UTC certificates expired.\n"
        "Posted Nov 13, 2026 - 15:25 UTC"
    )
    assert _times(paste) == [([1, 2, 3], "13 16:36"), ([4, 5, 6], "13 15:25")]


def test_a_status_page_update_keeps_its_list_marks_and_drops_its_stage_dash() -> None:
    """githubstatus.com: `Resolved -` over the text, a list, then a year-less stamp."""
    paste = (
        "Resolved -\nWe rolled the deployment back.\n- We added a killswitch.\n"
        "- We moved the cache.\nNov 13, 20:09 UTC\nUpdate -\nActions is operating normally.\n"
        "Nov 13, 19:55 UTC"
    )
    events = read_timeline(paste, anchor=ANCHOR).events
    assert [e.text for e in events] == [
        "Resolved\nWe rolled the deployment back.\n- We added a killswitch.\n- We moved the cache.",
        "Update\nActions is operating normally.",
    ]


def test_an_incident_list_keeps_its_first_entry_and_a_page_title_stays_context() -> None:
    """Entries alike (title, stage, stamp): the first is one of them, not the page's title;
    a history whose first update runs longer than the others starts under its title."""
    entries = "US2 issues\nidentified · major\nNov 13, 2026, 07:51 PM\n"
    entries += "DNS issues\nresolved · minor\nNov 12, 2026, 07:41 AM"
    assert _times(entries) == [([1, 2, 3], "13 19:51"), ([4, 5, 6], "12 07:41")]
    titled = (
        "Site down\nIncident Report for Shop\nResolved\nFixed.\nPosted Nov 13, 2026 - 20:30 UTC"
    )
    titled += "\nInvestigating\nLooking.\nPosted Nov 13, 2026 - 19:40 UTC"
    reading = read_timeline(titled, anchor=ANCHOR)
    assert [list(e.lines) for e in reading.events] == [[3, 4, 5], [6, 7, 8]]


def test_a_markdown_table_gives_its_rows_without_pipes_and_its_header_is_context() -> None:
    """A postmortem's `| Time (UTC) | Event |` table: header and rule row are context."""
    table = "| Time (UTC) | Event |\n| :--- | --- |\n| 19:52 | WARP fails |\n"
    table += "2026-11-13 20:06 | merged |"
    reading = read_timeline(table, anchor=ANCHOR)
    assert [(e.lines, e.text) for e in reading.events] == [((3,), "WARP fails"), ((4,), "merged")]


def test_an_item_of_a_list_is_never_a_heading() -> None:
    """`- GitHub Actions` under a timed line: a capitalized item, not a section's name."""
    paste = "19:46 Degraded availability affecting:\n- GitHub API\n- GitHub Actions"
    assert _times(paste) == [([1, 2, 3], "13 19:46")]


def test_a_heading_stamp_takes_its_paragraph_and_a_bare_heading_is_context() -> None:
    paste = (
        "## Incident timeline\n\n### 2026 November 13 22:52 UTC\n\n"
        "Monitoring alerted; by 23:02 UTC engineers saw the topology.\n"
        "- **investigating** Nov 13, 2026, 11:11 PM UTC\n"
    )
    reading = read_timeline(paste, anchor=ANCHOR)
    assert [(list(e.lines), e.at and e.at.strftime("%H:%M")) for e in reading.events] == [
        ([3, 5], "22:52"),
        ([6], "23:11"),
    ]
    assert reading.context == [1]
    assert reading.events[1].author is None


@pytest.mark.parametrize(
    "line",
    [
        "<14>1 2026-11-13T19:39:12.003Z checkout-7f9c app 812 ID47 - upstream timeout",
        "E1113 19:39:12.123456       1 reflector.go:138] failed to list pods",
        "Ana Ruiz added a comment - 13/Nov/26 7:39 PM",
    ],
)
def test_log_prefixes_and_tool_date_forms_are_read(line: str) -> None:
    assert _times(line) == [([1], "13 19:39")]


def test_a_stamp_with_a_comma_does_not_make_the_paste_a_table() -> None:
    paste = "Nov 13, 2026 7:41:07 PM first alert\nNov 13, 2026 7:45:00 PM paged"
    assert _times(paste) == [([1], "13 19:41"), ([2], "13 19:45")]


def test_updates_listed_newest_first_stay_on_their_day() -> None:
    paste = "9:05 PM PST\nreplies work\n5:18 PM PST\nforwarding affected"
    assert _times(paste) == [([1, 2], "14 05:05"), ([3, 4], "14 01:18")]


def test_records_under_an_api_key_and_json_lines_are_read_as_records() -> None:
    page = (
        '{"log_entries": [{"summary": "Acknowledged", "created_at": "2026-11-13T19:40:30Z",'
        ' "agent": {"summary": "Ana Ruiz"}}], "limit": 25}'
    )
    lines = (
        '{"type": "post", "post": {"user": "ana.ruiz", "message": "rolling back",'
        ' "create_at": 1794598800000}}\n{"type": "post", "post": {"user": "tomas", '
        '"message": "done", "create_at": 1794599010000}}'
    )
    read = [read_timeline(text, anchor=ANCHOR).events for text in (page, lines)]
    assert [[(e.lines, e.author, e.text) for e in events] for events in read] == [
        [((1,), "Ana Ruiz", "Acknowledged")],
        [((1,), "ana.ruiz", "rolling back"), ((2,), "tomas", "done")],
    ]


def test_the_one_zone_a_paste_writes_holds_for_its_clocks_that_name_none() -> None:
    paste = "It began at 20:11 PDT.\nBy 12:05 AM on November 14th, volumes were normal."
    reading = read_timeline(paste, anchor=ANCHOR)
    assert [e.at.strftime("%d %H:%M") if e.at else None for e in reading.events] == [
        "14 03:11",
        "14 07:05",
    ]
    assert "PDT" in reading.notes[0]
    mixed = "19:50 UTC first alert\n20:25 CET cache\n20:30 paged"
    assert [
        e.at and e.at.strftime("%H:%M") for e in read_timeline(mixed, anchor=ANCHOR).events
    ] == [
        "19:50",
        "19:25",
        "20:30",
    ]


def test_a_labelled_stamp_takes_the_paragraph_under_it_whatever_times_it_mentions() -> None:
    paste = (
        "  4. monitoring Nov 13, 2026, 11:54 PM UTC\n\n"
        "    The block holds. If you started a crawl at around 22:05 UTC, tell us."
    )
    assert _times(paste) == [([1, 3], "13 23:54")]
