"""Notification templates, notification rules and global handles (opt-in toolset), through
the MCP client against the sandbox."""

from __future__ import annotations

from typing import Any

import pytest

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, connect, fail, sandbox_settings

pytestmark = pytest.mark.anyio
DEFAULT_TYPE = "00000000-0000-0000-0000-000000000001"


async def test_notification_tools_are_off_by_default(sandbox: Sandbox) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="default")) as client:
        names = {t.name for t in (await client.list_tools()).tools}
    assert not {n for n in names if "notification" in n or "global_handle" in n}


async def test_templates_and_rules_round_trip_and_link(sandbox: Sandbox) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="notifications")) as client:
        seeded: Any = (await call(client, "list_notification_templates", {}))["templates"]
        assert [t["name"] for t in seeded] == ["Major incident"]
        assert "content" not in seeded[0]  # bodies only when reading one
        template: Any = (
            await call(
                client,
                "create_notification_template",
                {
                    "name": "Customer update",
                    "subject": "{{incident.title}}: update",
                    "content": "We are working on it.",
                    "incident_type": DEFAULT_TYPE,
                },
            )
        )["template"]
        assert (template["category"], template["content"]) == ("alert", "We are working on it.")
        changed: Any = (
            await call(
                client,
                "update_notification_template",
                {"template_id": template["id"], "category": "update"},
            )
        )["template"]
        assert (changed["category"], changed["subject"]) == ("update", template["subject"])
        got: Any = await call(client, "get_notification_template", {"template_id": template["id"]})
        assert got["template"] == changed

        rule: Any = (
            await call(
                client,
                "create_notification_rule",
                {
                    "handles": ["@slack-status"],
                    "conditions": {"severity": ["SEV-1"], "services": ["checkout-api"]},
                    "template_id": template["id"],
                    "renotify_on": ["state"],
                },
            )
        )["rule"]
        assert rule["conditions"] == {"severity": ["SEV-1"], "services": ["checkout-api"]}
        assert (rule["enabled"], rule["trigger"], rule["template"]) == (
            True,
            "incident_created_trigger",
            template["id"],
        )
        # Datadog replaces a rule whole (PUT): what the update does not name must survive it.
        updated: Any = (
            await call(
                client, "update_notification_rule", {"rule_id": rule["id"], "enabled": False}
            )
        )["rule"]
        assert updated["enabled"] is False
        assert {k: v for k, v in updated.items() if k not in ("enabled", "modified")} == {
            k: v for k, v in rule.items() if k not in ("enabled", "modified")
        }
        got = await call(client, "get_notification_rule", {"rule_id": rule["id"]})
        assert got["rule"] == updated
        listed: Any = (await call(client, "list_notification_rules", {}))["rules"]
        assert rule["id"] in {r["id"] for r in listed} and len(listed) == 2

        await call(client, "delete_notification_rule", {"rule_id": rule["id"], "confirm": True})
        await call(
            client, "delete_notification_template", {"template_id": template["id"], "confirm": True}
        )
        assert "not found" in await fail(client, "get_notification_rule", {"rule_id": rule["id"]})
    assert rule["id"] not in sandbox.store["notification_rules"]
    assert template["id"] not in sandbox.store["notification_templates"]


async def test_a_rule_needs_handles_and_an_existing_template(sandbox: Sandbox) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="notifications")) as client:
        text = await fail(client, "create_notification_rule", {"handles": [], "conditions": {}})
        assert "handles" in text
        missing = "00000000-0000-0000-0000-00000000beef"
        text = await fail(
            client,
            "create_notification_rule",
            {"handles": ["@ops"], "conditions": {}, "template_id": missing},
        )
        assert "not found" in text and missing in text
    assert len(sandbox.store["notification_rules"]) == 1  # the seeded one only


async def test_global_handles_round_trip(sandbox: Sandbox) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="notifications")) as client:
        made: Any = (
            await call(
                client,
                "create_global_handle",
                {"name": "@db-oncall", "severities": ["SEV-1", "SEV-2"], "commander": "priya"},
            )
        )["handle"]
        priya = next(
            u["id"]
            for u in sandbox.store["users"].values()
            if u["attributes"]["handle"].startswith("priya")
        )
        assert made["incident_type"] == DEFAULT_TYPE and made["commander"] == priya
        renamed: Any = (
            await call(
                client, "update_global_handle", {"handle_id": made["id"], "name": "@db-leads"}
            )
        )["handle"]
        assert renamed["name"] == "@db-leads"
        assert (renamed["severities"], renamed["commander"]) == (["SEV-1", "SEV-2"], priya)
        names: Any = (await call(client, "list_global_handles", {}))["handles"]
        assert {h["name"] for h in names} == {"@incident-commanders", "@db-leads"}
        missing = await fail(client, "update_global_handle", {"handle_id": "nope", "name": "@x"})
        assert "list_global_handles" in missing
        refused = await fail(client, "delete_global_handles", {})
        assert "not deleted" in refused and sandbox.store["handles"]
        await call(client, "delete_global_handles", {"confirm": True})
    assert not sandbox.store["handles"]
