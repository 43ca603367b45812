"""The five routes of a collection, however its handlers are written."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Protocol

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

Handler = Callable[[Request], Awaitable[Response]]


def crud_routes(
    path: str, id_param: str, handlers: Mapping[str, Handler], *, update_method: str = "PATCH"
) -> list[Route]:
    """Routes for `list` and `create` at `path`, and `get`, `update` and `delete` at
    `path/{id_param}`, for the handlers given (a collection may lack some)."""
    one = f"{path}/{{{id_param}}}"
    where = {
        "list": (path, "GET"),
        "create": (path, "POST"),
        "get": (one, "GET"),
        "update": (one, update_method),
        "delete": (one, "DELETE"),
    }
    return [
        Route(where[name][0], handler, methods=[where[name][1]])
        for name, handler in handlers.items()
    ]


class Collection(Protocol):
    """A collection whose handlers are its own methods."""

    async def list_all(self, request: Request) -> Response: ...
    async def create(self, request: Request) -> Response: ...
    async def get(self, request: Request) -> Response: ...
    async def update(self, request: Request) -> Response: ...
    async def delete(self, request: Request) -> Response: ...


def collection_routes(
    collection: Collection,
    path: str,
    id_param: str,
    *,
    only: tuple[str, ...] = (),
    update_method: str = "PATCH",
) -> list[Route]:
    """crud_routes for a Collection; `only` keeps the named operations."""
    handlers: dict[str, Handler] = {
        "list": collection.list_all,
        "create": collection.create,
        "get": collection.get,
        "update": collection.update,
        "delete": collection.delete,
    }
    chosen = {name: h for name, h in handlers.items() if not only or name in only}
    return crud_routes(path, id_param, chosen, update_method=update_method)
