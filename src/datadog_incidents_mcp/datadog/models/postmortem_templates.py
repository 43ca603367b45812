"""Postmortem template models (`/incidents/config/postmortem-templates`)."""

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


class TemplateAttributes(WireModel):
    name: str | None = None
    # Newer API versions send the template's Markdown; older ones only its name.
    content: str | None = None
    is_default: bool | None = None
    created_at: datetime | None = Field(default=None, alias="createdAt")
    modified_at: datetime | None = Field(default=None, alias="modifiedAt")


Template = Resource[TemplateAttributes]
TemplateResponse = Document[TemplateAttributes]
TemplatesResponse = Collection[TemplateAttributes]


class TemplateWriteAttributes(RequestModel):
    name: str = Field(min_length=1, max_length=200)
    # Markdown with the template's headings; newer API versions take it, older ones ignore it.
    content: str | None = None


# Body of both create and update.
TemplateWriteRequest = Request[Literal["postmortem_template"], TemplateWriteAttributes]
