"""Incident type tools (config toolset), through the MCP client."""

from __future__ import annotations

import pytest

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, connect, sandbox_settings

pytestmark = pytest.mark.anyio


async def test_incident_types_round_trip(sandbox: Sandbox) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="config")) as client:
        made = (
            await call(
                client,
                "create_incident_type",
                {"name": "Security", "description": "Security events"},
            )
        )["type"]
        assert (made["name"], made["prefix"]) == ("Security", "SEC")  # type: ignore[index]
        changed = (
            await call(
                client,
                "update_incident_type",
                {"incident_type_id": made["id"], "name": "Security incidents"},
            )
        )["type"]  # type: ignore[index]
        assert (
            changed["name"] == "Security incidents" and changed["description"] == "Security events"
        )  # type: ignore[index]
        assert (await call(client, "get_incident_type", {"incident_type_id": made["id"]}))["type"][
            "name"
        ] == "Security incidents"  # type: ignore[index]
        assert len((await call(client, "list_incident_types", {}))["types"]) == 2  # type: ignore[arg-type]
        default = next(t for t in sandbox.store["types"].values() if t["attributes"]["is_default"])
        refused = await client.call_tool(
            "delete_incident_type", {"incident_type_id": default["id"], "confirm": True}
        )
        assert (
            refused.is_error
            and "default incident type cannot be deleted" in refused.content[0].text
        )  # type: ignore[union-attr]
        await call(
            client, "delete_incident_type", {"incident_type_id": made["id"], "confirm": True}
        )  # type: ignore[index]
    assert list(sandbox.store["types"]) == [default["id"]]
