"""Incidents: list, search, get, create, update, delete, import."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog.models.incidents import (
    ImportInclude,
    IncidentCreateRequest,
    IncidentImportRequest,
    IncidentInclude,
    IncidentResponse,
    IncidentSearchResponse,
    IncidentsResponse,
    IncidentUpdateRequest,
)
from datadog_incidents_mcp.datadog.resources._base import ResourceBase

_ROOT = "/api/v2/incidents"
_ONE = "/api/v2/incidents/{incident_id}"


def _check_hint(title: str) -> str:
    return f'Search for incidents titled "{title}" before trying again.'


class Incidents(ResourceBase):
    async def list(
        self,
        *,
        page_size: int = 10,
        offset: int = 0,
        include: Sequence[IncidentInclude] | None = None,
    ) -> IncidentsResponse:
        """One page of incidents, oldest first (Datadog's list has no filters; use search)."""
        params = {"page[size]": page_size, "page[offset]": offset, "include": include}
        return await self._read(IncidentsResponse, _ROOT, params)

    async def search(
        self,
        *,
        query_text: str,
        sort: Literal["created", "-created"] | None = None,
        page_size: int = 10,
        offset: int = 0,
        include: IncidentInclude | None = None,
    ) -> IncidentSearchResponse:
        """Incidents matching a facet query such as `state:active AND severity:(SEV-1 OR SEV-2)`."""
        params = {
            "query": query_text,
            "sort": sort,
            "page[size]": page_size,
            "page[offset]": offset,
            "include": include,
        }
        return await self._read(IncidentSearchResponse, f"{_ROOT}/search", params)

    async def get(
        self, incident_id: str, *, include: Sequence[IncidentInclude] | None = None
    ) -> IncidentResponse:
        path = build_path(_ONE, incident_id=incident_id)
        return await self._read(IncidentResponse, path, {"include": include})

    async def create(self, body: IncidentCreateRequest) -> IncidentResponse:
        """Declare an incident. Never retried once sent: a duplicate would page people twice."""
        hint = _check_hint(body.data.attributes.title)
        return await self._create(IncidentResponse, _ROOT, body, hint)

    async def update(
        self,
        incident_id: str,
        body: IncidentUpdateRequest,
        *,
        include: Sequence[IncidentInclude] | None = None,
    ) -> IncidentResponse:
        path = build_path(_ONE, incident_id=incident_id)
        return await self._write(IncidentResponse, "PATCH", path, body, {"include": include})

    async def delete(self, incident_id: str) -> None:
        await self._remove(build_path(_ONE, incident_id=incident_id))

    async def import_(
        self, body: IncidentImportRequest, *, include: Sequence[ImportInclude] | None = None
    ) -> IncidentResponse:
        """Record a past incident; imports run no integrations and notify nobody."""
        hint = _check_hint(body.data.attributes.title)
        path = f"{_ROOT}/import"
        return await self._create(IncidentResponse, path, body, hint, {"include": include})
