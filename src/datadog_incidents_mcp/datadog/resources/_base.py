"""What every resource namespace shares: the request path, and the four request shapes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar

from pydantic import BaseModel

from datadog_incidents_mcp.datadog._transport import Requester, parse, query

ModelT = TypeVar("ModelT", bound=BaseModel)


class ResourceBase:
    """A namespace of Datadog operations (`client.incidents`, `client.todos`, ...)."""

    def __init__(self, requester: Requester) -> None:
        self._requester = requester

    async def _read(
        self, model: type[ModelT], path: str, params: Mapping[str, Any] | None = None
    ) -> ModelT:
        """GET, retried freely: reading twice changes nothing."""
        response = await self._requester.request(
            "GET", path, params=query(params or {}), retry_safe=True
        )
        return parse(model, response)

    async def _create(
        self, model: type[ModelT], path: str, body: BaseModel, check_hint: str
    ) -> ModelT:
        """POST, never retried once sent: a lost answer must not make a duplicate.
        `check_hint` tells the caller how to see whether it was made anyway."""
        return await self._requester.create(model, path, body, check_hint=check_hint)

    async def _write(
        self, model: type[ModelT], method: Literal["PATCH", "PUT"], path: str, body: BaseModel
    ) -> ModelT:
        """PATCH or PUT: sending the same change twice gives the same result, so retried."""
        response = await self._requester.request(method, path, body=body, retry_safe=True)
        return parse(model, response)

    async def _remove(self, path: str) -> None:
        """DELETE: a repeated delete finds nothing left to delete, so retried."""
        await self._requester.request("DELETE", path, retry_safe=True)
