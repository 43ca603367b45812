"""Org settings tools (off by default): how each incident type behaves in this organization.
Datadog offers reads only."""

from __future__ import annotations

from typing import Any

from mcp.server.mcpserver import Context
from pydantic import with_config

from datadog_incidents_mcp.calls.output import OPEN, Output, Shown, iso, listed, prune
from datadog_incidents_mcp.calls.params import TypeRef
from datadog_incidents_mcp.calls.state import app_state
from datadog_incidents_mcp.datadog.models.org_settings import OrgSettings
from datadog_incidents_mcp.tools.registry import tool


@with_config(OPEN)
class OrgSettingsShown(Shown, total=False):
    incident_type: str
    settings: Any
    modified: str


class OrgSettingsList(Output):
    settings: list[OrgSettingsShown]
    notice: str | None = None


class OrgSettingsResult(Output):
    settings: OrgSettingsShown


def render(found: OrgSettings) -> OrgSettingsShown:
    a = found.attributes
    return prune(
        {
            "incident_type": found.related_id("incident_type"),
            "settings": a.settings,
            "modified": iso(a.modified),
        }
    )


@tool("config", "List org settings", "read")
async def list_org_settings(ctx: Context[Any]) -> OrgSettingsList:
    """List the organization's settings for every incident type."""
    found = await app_state(ctx).client.org_settings.list()
    shown, notice = listed([render(s) for s in found.data])
    return OrgSettingsList(settings=shown, notice=notice)


@tool("config", "Get org settings", "read")
async def get_org_settings(ctx: Context[Any], incident_type: TypeRef) -> OrgSettingsResult:
    """Show the org settings for one incident type."""
    found = await app_state(ctx).client.org_settings.get(incident_type)
    return OrgSettingsResult(settings=render(found.data))
