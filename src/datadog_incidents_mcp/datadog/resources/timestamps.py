"""Timestamp overrides: corrected detected/declared/resolved times of an incident."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog._transport import parse
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
        response = await self._requester.request(
            "GET", build_path(_ALL, incident_id=incident_id), retry_safe=True
        )
        return parse(TimestampOverridesResponse, response)

    async def create(
        self, incident_id: str, body: TimestampOverrideCreateRequest
    ) -> TimestampOverrideResponse:
        return await self._requester.create(
            TimestampOverrideResponse,
            build_path(_ALL, incident_id=incident_id),
            body,
            check_hint="List the incident's timestamp overrides before trying again.",
        )

    async def update(
        self, incident_id: str, override_id: str, body: TimestampOverridePatchRequest
    ) -> TimestampOverrideResponse:
        response = await self._requester.request(
            "PATCH",
            build_path(_ONE, incident_id=incident_id, override_id=override_id),
            body=body,
            retry_safe=True,
        )
        return parse(TimestampOverrideResponse, response)

    async def delete(self, incident_id: str, override_id: str) -> None:
        await self._requester.request(
            "DELETE",
            build_path(_ONE, incident_id=incident_id, override_id=override_id),
            retry_safe=True,
        )
