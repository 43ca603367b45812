"""Impact fields: what every impact of an incident records (region, customer tier...)."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog.models.impact_fields import (
    ImpactFieldResponse,
    ImpactFieldsResponse,
    ImpactFieldWriteRequest,
)
from datadog_incidents_mcp.datadog.resources._base import ResourceBase

_ALL = "/api/v2/incidents/config/impact-fields"
_ONE = "/api/v2/incidents/config/impact-fields/{field_id}"


class ImpactFields(ResourceBase):
    async def list(self) -> ImpactFieldsResponse:
        return await self._read(ImpactFieldsResponse, _ALL)

    async def create(self, body: ImpactFieldWriteRequest) -> ImpactFieldResponse:
        hint = f'List the impact fields for one named "{body.data.attributes.name}" first.'
        return await self._create(ImpactFieldResponse, _ALL, body, hint)

    async def update(self, field_id: str, body: ImpactFieldWriteRequest) -> ImpactFieldResponse:
        """A whole replacement (PUT): every attribute not sent is reset."""
        path = build_path(_ONE, field_id=field_id)
        return await self._write(ImpactFieldResponse, "PUT", path, body)

    async def delete(self, field_id: str) -> None:
        await self._remove(build_path(_ONE, field_id=field_id))
