"""Incident attachment models, including the postmortem attachment."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from datadog_incidents_mcp.datadog.models._base import (
    Collection,
    Document,
    Request,
    RequestModel,
    Resource,
    WireModel,
)

AttachmentType = Literal["postmortem", "link"]


class AttachmentBody(WireModel):
    documentUrl: str | None = None
    title: str | None = None


class AttachmentAttributes(WireModel):
    attachment: AttachmentBody | None = None
    attachment_type: str | None = None
    modified: datetime | None = None


Attachment = Resource[AttachmentAttributes]
AttachmentResponse = Document[AttachmentAttributes]
AttachmentsResponse = Collection[AttachmentAttributes]


class AttachmentLink(RequestModel):
    documentUrl: str = Field(min_length=1)
    title: str = Field(min_length=1)


class AttachmentCreateAttributes(RequestModel):
    attachment_type: AttachmentType
    attachment: AttachmentLink


AttachmentCreateRequest = Request[Literal["incident_attachments"], AttachmentCreateAttributes]


class AttachmentLinkPatch(RequestModel):
    documentUrl: str | None = Field(default=None, min_length=1)
    title: str | None = Field(default=None, min_length=1)


class AttachmentUpdateAttributes(RequestModel):
    attachment: AttachmentLinkPatch


AttachmentUpdateRequest = Request[
    Literal["incident_attachments"], AttachmentUpdateAttributes, None, str
]


class CellDefinition(RequestModel):
    content: str


class CellAttributes(RequestModel):
    definition: CellDefinition


class PostmortemCell(RequestModel):
    """One Markdown section of a postmortem, as the postmortem endpoint takes it."""

    id: str | None = None
    type: Literal["markdown"] = "markdown"
    attributes: CellAttributes


class PostmortemAttributes(RequestModel):
    title: str | None = None
    content: str | None = None
    postmortem_template_id: str | None = None
    cells: list[PostmortemCell] | None = None


PostmortemAttachmentRequest = Request[Literal["incident_attachments"], PostmortemAttributes]
