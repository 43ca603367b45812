"""The corpus of pastes (tests/postmortem/corpus): each sample, read through the MCP client
against sandbox incident IR-12, gives exactly its expected events, and loses no line.

Two kinds of sample sit beside the project's own (written with the reader): `pub_*` are
timelines published by others, `prod_*` follow a chat or log product's documented copy or
export format. Their expected file names its `source`, `kind` and the issue-28 `families` it
exercises, and was written by reading the text as a person would, before running the reader:

- a line that carries its own time starts an event; an untimed line continues the event above
  it, and one after a `context` line (a heading, a zone statement, a day divider, a table
  header: listed in the expected file, never events) is an event of its own, "time unknown";
- a status-page update whose time comes after its text is one event with that time;
- `time` is the UTC minute the line means, with the zone the text states (once for the
  whole paste, or on the line); `options.timezone` is the zone a reader takes from context;
  `options.anchor` is the incident's declared time (bare clocks take its day), set on IR-12;
- `author` is who wrote the line (chat sender, email From, a column), never a label, "At",
  or the subject of a sentence;
- `text` drops the stamp and the markup around it (bullet, heading mark, brackets, a label's
  trailing dash or colon); a time inside a sentence leaves the sentence whole.
Flags are the reader's wording, so only time, author and text are compared for them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError
from mcp.types import INVALID_PARAMS

from datadog_incidents_mcp.postmortem.reader import MAX_LINES, read_timeline
from datadog_incidents_mcp.postmortem.stamps import zone_named
from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call
from tests.postmortem.corpus_known import MISREAD, UNPLACED
from tests.prompts.helpers import parts

pytestmark = pytest.mark.anyio
CORPUS = Path(__file__).parent / "corpus"
SAMPLES = sorted(p for p in CORPUS.iterdir() if not p.name.endswith(".expected.json"))
TEXTS = {p.name: p.read_text() for p in SAMPLES}
IR12_DECLARED = datetime(2026, 11, 13, 20, 0, tzinfo=UTC)
PROMPT_OPTIONS = ("timezone", "date_order")


def expected(sample: Path) -> dict[str, Any]:
    return json.loads(Path(f"{sample}.expected.json").read_text())


def anchor_of(options: dict[str, Any]) -> datetime:
    """The incident's declared time the sample is read against: IR-12's, unless it names one."""
    given = options.get("anchor")
    return datetime.fromisoformat(given) if given else IR12_DECLARED


def _declare_ir12_at(sandbox: Sandbox, moment: datetime) -> None:
    record = next(
        r for r in sandbox.store["incidents"].values() if r["attributes"]["public_id"] == 12
    )
    stamp = moment.astimezone(UTC).isoformat(timespec="microseconds")
    record["attributes"].update(declared=stamp, created=stamp)


def _known(table: dict[str, str]) -> list[Any]:
    """The samples, those the reader still gets wrong marked strict xfail with their family."""
    assert set(table) <= set(TEXTS), set(table) - set(TEXTS)
    return [
        pytest.param(p, id=p.name, marks=pytest.mark.xfail(strict=True, reason=table[p.name]))
        if p.name in table
        else pytest.param(p, id=p.name)
        for p in SAMPLES
    ]


async def _facts(mcp: Client, arguments: dict[str, str]) -> dict[str, Any]:
    prompt = await mcp.get_prompt("draft_postmortem", {"incident_id": "IR-12", **arguments})
    _, data = parts(prompt)
    return json.loads(data.removeprefix("<incident-data>").removesuffix("</incident-data>"))


def _in_timeline_order(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(events, key=lambda e: (e["time"] == "time unknown", e["time"]))


def _as_read(event: dict[str, Any]) -> dict[str, Any]:
    """What a person's reading fixes: the minute, who, and the words (spacing aside)."""
    return {
        "time": event["time"],
        "author": event.get("author"),
        "text": " ".join(str(event["text"]).split()),
    }


@pytest.mark.parametrize("sample", _known(MISREAD))
async def test_each_sample_gives_its_expected_events(
    mcp: Client, sandbox: Sandbox, sample: Path
) -> None:
    want = expected(sample)
    options = want["options"]
    _declare_ir12_at(sandbox, anchor_of(options))
    asked = {k: v for k, v in options.items() if k in PROMPT_OPTIONS}
    facts = await _facts(mcp, {"timeline": TEXTS[sample.name], **asked})
    pasted = [
        {k: v for k, v in e.items() if k != "source"}
        for e in facts["timeline"]
        if e["source"] == "user"
    ]
    shown = [{k: v for k, v in e.items() if k != "lines"} for e in want["events"]]
    if "source" in want:
        pasted, shown = [_as_read(e) for e in pasted], [_as_read(e) for e in shown]
    assert pasted == _in_timeline_order(shown)


