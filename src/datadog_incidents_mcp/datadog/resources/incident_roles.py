"""Incident roles people take (communications lead, scribe...), per incident type."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog.models.incident_roles import (
    RoleCreateRequest,
    RolePatchRequest,
    RoleResponse,
    RolesResponse,
)
from datadog_incidents_mcp.datadog.resources._base import ResourceBase

_ALL = "/api/v2/incidents/config/user-defined-roles"
_ONE = "/api/v2/incidents/config/user-defined-roles/{role_id}"


class IncidentRoles(ResourceBase):
    async def list(self, *, incident_type: str | None = None) -> RolesResponse:
        return await self._read(RolesResponse, _ALL, {"filter[incident-type]": incident_type})

    async def get(self, role_id: str) -> RoleResponse:
        return await self._read(RoleResponse, build_path(_ONE, role_id=role_id))

    async def create(self, body: RoleCreateRequest) -> RoleResponse:
        hint = f'List the roles for one named "{body.data.attributes.name}" first.'
        return await self._create(RoleResponse, _ALL, body, hint)

    async def update(self, role_id: str, body: RolePatchRequest) -> RoleResponse:
        return await self._write(RoleResponse, "PATCH", build_path(_ONE, role_id=role_id), body)

    async def delete(self, role_id: str) -> None:
        await self._remove(build_path(_ONE, role_id=role_id))
