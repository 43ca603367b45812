"""Global incident handles: the org-wide handles notified for incidents of a type."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from datadog_incidents_mcp.datadog.models.global_handles import (
    HandleResponse,
    HandlesResponse,
    HandleWriteRequest,
)
from datadog_incidents_mcp.datadog.resources._base import ResourceBase


class GlobalHandles(ResourceBase):
    """Org-wide incident handles. Datadog's API addresses them as one collection: an update
    names the handle in the body, and delete takes no ID at all (as the spec documents)."""

    _PATH = "/api/v2/incidents/config/global/incident-handles"
    # Every answer includes each handle's commander, so a result can name the person.
    _INCLUDE: ClassVar[Mapping[str, str]] = {"include": "commander_user"}

    async def list(self) -> HandlesResponse:
        return await self._read(HandlesResponse, self._PATH, self._INCLUDE)

    async def create(self, body: HandleWriteRequest) -> HandleResponse:
        hint = f'List the global handles for "{body.data.attributes.name}" first.'
        return await self._create(HandleResponse, self._PATH, body, hint, self._INCLUDE)

    async def update(self, body: HandleWriteRequest) -> HandleResponse:
        """Replace the handle whose ID the body carries."""
        return await self._write(HandleResponse, "PUT", self._PATH, body, self._INCLUDE)

    async def delete(self) -> None:
        await self._remove(self._PATH)
