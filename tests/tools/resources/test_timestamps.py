"""Timestamp override tools, through the MCP client."""

from __future__ import annotations

import pytest
from mcp import Client

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call

pytestmark = pytest.mark.anyio
INCIDENT = "IR-12"


async def test_timestamp_overrides_round_trip(mcp: Client, sandbox: Sandbox) -> None:
    made = (
        await call(
            mcp,
            "create_timestamp_override",
            {"incident_id": INCIDENT, "timestamp": "detected", "value": "2026-11-13T19:30:00Z"},
        )
    )["override"]
    assert (made["timestamp"], made["value"]) == ("detected", "2026-11-13T19:30:00Z")
    changed = await call(
        mcp,
        "update_timestamp_override",
        {"incident_id": INCIDENT, "override_id": made["id"], "value": "2026-11-13T19:25:00Z"},
    )
    assert changed["override"]["value"] == "2026-11-13T19:25:00Z"
    listed = (await call(mcp, "list_timestamp_overrides", {"incident_id": INCIDENT}))["overrides"]
    assert [o["id"] for o in listed] == [made["id"]]
    await call(
        mcp,
        "delete_timestamp_override",
        {"incident_id": INCIDENT, "override_id": made["id"], "confirm": True},
    )
    assert (await call(mcp, "list_timestamp_overrides", {"incident_id": INCIDENT})) == {
        "overrides": []
    }
