"""Configuration tools (opt-in toolset), through the MCP client."""

from __future__ import annotations

from typing import Any

import pytest

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, connect, fail, sandbox_settings

pytestmark = pytest.mark.anyio


async def test_config_tools_are_off_by_default_and_on_with_their_toolset(sandbox: Sandbox) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="default")) as client:
        names = {t.name for t in (await client.list_tools()).tools}
    assert "list_incident_fields" not in names
    async with connect(sandbox, settings=sandbox_settings(toolsets="all")) as client:
        names = {t.name for t in (await client.list_tools()).tools}
    assert {"list_incident_fields", "list_incident_types", "list_postmortem_templates"} <= names


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
            {"title": "Uses a listed value", "fields": {"detection_method": method}},
        )
        assert made["incident"]["public_id"] == 13  # type: ignore[index]
        other = await call(
            client,
            "list_incident_fields",
            {"incident_type": "00000000-0000-0000-0000-00000000beef"},
        )
        assert other == {}


async def test_templates_list_their_sections(sandbox: Sandbox) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="config")) as client:
        templates = (await call(client, "list_postmortem_templates", {}))["templates"]
    standard = next(t for t in templates if t["name"] == "Standard postmortem")  # type: ignore[union-attr]
    assert standard["default"] is True
    assert standard["sections"][:3] == ["Summary", "Impact", "Timeline"]


async def test_postmortem_templates_round_trip_and_shape_the_draft(sandbox: Sandbox) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="config,postmortems")) as client:
        made = (
            await call(
                client,
                "create_postmortem_template",
                {"name": "Quick review", "sections": ["What broke", "Action items"]},
            )
        )["template"]
        assert made["sections"] == ["What broke", "Action items"]  # type: ignore[index]
        renamed = (
            await call(
                client, "update_postmortem_template", {"template_id": made["id"], "name": "Quick"}
            )
        )["template"]  # type: ignore[index]
        assert renamed == {**made, "name": "Quick"}  # type: ignore[dict-item]
        assert sandbox.count("GET", "/postmortem-templates/") == 0  # the name was given
        draft = await call(
            client, "draft_postmortem_cells", {"incident_id": "IR-1", "template_id": made["id"]}
        )  # type: ignore[index]
        assert [c["id"] for c in draft["cells"]] == ["what_broke", "action_items"]  # type: ignore[index, union-attr]
        resectioned = (
            await call(
                client,
                "update_postmortem_template",
                {"template_id": made["id"], "sections": ["Why"]},
            )
        )["template"]
        assert resectioned == {**renamed, "sections": ["Why"]}  # type: ignore[dict-item]
        await call(
            client, "delete_postmortem_template", {"template_id": made["id"], "confirm": True}
        )  # type: ignore[index]
    assert made["id"] not in sandbox.store["templates"]  # type: ignore[index]


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
        await call(client, "create_incident", {"title": "EU only", "fields": {"region": "eu"}})
        wrong = await client.call_tool(
            "create_incident", {"title": "Mars", "fields": {"region": "mars"}}
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
            "create_incident", {"title": "After", "fields": {"region": "eu"}}
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


async def test_google_chat_and_meet_configurations_round_trip(sandbox: Sandbox) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="config")) as client:
        chat: Any = (
            await call(
                client,
                "create_google_chat_configuration",
                {
                    "domain_id": "example.com",
                    "space_name_template": "inc-{{public_id}}",
                    "space_time_zone": "UTC",
                    "space_target_audience_id": "aud-1",
                },
            )
        )["configuration"]
        moved: Any = (
            await call(
                client,
                "update_google_chat_configuration",
                {"configuration_id": chat["id"], "space_time_zone": "Europe/Paris"},
            )
        )["configuration"]
        assert moved == {**chat, "space_time_zone": "Europe/Paris"}
        meet: Any = (
            await call(
                client,
                "create_google_meet_configuration",
                {"allow_manual_meeting_creation": True, "auto_summarize": False},
            )
        )["configuration"]
        summarized: Any = (
            await call(
                client,
                "update_google_meet_configuration",
                {"configuration_id": meet["id"], "auto_summarize": True},
            )
        )["configuration"]
        assert summarized == {**meet, "auto_summarize": True}
        text = await fail(
            client,
            "update_google_meet_configuration",
            {"configuration_id": chat["id"], "auto_summarize": True},
        )
        assert "not found" in text
