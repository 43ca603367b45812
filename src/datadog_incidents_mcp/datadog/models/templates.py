"""Postmortem template models (`/incidents/config/postmortem-templates`)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from datadog_incidents_mcp.datadog.models._base import Collection, Document, Resource, WireModel


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
