"""Per-incident configurations: which automation runs for one incident."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog.models.incident_configurations import (
    IncidentConfigurationRequest,
    IncidentConfigurationResponse,
)
from datadog_incidents_mcp.datadog.resources._base import ResourceBase


class IncidentConfigurations(ResourceBase):
    """Which automation runs for one incident, and whether it counts in search and analytics."""

    _PATH = "/api/v2/incidents/{incident_id}/configurations"

    async def create(
        self, incident_id: str, body: IncidentConfigurationRequest
    ) -> IncidentConfigurationResponse:
        path = build_path(self._PATH, incident_id=incident_id)
        hint = "Update the incident's configuration instead if one exists."
        return await self._create(IncidentConfigurationResponse, path, body, hint)

    async def update(
        self, incident_id: str, body: IncidentConfigurationRequest
    ) -> IncidentConfigurationResponse:
        """The body names the configuration (its `id`, from create)."""
        path = build_path(self._PATH, incident_id=incident_id)
        return await self._write(IncidentConfigurationResponse, "PATCH", path, body)
