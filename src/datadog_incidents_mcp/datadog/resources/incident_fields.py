"""User-defined incident fields: what incidents carry (severity, state, services...)."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog.models.incident_fields import (
    FieldCreateRequest,
    FieldDefinitionResponse,
    FieldDefinitionsResponse,
    FieldUpdateRequest,
)
from datadog_incidents_mcp.datadog.resources._base import ResourceBase

_ALL = "/api/v2/incidents/config/user-defined-fields"
_ONE = "/api/v2/incidents/config/user-defined-fields/{field_id}"


class IncidentFields(ResourceBase):
    async def list(
        self, *, incident_type: str | None = None, page_size: int = 1000, page_number: int = 0
    ) -> FieldDefinitionsResponse:
        """The fields incidents can carry (severity, state, services...) and their valid values."""
        params = {
            "filter[incident-type]": incident_type,
            "page[size]": page_size,
            "page[number]": page_number,
        }
        return await self._read(FieldDefinitionsResponse, _ALL, params)

    async def get(self, field_id: str) -> FieldDefinitionResponse:
        return await self._read(FieldDefinitionResponse, build_path(_ONE, field_id=field_id))

    async def create(self, body: FieldCreateRequest) -> FieldDefinitionResponse:
        hint = f'List the fields for one named "{body.data.attributes.name}" first.'
        return await self._create(FieldDefinitionResponse, _ALL, body, hint)

    async def update(self, field_id: str, body: FieldUpdateRequest) -> FieldDefinitionResponse:
        path = build_path(_ONE, field_id=field_id)
        return await self._write(FieldDefinitionResponse, "PATCH", path, body)

    async def delete(self, field_id: str) -> None:
        await self._remove(build_path(_ONE, field_id=field_id))
