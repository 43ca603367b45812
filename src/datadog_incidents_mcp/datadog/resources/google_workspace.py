"""Google Chat and Google Meet settings for incidents of one type."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog.models.google_workspace import (
    GoogleChatCreateRequest,
    GoogleChatPatchRequest,
    GoogleChatResponse,
    GoogleMeetCreateRequest,
    GoogleMeetPatchRequest,
    GoogleMeetResponse,
)
from datadog_incidents_mcp.datadog.resources._base import ResourceBase

_CHAT = "/api/v2/incidents/config/google-chat-configurations"
_MEET = "/api/v2/incidents/config/google-meet-configurations"
_HINT = "Look at the incident type's relationships for an existing configuration first."


class GoogleWorkspace(ResourceBase):
    """Create and change only: Datadog offers no list or read of these configurations."""

    async def create_chat(self, body: GoogleChatCreateRequest) -> GoogleChatResponse:
        return await self._create(GoogleChatResponse, _CHAT, body, _HINT)

    async def update_chat(
        self, configuration_id: str, body: GoogleChatPatchRequest
    ) -> GoogleChatResponse:
        path = build_path(_CHAT + "/{id}", id=configuration_id)
        return await self._write(GoogleChatResponse, "PATCH", path, body)

    async def create_meet(self, body: GoogleMeetCreateRequest) -> GoogleMeetResponse:
        return await self._create(GoogleMeetResponse, _MEET, body, _HINT)

    async def update_meet(
        self, configuration_id: str, body: GoogleMeetPatchRequest
    ) -> GoogleMeetResponse:
        path = build_path(_MEET + "/{id}", id=configuration_id)
        return await self._write(GoogleMeetResponse, "PATCH", path, body)
