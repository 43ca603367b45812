"""Incident types: the kinds of incident an org declares (security, operational...)."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog.models.incident_types import (
    IncidentTypeCreateRequest,
    IncidentTypePatchRequest,
    IncidentTypeResponse,
    IncidentTypesResponse,
)
from datadog_incidents_mcp.datadog.resources._base import ResourceBase

_ALL = "/api/v2/incidents/config/types"
_ONE = "/api/v2/incidents/config/types/{incident_type_id}"


class IncidentTypes(ResourceBase):
    async def list(self, *, include_deleted: bool = False) -> IncidentTypesResponse:
        params = {"include_deleted": include_deleted or None}
        return await self._read(IncidentTypesResponse, _ALL, params)

    async def get(self, incident_type_id: str) -> IncidentTypeResponse:
        path = build_path(_ONE, incident_type_id=incident_type_id)
        return await self._read(IncidentTypeResponse, path)

    async def create(self, body: IncidentTypeCreateRequest) -> IncidentTypeResponse:
        hint = f'Look for a type named "{body.data.attributes.name}" first.'
        return await self._create(IncidentTypeResponse, _ALL, body, hint)

    async def update(
        self, incident_type_id: str, body: IncidentTypePatchRequest
    ) -> IncidentTypeResponse:
        path = build_path(_ONE, incident_type_id=incident_type_id)
        return await self._write(IncidentTypeResponse, "PATCH", path, body)

    async def delete(self, incident_type_id: str) -> None:
        await self._remove(build_path(_ONE, incident_type_id=incident_type_id))
