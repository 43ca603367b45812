"""Incident role tools (config toolset), through the MCP client."""

from __future__ import annotations

import pytest

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, connect, sandbox_settings

pytestmark = pytest.mark.anyio


async def test_incident_roles_round_trip(sandbox: Sandbox) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="config")) as client:
        lead = (await call(client, "create_incident_role", {"name": "Communications lead"}))["role"]
        assert lead == {"id": lead["id"], "name": "Communications lead", "single": True}  # type: ignore[index]
        changed = (
            await call(
                client,
                "update_incident_role",
                {"role_id": lead["id"], "single": False, "description": "Talks to customers"},
            )
        )["role"]  # type: ignore[index]
        assert (changed["single"], changed["description"]) == (False, "Talks to customers")  # type: ignore[index]
        assert (await call(client, "get_incident_role", {"role_id": lead["id"]}))["role"] == changed  # type: ignore[index]
        assert [r["name"] for r in (await call(client, "list_incident_roles", {}))["roles"]] == [
            "Communications lead"
        ]  # type: ignore[union-attr]
        await call(client, "delete_incident_role", {"role_id": lead["id"], "confirm": True})  # type: ignore[index]
    assert not sandbox.store["roles"]
