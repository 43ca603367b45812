"""Organization-wide incident settings (the analytics dashboard)."""

from __future__ import annotations

from datadog_incidents_mcp.datadog.models.incident_settings import (
    GlobalSettingsRequest,
    GlobalSettingsResponse,
)
from datadog_incidents_mcp.datadog.resources._base import ResourceBase

_PATH = "/api/v2/incidents/config/global/settings"


class IncidentSettings(ResourceBase):
    async def get(self) -> GlobalSettingsResponse:
        return await self._read(GlobalSettingsResponse, _PATH)

    async def update(self, body: GlobalSettingsRequest) -> GlobalSettingsResponse:
        return await self._write(GlobalSettingsResponse, "PATCH", _PATH, body)
