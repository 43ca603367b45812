"""Which tools a toolset brings: the opt-in ones are off by default."""

from __future__ import annotations

import pytest

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import connect, sandbox_settings

pytestmark = pytest.mark.anyio


async def test_config_tools_are_off_by_default_and_on_with_their_toolset(sandbox: Sandbox) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="default")) as client:
        names = {t.name for t in (await client.list_tools()).tools}
    assert "list_incident_fields" not in names
    async with connect(sandbox, settings=sandbox_settings(toolsets="all")) as client:
        names = {t.name for t in (await client.list_tools()).tools}
    assert {"list_incident_fields", "list_incident_types", "list_postmortem_templates"} <= names


async def test_notification_tools_are_off_by_default(sandbox: Sandbox) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="default")) as client:
        names = {t.name for t in (await client.list_tools()).tools}
    assert not {n for n in names if "notification" in n or "global_handle" in n}
