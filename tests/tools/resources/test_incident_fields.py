"""Incident field tools (config toolset), through the MCP client."""

from __future__ import annotations

import pytest

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, connect, sandbox_settings

pytestmark = pytest.mark.anyio


async def test_fields_say_which_values_create_incident_accepts(sandbox: Sandbox) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="config,incidents")) as client:
        types = (await call(client, "list_incident_types", {}))["types"]
        assert types == [
            {
                "id": types[0]["id"],
                "name": "Incident",
                "description": types[0]["description"],
                "prefix": "IR",
                "default": True,
                "modified": types[0]["modified"],
            }
        ]  # type: ignore[index]
        fields = {
            f["name"]: f
            for f in (
                await call(client, "list_incident_fields", {"incident_type": types[0]["id"]})
            )["fields"]
        }  # type: ignore[index, union-attr]
        assert fields["severity"] == {
            "id": fields["severity"]["id"],
            "name": "severity",
            "label": "Severity",
            "kind": "dropdown",
            "required": True,
            "values": ["UNKNOWN", "SEV-0", "SEV-1", "SEV-2", "SEV-3", "SEV-4", "SEV-5"],
            "default": "UNKNOWN",
        }
        assert fields["services"]["kind"] == "autocomplete"
        method = fields["detection_method"]["values"][0]
        made = await call(
            client,
            "create_incident",
            {
                "title": "Uses a listed value",
                "fields": [{"name": "detection_method", "value": method}],
            },
        )
        assert made["incident"]["public_id"] == "IR-13"  # type: ignore[index]
        other = await call(
            client,
            "list_incident_fields",
            {"incident_type": "00000000-0000-0000-0000-00000000beef"},
        )
        assert other == {"fields": []}


async def test_fields_round_trip_and_gate_what_incidents_accept(sandbox: Sandbox) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="config,incidents")) as client:
        region = (
            await call(
                client,
                "create_incident_field",
                {"name": "region", "kind": "dropdown", "values": ["eu", "us"]},
            )
        )["field"]
        assert region == {
            "id": region["id"],
            "name": "region",
            "label": "Region",
            "kind": "dropdown",
            "values": ["eu", "us"],
        }  # type: ignore[index]
        await call(
            client,
            "create_incident",
            {"title": "EU only", "fields": [{"name": "region", "value": "eu"}]},
        )
        wrong = await client.call_tool(
            "create_incident", {"title": "Mars", "fields": [{"name": "region", "value": "mars"}]}
        )
        assert wrong.is_error and "'mars' is not one of eu, us" in wrong.content[0].text  # type: ignore[union-attr]
        grown = (
            await call(
                client,
                "update_incident_field",
                {"field_id": region["id"], "values": ["eu", "us", "ap"]},
            )
        )["field"]  # type: ignore[index]
        assert grown["values"] == ["eu", "us", "ap"]  # type: ignore[index]
        assert (await call(client, "get_incident_field", {"field_id": region["id"]}))[
            "field"
        ] == grown  # type: ignore[index]
        await call(client, "delete_incident_field", {"field_id": region["id"], "confirm": True})  # type: ignore[index]
        gone = await client.call_tool(
            "create_incident", {"title": "After", "fields": [{"name": "region", "value": "eu"}]}
        )
        assert gone.is_error and "region" in gone.content[0].text  # type: ignore[union-attr]
        severity = next(
            f
            for f in (await call(client, "list_incident_fields", {}))["fields"]
            if f["name"] == "severity"
        )  # type: ignore[union-attr]
        refused = await client.call_tool(
            "delete_incident_field", {"field_id": severity["id"], "confirm": True}
        )
        assert refused.is_error and "reserved" in refused.content[0].text  # type: ignore[union-attr]
