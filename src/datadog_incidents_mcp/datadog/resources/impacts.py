"""Incident impacts: what was affected, from when to when."""

from __future__ import annotations

from collections.abc import Sequence

from datadog_incidents_mcp.datadog.models.impacts import (
    ImpactCreateRequest,
    ImpactInclude,
    ImpactPatchRequest,
    ImpactResponse,
    ImpactsResponse,
)
from datadog_incidents_mcp.datadog.resources._base import IncidentChildren


class Impacts(IncidentChildren):
    _all = "/api/v2/incidents/{incident_id}/impacts"
    _id_name = "impact_id"
    _noun = "impacts"

    async def list(
        self, incident_id: str, *, include: Sequence[ImpactInclude] | None = None
    ) -> ImpactsResponse:
        return await self._list(ImpactsResponse, incident_id, {"include": include})

    async def create(
        self,
        incident_id: str,
        body: ImpactCreateRequest,
        *,
        include: Sequence[ImpactInclude] | None = None,
    ) -> ImpactResponse:
        return await self._add(ImpactResponse, incident_id, body, {"include": include})

    async def update(
        self,
        incident_id: str,
        impact_id: str,
        body: ImpactPatchRequest,
        *,
        include: Sequence[ImpactInclude] | None = None,
    ) -> ImpactResponse:
        params = {"include": include}
        return await self._patch(ImpactResponse, incident_id, impact_id, body, params)

    async def delete(self, incident_id: str, impact_id: str) -> None:
        await self._delete(incident_id, impact_id)
