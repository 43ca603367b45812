"""Responder tools, through the MCP client."""

from __future__ import annotations

import pytest
from mcp import Client

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, fail

pytestmark = pytest.mark.anyio
INCIDENT = "IR-12"


async def test_responders_round_trip(mcp: Client, sandbox: Sandbox) -> None:
    added = await call(
        mcp,
        "add_incident_responder",
        {"incident_id": INCIDENT, "user": "@jordan.blake@example.com"},
    )
    responder = added["responder"]
    assert responder["user"] == "Jordan Blake <jordan.blake@example.com>"
    listed = (await call(mcp, "list_incident_responders", {"incident_id": INCIDENT}))["responders"]
    assert "Jordan Blake <jordan.blake@example.com>" in [r["user"] for r in listed]
    again = await fail(
        mcp, "add_incident_responder", {"incident_id": INCIDENT, "user": "jordan.blake@example.com"}
    )
    assert again.endswith("conflict: user is already a responder on this incident.")
    assert (
        await call(
            mcp,
            "get_incident_responder",
            {"incident_id": INCIDENT, "responder_id": responder["id"]},
        )
    )["responder"]["id"] == responder["id"]
    await call(
        mcp,
        "remove_incident_responder",
        {"incident_id": INCIDENT, "responder_id": responder["id"], "confirm": True},
    )
    assert responder["id"] not in sandbox.store["responders"]
