"""Timestamp overrides: corrected detected/declared/resolved times of an incident."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog.models.timestamps import (
    TimestampOverrideCreateRequest,
    TimestampOverridePatchRequest,
    TimestampOverrideResponse,
    TimestampOverridesResponse,
)
from datadog_incidents_mcp.datadog.resources._base import ResourceBase

_ALL = "/api/v2/incidents/{incident_id}/timestamp-overrides"
_ONE = "/api/v2/incidents/{incident_id}/timestamp-overrides/{override_id}"


class TimestampOverrides(ResourceBase):
    async def list(self, incident_id: str) -> TimestampOverridesResponse:
        path = build_path(_ALL, incident_id=incident_id)
        return await self._read(TimestampOverridesResponse, path)

    async def create(
        self, incident_id: str, body: TimestampOverrideCreateRequest
    ) -> TimestampOverrideResponse:
        path = build_path(_ALL, incident_id=incident_id)
        hint = "List the incident's timestamp overrides before trying again."
        return await self._create(TimestampOverrideResponse, path, body, hint)

    async def update(
        self, incident_id: str, override_id: str, body: TimestampOverridePatchRequest
    ) -> TimestampOverrideResponse:
        path = build_path(_ONE, incident_id=incident_id, override_id=override_id)
        return await self._write(TimestampOverrideResponse, "PATCH", path, body)

    async def delete(self, incident_id: str, override_id: str) -> None:
        await self._remove(build_path(_ONE, incident_id=incident_id, override_id=override_id))
