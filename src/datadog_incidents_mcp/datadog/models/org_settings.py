"""Org settings models (`/incidents/config/types/{id}/org-settings`): how each incident
type behaves in this organization."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from datadog_incidents_mcp.datadog.models._base import (
    Collection,
    Document,
    Resource,
    WireModel,
)


class OrgSettingsAttributes(WireModel):
    """How an incident type behaves in this org; Datadog documents `settings` as open."""

    settings: dict[str, Any] | None = None
    created: datetime | None = None
    modified: datetime | None = None


OrgSettings = Resource[OrgSettingsAttributes]
OrgSettingsResponse = Document[OrgSettingsAttributes]
OrgSettingsListResponse = Collection[OrgSettingsAttributes]
