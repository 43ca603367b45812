"""Incident integration metadata: the Slack channels, Jira issues and Teams chats of an incident."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog.models.integrations import (
    IntegrationResponse,
    IntegrationsResponse,
    IntegrationWriteRequest,
)
from datadog_incidents_mcp.datadog.resources._base import ResourceBase

_ALL = "/api/v2/incidents/{incident_id}/relationships/integrations"
_ONE = "/api/v2/incidents/{incident_id}/relationships/integrations/{integration_id}"


class Integrations(ResourceBase):
    async def list(self, incident_id: str) -> IntegrationsResponse:
        return await self._read(IntegrationsResponse, build_path(_ALL, incident_id=incident_id))

    async def get(self, incident_id: str, integration_id: str) -> IntegrationResponse:
        path = build_path(_ONE, incident_id=incident_id, integration_id=integration_id)
        return await self._read(IntegrationResponse, path)

    async def create(self, incident_id: str, body: IntegrationWriteRequest) -> IntegrationResponse:
        path = build_path(_ALL, incident_id=incident_id)
        hint = "List the incident's integrations before trying again."
        return await self._create(IntegrationResponse, path, body, hint)

    async def update(
        self, incident_id: str, integration_id: str, body: IntegrationWriteRequest
    ) -> IntegrationResponse:
        path = build_path(_ONE, incident_id=incident_id, integration_id=integration_id)
        return await self._write(IntegrationResponse, "PATCH", path, body)

    async def delete(self, incident_id: str, integration_id: str) -> None:
        path = build_path(_ONE, incident_id=incident_id, integration_id=integration_id)
        await self._remove(path)
