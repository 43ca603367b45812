"""Incident attachments (links, postmortems) and the postmortem attachment endpoint."""

from __future__ import annotations

from typing import Literal

from datadog_incidents_mcp.datadog.models.attachments import (
    AttachmentCreateRequest,
    AttachmentResponse,
    AttachmentsResponse,
    AttachmentType,
    AttachmentUpdateRequest,
    PostmortemAttachmentRequest,
)
from datadog_incidents_mcp.datadog.resources._base import IncidentChildren

_TYPE_FILTER = {"postmortem": "1", "link": "2"}

AttachmentInclude = Literal["last_modified_by_user"]


class Attachments(IncidentChildren):
    _all = "/api/v2/incidents/{incident_id}/attachments"
    _id_name = "attachment_id"
    _noun = "attachments"

    async def list(
        self,
        incident_id: str,
        *,
        attachment_type: AttachmentType | None = None,
        include: AttachmentInclude | None = None,
    ) -> AttachmentsResponse:
        params = {
            "filter[attachment_type]": _TYPE_FILTER[attachment_type] if attachment_type else None,
            "include": include,
        }
        return await self._list(AttachmentsResponse, incident_id, params)

    async def create(
        self,
        incident_id: str,
        body: AttachmentCreateRequest,
        *,
        include: AttachmentInclude | None = None,
    ) -> AttachmentResponse:
        return await self._add(AttachmentResponse, incident_id, body, {"include": include})

    async def update(
        self,
        incident_id: str,
        attachment_id: str,
        body: AttachmentUpdateRequest,
        *,
        include: AttachmentInclude | None = None,
    ) -> AttachmentResponse:
        params = {"include": include}
        return await self._patch(AttachmentResponse, incident_id, attachment_id, body, params)

    async def delete(self, incident_id: str, attachment_id: str) -> None:
        await self._delete(incident_id, attachment_id)

    async def create_postmortem(
        self, incident_id: str, body: PostmortemAttachmentRequest
    ) -> AttachmentResponse:
        """Publish a postmortem (Markdown content and/or cells) as the incident's attachment."""
        path = self._list_path(incident_id) + "/postmortems"
        hint = "List the incident's postmortem attachments before trying again."
        return await self._create(AttachmentResponse, path, body, hint)
