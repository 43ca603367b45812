"""Incident attachments (links, postmortems) and the postmortem attachment endpoint."""

from __future__ import annotations

from typing import Literal

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog.models.attachments import (
    AttachmentCreateRequest,
    AttachmentResponse,
    AttachmentsResponse,
    AttachmentType,
    AttachmentUpdateRequest,
    PostmortemAttachmentRequest,
)
from datadog_incidents_mcp.datadog.resources._base import ResourceBase

_ALL = "/api/v2/incidents/{incident_id}/attachments"
_ONE = "/api/v2/incidents/{incident_id}/attachments/{attachment_id}"
_TYPE_FILTER = {"postmortem": "1", "link": "2"}

AttachmentInclude = Literal["last_modified_by_user"]


class Attachments(ResourceBase):
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
        path = build_path(_ALL, incident_id=incident_id)
        return await self._read(AttachmentsResponse, path, params)

    async def create(
        self,
        incident_id: str,
        body: AttachmentCreateRequest,
        *,
        include: AttachmentInclude | None = None,
    ) -> AttachmentResponse:
        path = build_path(_ALL, incident_id=incident_id)
        hint = "List the incident's attachments before trying again."
        return await self._create(AttachmentResponse, path, body, hint, {"include": include})

    async def update(
        self,
        incident_id: str,
        attachment_id: str,
        body: AttachmentUpdateRequest,
        *,
        include: AttachmentInclude | None = None,
    ) -> AttachmentResponse:
        path = build_path(_ONE, incident_id=incident_id, attachment_id=attachment_id)
        return await self._write(AttachmentResponse, "PATCH", path, body, {"include": include})

    async def delete(self, incident_id: str, attachment_id: str) -> None:
        await self._remove(build_path(_ONE, incident_id=incident_id, attachment_id=attachment_id))

    async def create_postmortem(
        self, incident_id: str, body: PostmortemAttachmentRequest
    ) -> AttachmentResponse:
        """Publish a postmortem (Markdown content and/or cells) as the incident's attachment."""
        path = build_path(_ALL + "/postmortems", incident_id=incident_id)
        hint = "List the incident's postmortem attachments before trying again."
        return await self._create(AttachmentResponse, path, body, hint)
