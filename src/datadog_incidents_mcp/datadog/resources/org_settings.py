"""How each incident type behaves in this organization (read-only in the API)."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog.models.org_settings import (
    OrgSettingsListResponse,
    OrgSettingsResponse,
)
from datadog_incidents_mcp.datadog.resources._base import ResourceBase


class OrgSettings(ResourceBase):
    async def list(
        self, *, page_size: int = 100, page_offset: int = 0, include_deleted: bool = False
    ) -> OrgSettingsListResponse:
        params = {
            "page[size]": page_size,
            "page[offset]": page_offset,
            "include-deleted": include_deleted or None,
        }
        return await self._read(
            OrgSettingsListResponse, "/api/v2/incidents/config/types/org-settings", params
        )

    async def get(self, incident_type_id: str) -> OrgSettingsResponse:
        path = build_path(
            "/api/v2/incidents/config/types/{incident_type_id}/org-settings",
            incident_type_id=incident_type_id,
        )
        return await self._read(OrgSettingsResponse, path)
