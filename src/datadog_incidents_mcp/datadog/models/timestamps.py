"""Timestamp override models: corrections to detected/declared/resolved times."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from datadog_incidents_mcp.datadog.models._base import (
    Collection,
    Document,
    Request,
    RequestModel,
    Resource,
    WireModel,
)

TimestampType = Literal["detected", "resolved", "declared"]


class TimestampOverrideAttributes(WireModel):
    timestamp_type: str | None = None
    timestamp_value: datetime | None = None
    incident_id: str | None = None
    created_at: datetime | None = None
    modified_at: datetime | None = None
    deleted_at: datetime | None = None


TimestampOverride = Resource[TimestampOverrideAttributes]
TimestampOverrideResponse = Document[TimestampOverrideAttributes]
TimestampOverridesResponse = Collection[TimestampOverrideAttributes]


class TimestampOverrideCreateAttributes(RequestModel):
    timestamp_type: TimestampType
    timestamp_value: datetime


TimestampOverrideCreateRequest = Request[
    Literal["incidents_timestamp_overrides"], TimestampOverrideCreateAttributes
]


class TimestampOverridePatchAttributes(RequestModel):
    timestamp_value: datetime


TimestampOverridePatchRequest = Request[
    Literal["incidents_timestamp_overrides"], TimestampOverridePatchAttributes, None, str
]
