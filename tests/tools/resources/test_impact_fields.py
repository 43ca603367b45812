"""Impact field tools (config toolset), through the MCP client."""

from __future__ import annotations

from typing import Any

import pytest

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, connect, fail, sandbox_settings

pytestmark = pytest.mark.anyio


async def test_impact_fields_round_trip_and_an_update_keeps_what_it_does_not_name(
    sandbox: Sandbox,
) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="config")) as client:
        seeded: Any = (await call(client, "list_impact_fields", {}))["fields"]
        assert [(f["name"], f["choices"]) for f in seeded] == [("region", ["us1", "eu1", "ap1"])]
        tier: Any = (
            await call(
                client,
                "create_impact_field",
                {
                    "name": "customer_tier",
                    "label": "Customer tier",
                    "kind": "dropdown",
                    "choices": ["gold", "silver"],
                },
            )
        )["field"]
        assert tier["incident_type"] == "00000000-0000-0000-0000-000000000001"
        relabelled: Any = (
            await call(client, "update_impact_field", {"field_id": tier["id"], "label": "Tier"})
        )["field"]
        # Datadog's update is a PUT: the choices must be sent again, or they would be lost.
        assert relabelled == {**tier, "label": "Tier"}
        region = seeded[0]
        await call(client, "update_impact_field", {"field_id": region["id"], "label": "Cloud"})
        stored = sandbox.store["impact_fields"][region["id"]]["attributes"]
        assert stored["display_name"] == "Cloud"
        assert [c["display_name"] for c in stored["field_choices"]] == ["US1", "EU1", "AP1"]
        text = await fail(client, "create_impact_field", {"name": "x", "label": "X", "kind": "map"})
        assert "kind" in text
        await call(client, "delete_impact_field", {"field_id": tier["id"], "confirm": True})
    assert tier["id"] not in sandbox.store["impact_fields"]
