"""Incident impacts: what was affected, from when to when."""

from __future__ import annotations

from collections.abc import Sequence

from datadog_incidents_mcp.datadog._paths import build_path
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
        path = build_path(_ALL, incident_id=incident_id)
        return await self._read(ImpactsResponse, path, {"include": include})

    async def create(
        self,
        incident_id: str,
        body: ImpactCreateRequest,
        *,
        include: Sequence[ImpactInclude] | None = None,
    ) -> ImpactResponse:
        path = build_path(_ALL, incident_id=incident_id)
        hint = "List the incident's impacts before trying again."
        return await self._create(ImpactResponse, path, body, hint, {"include": include})

    async def update(
        self,
        incident_id: str,
        impact_id: str,
        body: ImpactPatchRequest,
        *,
        include: Sequence[ImpactInclude] | None = None,
    ) -> ImpactResponse:
        path = build_path(_ONE, incident_id=incident_id, impact_id=impact_id)
        return await self._write(ImpactResponse, "PATCH", path, body, {"include": include})

    async def delete(self, incident_id: str, impact_id: str) -> None:
        await self._remove(build_path(_ONE, incident_id=incident_id, impact_id=impact_id))
