"""Notification rule tools (notifications toolset), through the MCP client."""

from __future__ import annotations

from typing import Any

import pytest

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, connect, fail, sandbox_settings

pytestmark = pytest.mark.anyio


async def test_rules_round_trip_and_link_a_template(sandbox: Sandbox) -> None:
    template = next(iter(sandbox.store["notification_templates"]))  # the seeded one
    async with connect(sandbox, settings=sandbox_settings(toolsets="notifications")) as client:
        rule: Any = (
            await call(
                client,
                "create_notification_rule",
                {
                    "handles": ["@slack-status"],
                    "conditions": [
                        {"field": "severity", "values": ["SEV-1"]},
                        {"field": "services", "values": ["checkout-api"]},
                    ],
                    "template_id": template,
                    "renotify_on": ["state"],
                },
            )
        )["rule"]
        assert rule["conditions"] == [
            {"field": "severity", "values": ["SEV-1"]},
            {"field": "services", "values": ["checkout-api"]},
        ]
        assert (rule["enabled"], rule["trigger"], rule["template"]) == (
            True,
            "incident_created_trigger",
            template,
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
        assert "not found" in await fail(client, "get_notification_rule", {"rule_id": rule["id"]})
    assert rule["id"] not in sandbox.store["notification_rules"]


async def test_a_rule_needs_handles_and_an_existing_template(sandbox: Sandbox) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="notifications")) as client:
        text = await fail(client, "create_notification_rule", {"handles": [], "conditions": []})
        assert "handles" in text
        missing = "00000000-0000-0000-0000-00000000beef"
        text = await fail(
            client,
            "create_notification_rule",
            {"handles": ["@ops"], "conditions": [], "template_id": missing},
        )
        assert "not found" in text and missing in text
    assert len(sandbox.store["notification_rules"]) == 1  # the seeded one only
