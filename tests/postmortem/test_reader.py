"""The paste reader on its own: time spellings, zones, markup, and input that loses nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from datadog_incidents_mcp.postmortem.markup import clean_html, clean_slack
from datadog_incidents_mcp.postmortem.reader import read_timeline
from datadog_incidents_mcp.postmortem.stamps import zone_named

ANCHOR = datetime(2026, 11, 13, 20, 0, tzinfo=UTC)
NOT_IN_CHAT = str.maketrans("", "", "\r\n,;\t")  # line breaks, and the marks of a table


def _first(text: str, zone: str = "UTC") -> tuple[str | None, str]:
    event = read_timeline(text, anchor=ANCHOR, zone=zone_named(zone)).events[0]
    return (event.at.isoformat() if event.at else None), event.label


@pytest.mark.parametrize(
    ("line", "at"),
    [
        ("12:05 AM x", "2026-11-14T00:05:00+00:00"),  # nearest the 20:00 declaration
        ("12:05 PM x", "2026-11-13T12:05:00+00:00"),
        ("7pm x", "2026-11-13T19:00:00+00:00"),
        ("7:41:09 p.m. x", "2026-11-13T19:41:09+00:00"),
        ("Thursday, November 12th, 2026 at 9:15 AM x", "2026-11-12T09:15:00+00:00"),
        ("13 November 2026 21:00 GMT+2 x", "2026-11-13T19:00:00+00:00"),
        ("21:00 (UTC+01:00) x", "2026-11-13T20:00:00+00:00"),
        ("14:30 America/New_York x", "2026-11-13T19:30:00+00:00"),
        ("11:30 PT x", "2026-11-13T19:30:00+00:00"),
        ("1794600000123 x", "2026-11-13T20:00:00.123000+00:00"),
        ("11/13/26 8:00 PM x", "2026-11-13T20:00:00+00:00"),
        ("2026/11/13 20:00 x", "2026-11-13T20:00:00+00:00"),
        ("Jan 2 08:00 x", "2027-01-02T08:00:00+00:00"),  # the year nearest the incident
    ],
)
def test_time_spellings(line: str, at: str) -> None:
    assert _first(line) == (at, "x")


def test_the_zone_after_a_range_applies_to_both_ends() -> None:
    assert _first("14:05-14:20 PST checkout errors") == (
        "2026-11-13T22:05:00+00:00",
        "14:20 PST checkout errors",
    )
    assert _first("2:05 PM to 2:20 PM EST x")[0] == "2026-11-13T19:05:00+00:00"
    assert _first("10:00:00-05:00 x")[0] == "2026-11-13T15:00:00+00:00"  # an offset


def test_headings_email_headers_and_edit_marks_are_no_events() -> None:
    paste = (
        "Timeline (all times EET)\n"
        "- 21:05 deploy started\n"
        "Root cause\n"
        "A bad config push.\n"
        "From: Ana Ruiz <ana@example.com>\n"
        "Sent: Friday, November 13, 2026 9:40 PM\n"
        "Subject: checkout\n"
        "rolled back\n"
        "(edited)\n"
    )
    reading = read_timeline(paste, anchor=ANCHOR)
    shown = [(e.at and e.at.strftime("%H:%M"), e.author, e.text, e.lines) for e in reading.events]
    assert shown == [
        ("19:05", None, "deploy started", (2,)),
        (None, None, "A bad config push.", (4,)),
        ("19:40", "Ana Ruiz", "rolled back", (5, 6, 7, 8, 9)),
    ]
    assert reading.context == [1, 3]


def test_a_zone_argument_follows_daylight_saving_time() -> None:
    assert _first("2026-07-01 12:00 x", "Europe/Berlin")[0] == "2026-07-01T10:00:00+00:00"
    assert _first("2026-11-13 12:00 x", "Europe/Berlin")[0] == "2026-11-13T11:00:00+00:00"


def test_an_unknown_zone_name_is_refused_with_examples() -> None:
    with pytest.raises(ValueError, match="Europe/Berlin"):
        zone_named("Mars/Olympus")


@pytest.mark.parametrize("folder", ["US", "America", "America/Argentina"])
def test_a_folder_of_the_zone_database_is_no_zone(folder: str) -> None:
    # Loading one raised IsADirectoryError: the tool failed, and so did any paste naming one.
    with pytest.raises(ValueError, match="Europe/Berlin"):
        zone_named(folder)
    assert _first(f"14:05 {folder} deploy") == ("2026-11-13T14:05:00+00:00", f"{folder} deploy")


def test_words_that_only_look_like_times_or_zones_stay_text() -> None:
    assert _first("19:00 ALERT firing")[1] == "ALERT firing"
    assert _first("19:00 +1 from me")[1] == "+1 from me"
    assert _first("version 10.0.3 deployed") == (None, "version 10.0.3 deployed")


def test_slack_markup_is_made_readable() -> None:
    text = (
        "<!subteam^S1|@payments-oncall> <#C1|incidents> <@U1> <@U2|sam> "
        "<https://x.example/a> <https://x.example/b|runbook> :fire: :unknown_emoji: a &amp; b"
    )
    assert clean_slack(text, {"U1": "Ana Ruiz"}) == (
        "@payments-oncall #incidents @Ana Ruiz @sam https://x.example/a "
        "[runbook](https://x.example/b) 🔥 :unknown_emoji: a & b"
    )


def test_teams_html_is_made_readable() -> None:
    html = '<div><p>rolled back<br>by <at id="1">Ravi Menon</at></p><p>a &lt; b</p></div>'
    assert clean_html(html) == "rolled back\nby @Ravi Menon\na < b"


def test_an_export_record_gives_its_html_text_and_its_sender_as_people_read_them() -> None:
    """Zulip's rendered `content` and `sender_full_name`; Rocket.Chat's `msg` and `u`."""
    zulip = {
        "messages": [
            {
                "sender_full_name": "Tomas Varga",
                "timestamp": 1794599042,
                "content": '<p><span class="user-mention">@Ana Ruiz</span> rolling back</p>',
            }
        ]
    }
    rocket = {
        "messages": [
            {
                "msg": "error rate back under 0.5%",
                "ts": "2026-11-13T19:54:02.118Z",
                "u": {"_id": "y65tAmHs93aDChMWu", "username": "lena.okafor"},
            }
        ]
    }
    read = [read_timeline(json.dumps(x), anchor=ANCHOR).events[0] for x in (zulip, rocket)]
    assert [(e.author, e.text) for e in read] == [
        ("Tomas Varga", "@Ana Ruiz rolling back"),
        ("lena.okafor", "error rate back under 0.5%"),
    ]


def test_a_csv_cell_spanning_lines_keeps_all_its_lines() -> None:
    table = 'time,text\n19:40,"first line\nsecond line"\n19:45,next\n'
    events = read_timeline(table, anchor=ANCHOR).events
    assert [(e.label, e.lines) for e in events] == [
        ("first line\nsecond line", (2, 3)),
        ("next", (4,)),
    ]


def _json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=40),
            st.sampled_from(
                ["Ana Ruiz  [10:42 AM]", "10:43", "Friday, November 13th", "- 19:45 x", "{", "]"]
            ),
        ),
        max_size=25,
    )
)
def test_any_chat_paste_is_read_without_error_and_every_line_lands_in_an_event(
    lines: list[str],
) -> None:
    text = "\n".join(line.translate(NOT_IN_CHAT) for line in lines)
    assume(not _json(text.strip()))  # JSON exports are records, checked by the corpus
    reading = read_timeline(text, anchor=ANCHOR)
    placed = sorted([n for e in reading.events for n in e.lines] + reading.context)
    content = [n for n, line in enumerate(text.strip("\n").splitlines(), start=1) if line.strip()]
    assert placed == content
