"""Incident responder models (`/incidents/{id}/responders`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from datadog_incidents_mcp.datadog.models._base import (
    Collection,
    Document,
    Request,
    RequestModel,
    Resource,
    UserLink,
    WireModel,
)


class ResponderAttributes(WireModel):
    created: datetime | None = None
    modified: datetime | None = None
    is_billable: bool | None = None
    last_active: datetime | None = None
    external_id: str | None = None
    external_source: str | None = None
    meta: dict[str, Any] | None = None


Responder = Resource[ResponderAttributes]
ResponderResponse = Document[ResponderAttributes]
RespondersResponse = Collection[ResponderAttributes]


class ResponderRelationships(RequestModel):
    user: UserLink


ResponderCreateRequest = Request[Literal["incident_responders"], None, ResponderRelationships]
