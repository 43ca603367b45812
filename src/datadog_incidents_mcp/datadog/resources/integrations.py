"""Incident integration metadata: the Slack channels, Jira issues and Teams chats of an incident."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog._transport import parse
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
        response = await self._requester.request(
            "GET", build_path(_ALL, incident_id=incident_id), retry_safe=True
        )
        return parse(IntegrationsResponse, response)

    async def get(self, incident_id: str, integration_id: str) -> IntegrationResponse:
        response = await self._requester.request(
            "GET",
            build_path(_ONE, incident_id=incident_id, integration_id=integration_id),
            retry_safe=True,
        )
        return parse(IntegrationResponse, response)

    async def create(self, incident_id: str, body: IntegrationWriteRequest) -> IntegrationResponse:
        return await self._requester.create(
            IntegrationResponse,
            build_path(_ALL, incident_id=incident_id),
            body,
            check_hint="List the incident's integrations before trying again.",
        )

    async def update(
        self, incident_id: str, integration_id: str, body: IntegrationWriteRequest
    ) -> IntegrationResponse:
        response = await self._requester.request(
            "PATCH",
            build_path(_ONE, incident_id=incident_id, integration_id=integration_id),
            body=body,
            retry_safe=True,
        )
        return parse(IntegrationResponse, response)

    async def delete(self, incident_id: str, integration_id: str) -> None:
        await self._requester.request(
            "DELETE",
            build_path(_ONE, incident_id=incident_id, integration_id=integration_id),
            retry_safe=True,
        )
