"""Incident integration metadata: the Slack channels, Jira issues and Teams chats of an incident."""

from __future__ import annotations

from datadog_incidents_mcp.datadog.models.integrations import (
    IntegrationResponse,
    IntegrationsResponse,
    IntegrationWriteRequest,
)
from datadog_incidents_mcp.datadog.resources._base import IncidentChildren


class Integrations(IncidentChildren):
    _all = "/api/v2/incidents/{incident_id}/relationships/integrations"
    _id_name = "integration_id"
    _noun = "integrations"

    async def list(self, incident_id: str) -> IntegrationsResponse:
        return await self._list(IntegrationsResponse, incident_id)

    async def get(self, incident_id: str, integration_id: str) -> IntegrationResponse:
        return await self._get(IntegrationResponse, incident_id, integration_id)

    async def create(self, incident_id: str, body: IntegrationWriteRequest) -> IntegrationResponse:
        return await self._add(IntegrationResponse, incident_id, body)

    async def update(
        self, incident_id: str, integration_id: str, body: IntegrationWriteRequest
    ) -> IntegrationResponse:
        return await self._patch(IntegrationResponse, incident_id, integration_id, body)

    async def delete(self, incident_id: str, integration_id: str) -> None:
        await self._delete(incident_id, integration_id)
