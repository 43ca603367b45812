"""Datadog's AI postmortem: sections written from an incident's data."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog.models.postmortems import AIPostmortemResponse
from datadog_incidents_mcp.datadog.resources._base import ResourceBase


class Postmortems(ResourceBase):
    async def generate_ai(self, incident_id: str) -> AIPostmortemResponse:
        """Datadog's AI-written postmortem sections; generates text, stores nothing."""
        path = build_path("/api/v2/incidents/{incident_id}/ai/postmortem", incident_id=incident_id)
        return await self._repeatable(AIPostmortemResponse, path)
