"""Notification template tools (notifications toolset), through the MCP client."""

from __future__ import annotations

from typing import Any

import pytest

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, connect, fail, sandbox_settings

pytestmark = pytest.mark.anyio
DEFAULT_TYPE = "00000000-0000-0000-0000-000000000001"


async def test_templates_round_trip(sandbox: Sandbox) -> None:
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
        await call(
            client, "delete_notification_template", {"template_id": template["id"], "confirm": True}
        )
        gone = await fail(client, "get_notification_template", {"template_id": template["id"]})
        assert "not found" in gone
    assert template["id"] not in sandbox.store["notification_templates"]