@pytest.mark.parametrize("sample", _known(UNPLACED))
def test_every_line_of_a_sample_ends_up_in_an_event(sample: Path) -> None:
    want = expected(sample)
    options = want["options"]
    reading = read_timeline(
        sample.read_text(),
        anchor=anchor_of(options),
        zone=zone_named(options["timezone"]) if "timezone" in options else None,
        date_order=options.get("date_order"),
    )
    placed = sorted(n for e in reading.events for n in e.lines)
    if sample.suffix == ".json":
        assert placed == list(range(1, len(placed) + 1))
        assert len(placed) == len(want["events"])
        return
    lines = sample.read_text().splitlines()
    table_header = 1 if sample.suffix in (".csv", ".tsv") else 0
    content = [n for n, line in enumerate(lines, start=1) if line.strip()][table_header:]
    context = set(want.get("context", []))
    assert placed == [n for n in content if n not in context]


async def test_a_pasted_line_that_repeats_the_declaration_is_folded_into_it(mcp: Client) -> None:
    paste = "19:58 Ana Ruiz: declaring a SEV-1 for checkout\n20:03 Ana Ruiz: bridge is open"
    draft = await call(mcp, "draft_postmortem_cells", {"incident_id": "IR-12", "timeline": paste})
    table = str(next(c["content"] for c in draft["cells"] if c["id"] == "timeline"))  # type: ignore[index, union-attr]
    rows = [row for row in table.splitlines() if "Ana Ruiz" in row]
    assert rows == [
        "| 2026-11-13 20:00 | Incident declared: Checkout API 5xx spike in us-east-1 (SEV-1); "
        "pasted: “Ana Ruiz: declaring a SEV-1 for checkout” | incident |",
        "| 2026-11-13 20:03 | Ana Ruiz: bridge is open | user |",
    ]


async def test_numeric_dates_without_a_hint_follow_the_incident_and_are_flagged(
    mcp: Client,
) -> None:
    facts = await _facts(mcp, {"timeline": "11/12/2026 10:00 change approved"})
    assert [e for e in facts["timeline"] if e["source"] == "user"] == [
        {
            "time": "2026-11-12 10:00",
            "text": "change approved",
            "source": "user",
            "flag": "date 11/12/2026 read as 2026-11-12 (month first, nearest the incident); "
            "pass date_order if that is wrong",
        }
    ]
    hinted = await _facts(
        mcp, {"timeline": "11/12/2026 10:00 change approved", "date_order": "day_first"}
    )
    assert [e["time"] for e in hinted["timeline"] if e["source"] == "user"] == ["2026-12-11 10:00"]


async def test_a_very_large_paste_is_capped_with_a_note(mcp: Client) -> None:
    paste = "\n".join(f"19:{n % 60:02d} line {n}" for n in range(MAX_LINES + 250))
    facts = await _facts(mcp, {"timeline": paste})
    assert facts["timeline_notes"][0] == (
        f"The paste has {MAX_LINES + 250:,} lines; the first {MAX_LINES:,} were read and the "
        "rest left out: paste the part around the incident."
    )


async def test_the_prompt_checks_its_paste_options(mcp: Client) -> None:
    for options in ({"date_order": "sideways"}, {"timezone": "Mars/Olympus"}):
        with pytest.raises(MCPError) as refused:
            await mcp.get_prompt("draft_postmortem", {"incident_id": "IR-12", **options})
        assert refused.value.error.code == INVALID_PARAMS


@pytest.mark.parametrize("name", ["Mars/Olympus", "US"])  # US: a folder of zones, no zone
async def test_timezone_and_date_order_are_checked(mcp: Client, name: str) -> None:
    bad_zone = await mcp.call_tool(
        "draft_postmortem_cells",
        {"incident_id": "IR-12", "timeline": "10:00 x", "timezone": name},
    )
    assert bad_zone.is_error
    assert "invalid argument `timezone`" in bad_zone.content[0].text  # type: ignore[union-attr]
    assert "Europe/Berlin" in bad_zone.content[0].text  # type: ignore[union-attr]
    bad_order = await mcp.call_tool(
        "draft_postmortem_cells", {"incident_id": "IR-12", "date_order": "sideways"}
    )
    assert bad_order.is_error
    berlin = await call(
        mcp,
        "draft_postmortem_cells",
        {"incident_id": "IR-12", "timeline": "20:30 Ana Ruiz: hi", "timezone": "Europe/Berlin"},
    )
    table = next(c["content"] for c in berlin["cells"] if c["id"] == "timeline")  # type: ignore[index, union-attr]
    assert "| 2026-11-13 19:30 | Ana Ruiz: hi | user |" in table
