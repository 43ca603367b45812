"""Google Chat and Meet configuration tools (config toolset), through the MCP client."""

from __future__ import annotations

from typing import Any

import pytest

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, connect, fail, sandbox_settings

pytestmark = pytest.mark.anyio


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
