"""Incident configuration: the org's incident types, fields, roles, impact fields and settings."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog._transport import parse, query
from datadog_incidents_mcp.datadog.models.config import (
    FieldCreateRequest,
    FieldDefinitionResponse,
    FieldDefinitionsResponse,
    FieldUpdateRequest,
    GlobalSettingsRequest,
    GlobalSettingsResponse,
    ImpactFieldResponse,
    ImpactFieldsResponse,
    ImpactFieldWriteRequest,
    IncidentTypeCreateRequest,
    IncidentTypePatchRequest,
    IncidentTypeResponse,
    IncidentTypesResponse,
    OrgSettingsListResponse,
    OrgSettingsResponse,
    RoleCreateRequest,
    RolePatchRequest,
    RoleResponse,
    RolesResponse,
)
from datadog_incidents_mcp.datadog.resources._base import ResourceBase

_TYPES = "/api/v2/incidents/config/types"
_TYPE = "/api/v2/incidents/config/types/{incident_type_id}"
_FIELDS = "/api/v2/incidents/config/user-defined-fields"
_FIELD = "/api/v2/incidents/config/user-defined-fields/{field_id}"
_ROLES = "/api/v2/incidents/config/user-defined-roles"
_ROLE = "/api/v2/incidents/config/user-defined-roles/{role_id}"


class IncidentTypes(ResourceBase):
    async def list(self, *, include_deleted: bool = False) -> IncidentTypesResponse:
        response = await self._requester.request(
            "GET",
            _TYPES,
            params=query({"include_deleted": include_deleted or None}),
            retry_safe=True,
        )
        return parse(IncidentTypesResponse, response)

    async def get(self, incident_type_id: str) -> IncidentTypeResponse:
        response = await self._requester.request(
            "GET", build_path(_TYPE, incident_type_id=incident_type_id), retry_safe=True
        )
        return parse(IncidentTypeResponse, response)

    async def create(self, body: IncidentTypeCreateRequest) -> IncidentTypeResponse:
        return await self._requester.create(
            IncidentTypeResponse,
            _TYPES,
            body,
            check_hint=f'Look for a type named "{body.data.attributes.name}" first.',
        )

    async def update(
        self, incident_type_id: str, body: IncidentTypePatchRequest
    ) -> IncidentTypeResponse:
        response = await self._requester.request(
            "PATCH",
            build_path(_TYPE, incident_type_id=incident_type_id),
            body=body,
            retry_safe=True,
        )
        return parse(IncidentTypeResponse, response)

    async def delete(self, incident_type_id: str) -> None:
        await self._requester.request(
            "DELETE", build_path(_TYPE, incident_type_id=incident_type_id), retry_safe=True
        )


class IncidentFields(ResourceBase):
    async def list(
        self, *, incident_type: str | None = None, page_size: int = 1000, page_number: int = 0
    ) -> FieldDefinitionsResponse:
        """The fields incidents can carry (severity, state, services...) and their valid values."""
        params = query(
            {
                "filter[incident-type]": incident_type,
                "page[size]": page_size,
                "page[number]": page_number,
            }
        )
        response = await self._requester.request("GET", _FIELDS, params=params, retry_safe=True)
        return parse(FieldDefinitionsResponse, response)

    async def get(self, field_id: str) -> FieldDefinitionResponse:
        response = await self._requester.request(
            "GET", build_path(_FIELD, field_id=field_id), retry_safe=True
        )
        return parse(FieldDefinitionResponse, response)

    async def create(self, body: FieldCreateRequest) -> FieldDefinitionResponse:
        return await self._requester.create(
            FieldDefinitionResponse,
            _FIELDS,
            body,
            check_hint=f'List the fields for one named "{body.data.attributes.name}" first.',
        )

    async def update(self, field_id: str, body: FieldUpdateRequest) -> FieldDefinitionResponse:
        response = await self._requester.request(
            "PATCH", build_path(_FIELD, field_id=field_id), body=body, retry_safe=True
        )
        return parse(FieldDefinitionResponse, response)

    async def delete(self, field_id: str) -> None:
        await self._requester.request(
            "DELETE", build_path(_FIELD, field_id=field_id), retry_safe=True
        )


class IncidentRoles(ResourceBase):
    """Incident roles people take (communications lead, scribe...), per incident type."""

    async def list(self, *, incident_type: str | None = None) -> RolesResponse:
        response = await self._requester.request(
            "GET", _ROLES, params=query({"filter[incident-type]": incident_type}), retry_safe=True
        )
        return parse(RolesResponse, response)

    async def get(self, role_id: str) -> RoleResponse:
        response = await self._requester.request(
            "GET", build_path(_ROLE, role_id=role_id), retry_safe=True
        )
        return parse(RoleResponse, response)

    async def create(self, body: RoleCreateRequest) -> RoleResponse:
        return await self._requester.create(
            RoleResponse,
            _ROLES,
            body,
            check_hint=f'List the roles for one named "{body.data.attributes.name}" first.',
        )

    async def update(self, role_id: str, body: RolePatchRequest) -> RoleResponse:
        response = await self._requester.request(
            "PATCH", build_path(_ROLE, role_id=role_id), body=body, retry_safe=True
        )
        return parse(RoleResponse, response)

    async def delete(self, role_id: str) -> None:
        await self._requester.request("DELETE", build_path(_ROLE, role_id=role_id), retry_safe=True)


class IncidentSettings(ResourceBase):
    """Organization-wide incident settings (the analytics dashboard)."""

    _PATH = "/api/v2/incidents/config/global/settings"

    async def get(self) -> GlobalSettingsResponse:
        response = await self._requester.request("GET", self._PATH, retry_safe=True)
        return parse(GlobalSettingsResponse, response)

    async def update(self, body: GlobalSettingsRequest) -> GlobalSettingsResponse:
        response = await self._requester.request("PATCH", self._PATH, body=body, retry_safe=True)
        return parse(GlobalSettingsResponse, response)


class ImpactFields(ResourceBase):
    """The fields every impact of an incident records (region, customer tier...)."""

    _ALL = "/api/v2/incidents/config/impact-fields"
    _ONE = "/api/v2/incidents/config/impact-fields/{field_id}"

    async def list(self) -> ImpactFieldsResponse:
        return await self._read(ImpactFieldsResponse, self._ALL)

    async def create(self, body: ImpactFieldWriteRequest) -> ImpactFieldResponse:
        hint = f'List the impact fields for one named "{body.data.attributes.name}" first.'
        return await self._create(ImpactFieldResponse, self._ALL, body, hint)

    async def update(self, field_id: str, body: ImpactFieldWriteRequest) -> ImpactFieldResponse:
        """A whole replacement (PUT): every attribute not sent is reset."""
        path = build_path(self._ONE, field_id=field_id)
        return await self._write(ImpactFieldResponse, "PUT", path, body)

    async def delete(self, field_id: str) -> None:
        await self._remove(build_path(self._ONE, field_id=field_id))


class OrgSettings(ResourceBase):
    """How each incident type behaves in this organization (read-only in the API)."""

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
