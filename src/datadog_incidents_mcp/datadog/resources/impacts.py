"""Incident impacts: what was affected, from when to when."""

from __future__ import annotations

from collections.abc import Sequence

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog._transport import parse, query
from datadog_incidents_mcp.datadog.models.impacts import (
    ImpactCreateRequest,
    ImpactInclude,
    ImpactPatchRequest,
    ImpactResponse,
    ImpactsResponse,
)
from datadog_incidents_mcp.datadog.resources._base import ResourceBase

_ALL = "/api/v2/incidents/{incident_id}/impacts"
_ONE = "/api/v2/incidents/{incident_id}/impacts/{impact_id}"


class Impacts(ResourceBase):
    async def list(
        self, incident_id: str, *, include: Sequence[ImpactInclude] | None = None
    ) -> ImpactsResponse:
        response = await self._requester.request(
            "GET",
            build_path(_ALL, incident_id=incident_id),
            params=query({"include": include}),
            retry_safe=True,
        )
        return parse(ImpactsResponse, response)

    async def create(
        self,
        incident_id: str,
        body: ImpactCreateRequest,
        *,
        include: Sequence[ImpactInclude] | None = None,
    ) -> ImpactResponse:
        return await self._requester.create(
            ImpactResponse,
            build_path(_ALL, incident_id=incident_id),
            body,
            check_hint="List the incident's impacts before trying again.",
            params=query({"include": include}),
        )

    async def update(
        self,
        incident_id: str,
        impact_id: str,
        body: ImpactPatchRequest,
        *,
        include: Sequence[ImpactInclude] | None = None,
    ) -> ImpactResponse:
        response = await self._requester.request(
            "PATCH",
            build_path(_ONE, incident_id=incident_id, impact_id=impact_id),
            params=query({"include": include}),
            body=body,
            retry_safe=True,
        )
        return parse(ImpactResponse, response)

    async def delete(self, incident_id: str, impact_id: str) -> None:
        await self._requester.request(
            "DELETE",
            build_path(_ONE, incident_id=incident_id, impact_id=impact_id),
            retry_safe=True,
        )
