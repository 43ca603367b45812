"""What every resource namespace shares: the request path, one helper per kind of request.

Retry safety follows from the helper, never from a flag typed at each call:
`_read` (GET), `_repeatable` (a POST Datadog makes safe to repeat), `_write` (PATCH, PUT) and
`_remove` (DELETE) are retried; `_create` (a POST that makes something) is not.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal, TypeVar

from pydantic import BaseModel

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog._transport import Requester, parse, query

ModelT = TypeVar("ModelT", bound=BaseModel)
Params = Mapping[str, Any] | None  # None values are dropped, lists joined (see `query`)


class ResourceBase:
    """A namespace of Datadog operations (`client.incidents`, `client.todos`, ...)."""

    def __init__(self, requester: Requester) -> None:
        self._requester = requester

    async def _read(self, model: type[ModelT], path: str, params: Params = None) -> ModelT:
        """GET, retried freely: reading twice changes nothing."""
        response = await self._requester.request(
            "GET", path, params=query(params or {}), retry_safe=True
        )
        return parse(model, response)

    async def _repeatable(
        self, model: type[ModelT], path: str, body: BaseModel | None = None
    ) -> ModelT:
        """POST that Datadog makes safe to send twice, so retried like a read: it computes
        without storing anything, or refuses a second copy (409) instead of making one."""
        response = await self._requester.request("POST", path, body=body, retry_safe=True)
        return parse(model, response)

    async def _create(
        self,
        model: type[ModelT],
        path: str,
        body: BaseModel,
        check_hint: str,
        params: Params = None,
    ) -> ModelT:
        """POST, never retried once sent: a lost answer must not make a duplicate.
        `check_hint` tells the caller how to see whether it was made anyway."""
        return await self._requester.create(
            model, path, body, check_hint=check_hint, params=query(params or {})
        )

    async def _write(
        self,
        model: type[ModelT],
        method: Literal["PATCH", "PUT"],
        path: str,
        body: BaseModel,
        params: Params = None,
    ) -> ModelT:
        """PATCH or PUT: sending the same change twice gives the same result, so retried."""
        response = await self._requester.request(
            method, path, params=query(params or {}), body=body, retry_safe=True
        )
        return parse(model, response)

    async def _remove(self, path: str) -> None:
        """DELETE: a repeated delete finds nothing left to delete, so retried."""
        await self._requester.request("DELETE", path, retry_safe=True)


class IncidentChildren(ResourceBase):
    """Records that live under one incident (`{incident}/todos`, `{incident}/impacts`...).

    Subclasses name the path, the child ID and the plural noun once; their public methods
    keep the typed signatures and call these helpers, so every kind of child builds its
    paths, checks its IDs and words its create hint the same way.
    """

    _all: ClassVar[str]  # the incident's list: a template with `{incident_id}`
    _id_name: ClassVar[str]  # the child ID's argument name, as InvalidIdError names it
    _noun: ClassVar[str]  # plural, for the hint after a create whose answer was lost

    def _list_path(self, incident_id: str) -> str:
        return build_path(self._all, incident_id=incident_id)

    def _one_path(self, incident_id: str, child_id: str) -> str:
        template = self._all + "/{" + self._id_name + "}"
        return build_path(template, incident_id=incident_id, **{self._id_name: child_id})

    async def _list(self, model: type[ModelT], incident_id: str, params: Params = None) -> ModelT:
        return await self._read(model, self._list_path(incident_id), params)

    async def _get(self, model: type[ModelT], incident_id: str, child_id: str) -> ModelT:
        return await self._read(model, self._one_path(incident_id, child_id))

    async def _add(
        self, model: type[ModelT], incident_id: str, body: BaseModel, params: Params = None
    ) -> ModelT:
        hint = f"List the incident's {self._noun} before trying again."
        return await self._create(model, self._list_path(incident_id), body, hint, params)

    async def _patch(
        self,
        model: type[ModelT],
        incident_id: str,
        child_id: str,
        body: BaseModel,
        params: Params = None,
    ) -> ModelT:
        path = self._one_path(incident_id, child_id)
        return await self._write(model, "PATCH", path, body, params)

    async def _delete(self, incident_id: str, child_id: str) -> None:
        await self._remove(self._one_path(incident_id, child_id))
