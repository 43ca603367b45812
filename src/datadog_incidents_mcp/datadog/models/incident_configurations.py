"""Per-incident configuration models: which automation runs for one incident, and whether
it counts in search and analytics."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from datadog_incidents_mcp.datadog.models._base import (
    Document,
    Request,
    RequestModel,
    WireModel,
)


class IncidentConfigurationAttributes(WireModel):
    incident_id: str | None = None
    execute_integrations: bool | None = None
    execute_notification_rules: bool | None = None
    include_in_analytics: bool | None = None
    include_in_search: bool | None = None
    created_at: datetime | None = None
    modified_at: datetime | None = None


IncidentConfigurationResponse = Document[IncidentConfigurationAttributes]


class IncidentConfigurationWriteAttributes(RequestModel):
    execute_integrations: bool | None = None
    execute_notification_rules: bool | None = None
    include_in_analytics: bool | None = None
    include_in_search: bool | None = None


# The `id` is the configuration's, required by PATCH and absent on create.
IncidentConfigurationRequest = Request[
    Literal["incidents_configurations"],
    IncidentConfigurationWriteAttributes | None,
    None,
    str | None,
]
