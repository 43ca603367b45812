"""Incident settings tools (config toolset, off by default): the organization-wide
incident settings."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import Context
from pydantic import Field, with_config

from datadog_incidents_mcp.calls.output import OPEN, Output, Shown, iso, prune
from datadog_incidents_mcp.calls.params import ID_PATTERN
from datadog_incidents_mcp.calls.state import app_state
from datadog_incidents_mcp.datadog.models.incident_settings import (
    GlobalSettingsRequest,
    GlobalSettingsResponse,
)
from datadog_incidents_mcp.tools.registry import KEYS_ONLY, tool


@with_config(OPEN)
class SettingsShown(Shown, total=False):
    analytics_dashboard_id: str
    modified: str


class SettingsResult(Output):
    settings: SettingsShown


def _settings(found: GlobalSettingsResponse) -> SettingsShown:
    a = found.data.attributes
    return prune({"analytics_dashboard_id": a.analytics_dashboard_id, "modified": iso(a.modified)})


@tool("config", "Get incident settings", "read", needs=KEYS_ONLY)
async def get_incident_settings(ctx: Context[Any]) -> SettingsResult:
    """Show the org-wide incident settings (the incident analytics dashboard)."""
    return SettingsResult(settings=_settings(await app_state(ctx).client.incident_settings.get()))


@tool("config", "Update incident settings", "update", needs=KEYS_ONLY)
async def update_incident_settings(
    ctx: Context[Any],
    analytics_dashboard_id: Annotated[
        str, Field(max_length=64, pattern=ID_PATTERN, description="Dashboard ID, e.g. abc-def-ghi")
    ],
) -> SettingsResult:
    """Set which dashboard is the organization's incident analytics dashboard."""
    body = GlobalSettingsRequest.of(analytics_dashboard_id=analytics_dashboard_id)
    return SettingsResult(
        settings=_settings(await app_state(ctx).client.incident_settings.update(body))
    )
