"""Impact tools, through the MCP client."""

from __future__ import annotations

import pytest
from mcp import Client

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, fail

pytestmark = pytest.mark.anyio
INCIDENT = "IR-12"


async def test_impacts_round_trip(mcp: Client, sandbox: Sandbox) -> None:
    impact = (
        await call(
            mcp,
            "create_incident_impact",
            {
                "incident_id": INCIDENT,
                "description": "Card payments fail",
                "start": "2026-11-13T19:40:00Z",
            },
        )
    )["impact"]
    assert impact["start"] == "2026-11-13T19:40:00Z" and "end" not in impact
    closed = await call(
        mcp,
        "update_incident_impact",
        {"incident_id": INCIDENT, "impact_id": impact["id"], "end": "2026-11-13T21:00:00Z"},
    )
    assert closed["impact"]["end"] == "2026-11-13T21:00:00Z"
    listed = (await call(mcp, "list_incident_impacts", {"incident_id": INCIDENT}))["impacts"]
    assert impact["id"] in [i["id"] for i in listed]
    await call(
        mcp,
        "delete_incident_impact",
        {"incident_id": INCIDENT, "impact_id": impact["id"], "confirm": True},
    )
    assert impact["id"] not in sandbox.store["impacts"]


async def test_an_impact_cannot_end_before_it_starts(mcp: Client, sandbox: Sandbox) -> None:
    made = await fail(
        mcp,
        "create_incident_impact",
        {
            "incident_id": INCIDENT,
            "description": "Card payments fail",
            "start": "2026-11-13T19:40:00Z",
            "end": "2026-11-13T19:00:00Z",
        },
    )
    assert made.startswith("invalid argument `end`: end 2026-11-13T19:00:00Z is before start")
    impact = (await call(mcp, "list_incident_impacts", {"incident_id": INCIDENT}))["impacts"][0]  # type: ignore[index]
    # The seeded impact started at 19:39: an end alone is checked against that start.
    closed = await fail(
        mcp,
        "update_incident_impact",
        {"incident_id": INCIDENT, "impact_id": impact["id"], "end": "2026-11-13T19:00:00Z"},
    )
    assert "is before start 2026-11-13T19:39:00Z (as recorded)" in closed
    assert sandbox.count("POST") == sandbox.count("PATCH") == 0
