"""One incident story: after the incident's customer impact ends, the draft, its metrics and
timeline, and the incident resource all say so (the rule is in docs/prompts.md)."""

from __future__ import annotations

import pytest
from mcp import Client

from tests.conftest import call

pytestmark = pytest.mark.anyio


async def _cells(mcp: Client) -> dict[str, str]:
    draft = await call(mcp, "draft_postmortem_cells", {"incident_id": "IR-12"})
    return {c["id"]: c["content"] for c in draft["cells"]}  # type: ignore[union-attr, index]


async def _resource(mcp: Client) -> str:
    found = (await mcp.read_resource("datadog-incident://IR-12")).contents[0]
    return str(found.text)  # type: ignore[union-attr]


async def test_an_ongoing_impact_reads_ongoing_everywhere(mcp: Client) -> None:
    cells = await _cells(mcp)
    assert "customer impact ongoing." in cells["summary"]
    assert "Window: from 2026-11-13 19:39 UTC, ongoing" in cells["impact"]
    assert "| Time to repair | detection to end of customer impact | ongoing |" in cells["metrics"]
    assert "Customer impact ended" not in cells["timeline"]
    assert await _resource(mcp) == (
        "# IR-12: Checkout API 5xx spike in us-east-1\n"
        "- Severity: SEV-1; state: active\n"
        "- Declared: 2026-11-13T20:00:00Z; resolved: not yet\n"
        "- Customer impact: About 12% of checkouts fail; from 2026-11-13 19:39 UTC, ongoing\n"
        "- Open todos: 2"
    )


async def test_resolving_with_the_impact_end_closes_the_story_everywhere(mcp: Client) -> None:
    await call(
        mcp,
        "update_incident",
        {
            "incident_id": "IR-12",
            "state": "resolved",
            "customer_impact_end": "2026-11-13T21:09:00Z",
        },
    )
    cells = await _cells(mcp)
    everything = "\n".join([*cells.values(), await _resource(mcp)])
    assert "ongoing" not in everything and "None" not in everything
    assert "SEV-1, resolved, customer impact 1h 30m." in cells["summary"]
    assert (
        "- About 12% of checkouts fail (1h 30m, ended with the incident's customer impact)"
        in (cells["impact"])
    )
    assert "| Time to repair | detection to end of customer impact | 1h 27m |" in cells["metrics"]
    assert "| Impact duration | start to end of customer impact | 1h 30m |" in cells["metrics"]
    assert "| 2026-11-13 21:09 | Customer impact ended | incident |" in cells["timeline"]
    resource = await _resource(mcp)
    assert "- Customer impact: About 12% of checkouts fail; from 2026-11-13 19:39 UTC to " in (
        resource
    )
    assert "2026-11-13 21:09 UTC (1h 30m)" in resource


async def test_a_resolved_incident_without_an_impact_end_says_so(mcp: Client) -> None:
    await call(mcp, "update_incident", {"incident_id": "IR-12", "state": "resolved"})
    cells = await _cells(mcp)
    assert "customer impact end not recorded." in cells["summary"]
    assert "(end not recorded)" in cells["impact"]
    assert "ongoing" not in "\n".join(cells.values())
