"""Incident settings tools (config toolset), through the MCP client."""

from __future__ import annotations

import pytest

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, connect, sandbox_settings

pytestmark = pytest.mark.anyio


async def test_incident_settings_round_trip(sandbox: Sandbox) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="config")) as client:
        assert (
            "analytics_dashboard_id"
            not in (await call(client, "get_incident_settings", {}))["settings"]
        )  # type: ignore[operator]
        updated = await call(
            client, "update_incident_settings", {"analytics_dashboard_id": "abc-def-ghi"}
        )
        assert updated["settings"]["analytics_dashboard_id"] == "abc-def-ghi"  # type: ignore[index]
        assert (await call(client, "get_incident_settings", {}))["settings"] == updated["settings"]
