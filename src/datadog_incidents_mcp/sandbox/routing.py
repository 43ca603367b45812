"""The five routes of a collection, however its handlers are written."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

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
