"""The corpus of pastes (tests/postmortem/corpus): each sample, read through the MCP client
against sandbox incident IR-12, gives exactly its expected events, and loses no line."""

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
from tests.conftest import call

pytestmark = pytest.mark.anyio
CORPUS = Path(__file__).parent / "corpus"
SAMPLES = sorted(p for p in CORPUS.iterdir() if not p.name.endswith(".expected.json"))
TEXTS = {p.name: p.read_text() for p in SAMPLES}
IR12_DECLARED = datetime(2026, 11, 13, 20, 0, tzinfo=UTC)


def expected(sample: Path) -> dict[str, Any]:
    return json.loads(Path(f"{sample}.expected.json").read_text())


async def _facts(mcp: Client, arguments: dict[str, str]) -> dict[str, Any]:
    prompt = await mcp.get_prompt("draft_postmortem", {"incident_id": "IR-12", **arguments})
    data = str(prompt.messages[1].content.text)  # type: ignore[union-attr]
    return json.loads(data.removeprefix("<incident-data>").removesuffix("</incident-data>"))


def _in_timeline_order(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(events, key=lambda e: (e["time"] == "time unknown", e["time"]))


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
async def test_each_sample_gives_its_expected_events(mcp: Client, sample: Path) -> None:
    want = expected(sample)
    facts = await _facts(mcp, {"timeline": TEXTS[sample.name], **want["options"]})
    pasted = [
        {k: v for k, v in e.items() if k != "source"}
        for e in facts["timeline"]
        if e["source"] == "user"
    ]
    shown = [{k: v for k, v in e.items() if k != "lines"} for e in want["events"]]
    assert pasted == _in_timeline_order(shown)


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
def test_every_line_of_a_sample_ends_up_in_an_event(sample: Path) -> None:
    options = expected(sample)["options"]
    reading = read_timeline(
        sample.read_text(),
        anchor=IR12_DECLARED,
        zone=zone_named(options.get("timezone", "UTC")),
        date_order=options.get("date_order"),
    )
    placed = sorted(n for e in reading.events for n in e.lines)
    if sample.suffix == ".json":
        assert placed == list(range(1, len(placed) + 1))
        assert len(placed) == len(expected(sample)["events"])
        return
    lines = sample.read_text().splitlines()
    table_header = 1 if sample.suffix in (".csv", ".tsv") else 0
    content = [n for n, line in enumerate(lines, start=1) if line.strip()][table_header:]
    assert placed == content


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


async def test_timezone_and_date_order_are_checked(mcp: Client) -> None:
    bad_zone = await mcp.call_tool(
        "draft_postmortem_cells",
        {"incident_id": "IR-12", "timeline": "10:00 x", "timezone": "Mars/Olympus"},
    )
    assert bad_zone.is_error
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
