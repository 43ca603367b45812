"""Global incident handle models: the org-wide handles notified for incidents of a type."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from datadog_incidents_mcp.datadog.models._base import (
    Collection,
    Document,
    Request,
    RequestModel,
    Resource,
    WireModel,
)


class HandleAttributes(WireModel):
    name: str | None = None
    fields: dict[str, Any] | None = None
    created_at: datetime | None = None
    modified_at: datetime | None = None


Handle = Resource[HandleAttributes]
HandleResponse = Document[HandleAttributes]
HandlesResponse = Collection[HandleAttributes]


class HandleFields(RequestModel):
    severity: list[str] | None = None


class HandleWriteAttributes(RequestModel):
    name: str = Field(min_length=1, max_length=200)
    fields: HandleFields | None = None


class LinkRef(RequestModel):
    id: str = Field(min_length=1)
    type: str = Field(min_length=1)


class Link(RequestModel):
    data: LinkRef


class HandleLinks(RequestModel):
    incident_type: Link
    commander_user: Link | None = None


# The `id` names the handle a PUT replaces; absent on create.
HandleWriteRequest = Request[
    Literal["incidents_handles"], HandleWriteAttributes, HandleLinks | None, str | None
]
