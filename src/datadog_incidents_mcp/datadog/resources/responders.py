"""Incident responders: the people working an incident."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog._transport import parse
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
        response = await self._requester.request(
            "GET", build_path(_ALL, incident_id=incident_id), retry_safe=True
        )
        return parse(RespondersResponse, response)

    async def get(self, incident_id: str, responder_id: str) -> ResponderResponse:
        response = await self._requester.request(
            "GET",
            build_path(_ONE, incident_id=incident_id, responder_id=responder_id),
            retry_safe=True,
        )
        return parse(ResponderResponse, response)

    async def create(self, incident_id: str, body: ResponderCreateRequest) -> ResponderResponse:
        return await self._requester.create(
            ResponderResponse,
            build_path(_ALL, incident_id=incident_id),
            body,
            check_hint="List the incident's responders before trying again.",
        )

    async def delete(self, incident_id: str, responder_id: str) -> None:
        await self._requester.request(
            "DELETE",
            build_path(_ONE, incident_id=incident_id, responder_id=responder_id),
            retry_safe=True,
        )
