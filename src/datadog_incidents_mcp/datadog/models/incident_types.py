"""Incident type models (`/incidents/config/types`): the kinds of incident an org declares."""

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


class IncidentTypeAttributes(WireModel):
    name: str | None = None
    description: str | None = None
    is_default: bool | None = None
    prefix: str | None = None
    created_at: datetime | None = Field(default=None, alias="createdAt")
    modified_at: datetime | None = Field(default=None, alias="modifiedAt")


IncidentType = Resource[IncidentTypeAttributes]
IncidentTypeResponse = Document[IncidentTypeAttributes]
IncidentTypesResponse = Collection[IncidentTypeAttributes]


class IncidentTypeCreateAttributes(RequestModel):
    name: str = Field(min_length=1, max_length=200)
    description: str | None = None
    is_default: bool | None = None


IncidentTypeCreateRequest = Request[Literal["incident_types"], IncidentTypeCreateAttributes]


class IncidentTypePatchAttributes(RequestModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = None
    is_default: bool | None = None


IncidentTypePatchRequest = Request[
    Literal["incident_types"], IncidentTypePatchAttributes, None, str
]
