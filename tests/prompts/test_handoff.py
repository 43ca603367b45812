"""The shift_handoff prompt through the MCP client: one incident, or every open one."""

from __future__ import annotations

import pytest
from mcp import Client

from datadog_incidents_mcp.prompts.handoff import MAX_DETAILED, RECENT
from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call
from tests.prompts.helpers import OPEN_BY_SEVERITY, prompt

pytestmark = pytest.mark.anyio


def _decisions(block: dict[str, object]) -> list[str]:
    return [d["seen"] for d in block["decisions_pending"]]  # type: ignore[attr-defined, index]


async def test_every_open_incident_is_handed_over_most_severe_first(
    mcp: Client, sandbox: Sandbox
) -> None:
    _, data = await prompt(mcp, "shift_handoff", {})
    blocks = {b["incident"]["id"]: b for b in data["incidents"]}
    assert [b["incident"]["id"] for b in data["incidents"]] == OPEN_BY_SEVERITY
    assert "also_open" not in data
    assert "severity is not set" in _decisions(blocks["IR-10"])
    assert "the incident is stable" in _decisions(blocks["IR-8"])
    assert "the incident is stable" not in _decisions(blocks["IR-12"])
    assert blocks["IR-12"]["commander"] == "Priya Natarajan"
    assert {
        "content": "Write the customer communication",
        "owners": ["diego.alvarez@example.com"],
    }.items() <= blocks["IR-12"]["open_todos"][1].items()
    for block in data["incidents"]:
        times = [e["time"] for e in block["recent_timeline"]]
        assert times == sorted(times) and 0 < len(times) <= RECENT
    assert sandbox.count("POST") == sandbox.count("PATCH") == 0


async def test_one_incident_with_the_outgoing_engineers_notes(mcp: Client) -> None:
    notes = "Waiting on the provider's answer about retries; decide at 18:00 whether to fail over"
    asked, data = await prompt(mcp, "shift_handoff", {"incident_id": "IR-8", "notes": notes})
    assert [b["incident"]["id"] for b in data["incidents"]] == ["IR-8"]
    assert data["notes_from_outgoing_engineer"] == notes and notes not in asked
    block = data["incidents"][0]
    assert block["incident"]["state"] == "stable"
    resolvable = next(
        d for d in block["decisions_pending"] if d["seen"] == "the incident is stable"
    )
    assert resolvable["tools"] == ["update_incident"]


async def test_beyond_the_limit_the_rest_are_listed_in_one_line(mcp: Client) -> None:
    for n in range(MAX_DETAILED - len(OPEN_BY_SEVERITY) + 2):
        await call(mcp, "create_incident", {"title": f"Minor glitch {n}", "severity": "SEV-5"})
    _, data = await prompt(mcp, "shift_handoff", {})
    assert len(data["incidents"]) == MAX_DETAILED
    assert [i["severity"] for i in data["also_open"]] == ["SEV-5", "SEV-5"]
    assert all(set(i) >= {"id", "title", "state"} for i in data["also_open"])


async def test_a_quiet_shift_says_so(mcp: Client) -> None:
    for ref in OPEN_BY_SEVERITY:
        await call(mcp, "update_incident", {"incident_id": ref, "state": "resolved"})
    asked, data = await prompt(mcp, "shift_handoff", {})
    assert data["incidents"] == "no active or stable incidents" and "quiet" in asked
