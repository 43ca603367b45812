"""Per-incident automation configuration tools (automation toolset), through the MCP client."""

from __future__ import annotations

from typing import Any

import pytest

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, connect, fail, sandbox_settings

pytestmark = pytest.mark.anyio


async def test_incident_configuration_round_trip(sandbox: Sandbox) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="automation")) as client:
        made: Any = (
            await call(
                client,
                "create_incident_configuration",
                {"incident_id": "IR-3", "execute_notification_rules": False},
            )
        )["configuration"]
        assert (made["execute_notification_rules"], made["execute_integrations"]) == (False, True)
        again = await fail(client, "create_incident_configuration", {"incident_id": "IR-3"})
        assert "conflict" in again and "update" in again
        quiet: Any = (
            await call(
                client,
                "update_incident_configuration",
                {
                    "incident_id": "IR-3",
                    "configuration_id": made["id"],
                    "include_in_analytics": False,
                },
            )
        )["configuration"]
        assert (quiet["include_in_analytics"], quiet["execute_notification_rules"]) == (
            False,
            False,
        )
        assert quiet["incident_id"] == made["incident_id"]
        wrong = await fail(
            client,
            "update_incident_configuration",
            {"incident_id": "IR-4", "configuration_id": made["id"], "include_in_search": False},
        )
        assert "not found" in wrong
    assert len(sandbox.store["incident_configurations"]) == 1
