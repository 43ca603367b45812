"""Incident responders: the people working an incident."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog.models.responders import (
    ResponderCreateRequest,
    ResponderResponse,
    RespondersResponse,
)
from datadog_incidents_mcp.datadog.resources._base import ResourceBase

_ALL = "/api/v2/incidents/{incident_id}/responders"
_ONE = "/api/v2/incidents/{incident_id}/responders/{responder_id}"


class Responders(ResourceBase):
    async def list(self, incident_id: str) -> RespondersResponse:
        return await self._read(RespondersResponse, build_path(_ALL, incident_id=incident_id))

    async def get(self, incident_id: str, responder_id: str) -> ResponderResponse:
        path = build_path(_ONE, incident_id=incident_id, responder_id=responder_id)
        return await self._read(ResponderResponse, path)

    async def create(self, incident_id: str, body: ResponderCreateRequest) -> ResponderResponse:
        path = build_path(_ALL, incident_id=incident_id)
        hint = "List the incident's responders before trying again."
        return await self._create(ResponderResponse, path, body, hint)

    async def delete(self, incident_id: str, responder_id: str) -> None:
        await self._remove(build_path(_ONE, incident_id=incident_id, responder_id=responder_id))
