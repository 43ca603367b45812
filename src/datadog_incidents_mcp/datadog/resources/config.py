"""Incident configuration: the org's incident types and user-defined fields."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._transport import parse, query
from datadog_incidents_mcp.datadog.models.config import (
    FieldDefinitionsResponse,
    IncidentTypesResponse,
)
from datadog_incidents_mcp.datadog.resources._base import ResourceBase


class IncidentTypes(ResourceBase):
    async def list(self, *, include_deleted: bool = False) -> IncidentTypesResponse:
        response = await self._requester.request(
            "GET",
            "/api/v2/incidents/config/types",
            params=query({"include_deleted": include_deleted or None}),
            retry_safe=True,
        )
        return parse(IncidentTypesResponse, response)


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
        response = await self._requester.request(
            "GET", "/api/v2/incidents/config/user-defined-fields", params=params, retry_safe=True
        )
        return parse(FieldDefinitionsResponse, response)
