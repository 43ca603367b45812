"""Incident responders: the people working an incident."""

from __future__ import annotations

from datadog_incidents_mcp.datadog.models.responders import (
    ResponderCreateRequest,
    ResponderResponse,
    RespondersResponse,
)
from datadog_incidents_mcp.datadog.resources._base import IncidentChildren


class Responders(IncidentChildren):
    _all = "/api/v2/incidents/{incident_id}/responders"
    _id_name = "responder_id"
    _noun = "responders"

    async def list(self, incident_id: str) -> RespondersResponse:
        return await self._list(RespondersResponse, incident_id)

    async def get(self, incident_id: str, responder_id: str) -> ResponderResponse:
        return await self._get(ResponderResponse, incident_id, responder_id)

    async def create(self, incident_id: str, body: ResponderCreateRequest) -> ResponderResponse:
        return await self._add(ResponderResponse, incident_id, body)

    async def delete(self, incident_id: str, responder_id: str) -> None:
        await self._delete(incident_id, responder_id)
