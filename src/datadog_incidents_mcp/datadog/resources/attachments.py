"""Incident attachments (links, postmortems) and the postmortem attachment endpoint."""

from __future__ import annotations

from typing import Literal

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog._transport import parse, query
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
        params = query(
            {
                "filter[attachment_type]": _TYPE_FILTER[attachment_type]
                if attachment_type
                else None,
                "include": include,
            }
        )
        response = await self._requester.request(
            "GET", build_path(_ALL, incident_id=incident_id), params=params, retry_safe=True
        )
        return parse(AttachmentsResponse, response)

    async def create(
        self,
        incident_id: str,
        body: AttachmentCreateRequest,
        *,
        include: AttachmentInclude | None = None,
    ) -> AttachmentResponse:
        return await self._requester.create(
            AttachmentResponse,
            build_path(_ALL, incident_id=incident_id),
            body,
            check_hint="List the incident's attachments before trying again.",
            params=query({"include": include}),
        )

    async def update(
        self,
        incident_id: str,
        attachment_id: str,
        body: AttachmentUpdateRequest,
        *,
        include: AttachmentInclude | None = None,
    ) -> AttachmentResponse:
        response = await self._requester.request(
            "PATCH",
            build_path(_ONE, incident_id=incident_id, attachment_id=attachment_id),
            params=query({"include": include}),
            body=body,
            retry_safe=True,
        )
        return parse(AttachmentResponse, response)

    async def delete(self, incident_id: str, attachment_id: str) -> None:
        await self._requester.request(
            "DELETE",
            build_path(_ONE, incident_id=incident_id, attachment_id=attachment_id),
            retry_safe=True,
        )

    async def create_postmortem(
        self, incident_id: str, body: PostmortemAttachmentRequest
    ) -> AttachmentResponse:
        """Publish a postmortem (Markdown content and/or cells) as the incident's attachment."""
        return await self._requester.create(
            AttachmentResponse,
            build_path(_ALL + "/postmortems", incident_id=incident_id),
            body,
            check_hint="List the incident's postmortem attachments before trying again.",
        )
