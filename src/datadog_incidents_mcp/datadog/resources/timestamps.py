"""Timestamp overrides: corrected detected/declared/resolved times of an incident."""

from __future__ import annotations

from datadog_incidents_mcp.datadog.models.timestamps import (
    TimestampOverrideCreateRequest,
    TimestampOverridePatchRequest,
    TimestampOverrideResponse,
    TimestampOverridesResponse,
)
from datadog_incidents_mcp.datadog.resources._base import IncidentChildren


class TimestampOverrides(IncidentChildren):
    _all = "/api/v2/incidents/{incident_id}/timestamp-overrides"
    _id_name = "override_id"
    _noun = "timestamp overrides"

    async def list(self, incident_id: str) -> TimestampOverridesResponse:
        return await self._list(TimestampOverridesResponse, incident_id)

    async def create(
        self, incident_id: str, body: TimestampOverrideCreateRequest
    ) -> TimestampOverrideResponse:
        return await self._add(TimestampOverrideResponse, incident_id, body)

    async def update(
        self, incident_id: str, override_id: str, body: TimestampOverridePatchRequest
    ) -> TimestampOverrideResponse:
        return await self._patch(TimestampOverrideResponse, incident_id, override_id, body)

    async def delete(self, incident_id: str, override_id: str) -> None:
        await self._delete(incident_id, override_id)
