"""Org settings tools (config toolset), through the MCP client."""

from __future__ import annotations

from typing import Any

import pytest

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, connect, fail, sandbox_settings

pytestmark = pytest.mark.anyio


async def test_org_settings_are_read_per_incident_type(sandbox: Sandbox) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="config")) as client:
        every: Any = (await call(client, "list_org_settings", {}))["settings"]
        one: Any = await call(
            client, "get_org_settings", {"incident_type": every[0]["incident_type"]}
        )
        assert one["settings"] == every[0] and "settings" in every[0]
        missing = await fail(
            client, "get_org_settings", {"incident_type": "00000000-0000-0000-0000-00000000beef"}
        )
        assert "not found" in missing
