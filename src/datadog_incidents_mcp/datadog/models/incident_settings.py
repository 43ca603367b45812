"""Organization-wide incident settings models (`/incidents/config/global/settings`)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from datadog_incidents_mcp.datadog.models._base import (
    Document,
    Request,
    RequestModel,
    WireModel,
)


class GlobalSettingsAttributes(WireModel):
    analytics_dashboard_id: str | None = None
    created: datetime | None = None
    modified: datetime | None = None


GlobalSettingsResponse = Document[GlobalSettingsAttributes]


class GlobalSettingsWriteAttributes(RequestModel):
    analytics_dashboard_id: str = Field(max_length=64)


GlobalSettingsRequest = Request[Literal["incidents_global_settings"], GlobalSettingsWriteAttributes]
