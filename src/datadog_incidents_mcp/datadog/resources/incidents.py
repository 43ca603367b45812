"""Incidents: list, search, get, create, update, delete, import."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog._transport import parse, query
from datadog_incidents_mcp.datadog.models.incidents import (
    AIPostmortemResponse,
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
        params = query({"page[size]": page_size, "page[offset]": offset, "include": include})
        response = await self._requester.request("GET", _ROOT, params=params, retry_safe=True)
        return parse(IncidentsResponse, response)

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
        params = query(
            {
                "query": query_text,
                "sort": sort,
                "page[size]": page_size,
                "page[offset]": offset,
                "include": include,
            }
        )
        response = await self._requester.request(
            "GET", f"{_ROOT}/search", params=params, retry_safe=True
        )
        return parse(IncidentSearchResponse, response)

    async def get(
        self, incident_id: str, *, include: Sequence[IncidentInclude] | None = None
    ) -> IncidentResponse:
        response = await self._requester.request(
            "GET",
            build_path(_ONE, incident_id=incident_id),
            params=query({"include": include}),
            retry_safe=True,
        )
        return parse(IncidentResponse, response)

    async def create(self, body: IncidentCreateRequest) -> IncidentResponse:
        """Declare an incident. Never retried once sent: a duplicate would page people twice."""
        return await self._requester.create(
            IncidentResponse,
            _ROOT,
            body,
            check_hint=_check_hint(body.data.attributes.title),
        )

    async def update(
        self,
        incident_id: str,
        body: IncidentUpdateRequest,
        *,
        include: Sequence[IncidentInclude] | None = None,
    ) -> IncidentResponse:
        response = await self._requester.request(
            "PATCH",
            build_path(_ONE, incident_id=incident_id),
            params=query({"include": include}),
            body=body,
            retry_safe=True,
        )
        return parse(IncidentResponse, response)

    async def delete(self, incident_id: str) -> None:
        await self._requester.request(
            "DELETE", build_path(_ONE, incident_id=incident_id), retry_safe=True
        )

    async def import_(
        self, body: IncidentImportRequest, *, include: Sequence[ImportInclude] | None = None
    ) -> IncidentResponse:
        """Record a past incident; imports run no integrations and notify nobody."""
        return await self._requester.create(
            IncidentResponse,
            f"{_ROOT}/import",
            body,
            check_hint=_check_hint(body.data.attributes.title),
            params=query({"include": include}),
        )

    async def ai_postmortem(self, incident_id: str) -> AIPostmortemResponse:
        """Datadog's AI-written postmortem sections; generates text, stores nothing."""
        response = await self._requester.request(
            "POST", build_path(_ONE + "/ai/postmortem", incident_id=incident_id), retry_safe=True
        )
        return parse(AIPostmortemResponse, response)
