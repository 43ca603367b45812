"""Incident impact models (`/incidents/{id}/impacts`)."""

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

ImpactInclude = Literal["incident", "created_by_user", "last_modified_by_user"]


class ImpactAttributes(WireModel):
    description: str | None = None
    start_at: datetime | None = None
    end_at: datetime | None = None
    impact_type: str | None = None
    fields: dict[str, Any] | None = None  # the live service sends null on new impacts
    created: datetime | None = None
    modified: datetime | None = None


Impact = Resource[ImpactAttributes]
ImpactResponse = Document[ImpactAttributes]
ImpactsResponse = Collection[ImpactAttributes]


class ImpactCreateAttributes(RequestModel):
    description: str = Field(min_length=1)
    start_at: datetime
    end_at: datetime | None = None
    fields: dict[str, Any] | None = None


ImpactCreateRequest = Request[Literal["incident_impacts"], ImpactCreateAttributes]


class ImpactPatchAttributes(RequestModel):
    description: str | None = Field(default=None, min_length=1)
    start_at: datetime | None = None
    end_at: datetime | None = None
    fields: dict[str, Any] | None = None


ImpactPatchRequest = Request[Literal["incident_impacts"], ImpactPatchAttributes]
