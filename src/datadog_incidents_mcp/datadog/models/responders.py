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
    UserRef,
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


class ResponderUser(RequestModel):
    data: UserRef


class ResponderRelationships(RequestModel):
    user: ResponderUser


ResponderCreateRequest = Request[Literal["incident_responders"], None, ResponderRelationships]
