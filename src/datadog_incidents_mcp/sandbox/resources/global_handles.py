# The sandbox reads arbitrary JSON request bodies, whose types are unknown by nature.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false
# pyright: reportUnknownArgumentType=false
"""Global incident handles (`@incident-commanders`...), addressed as one collection: a PUT on
it replaces the handle its body names and a DELETE on it removes them all, as the spec
documents."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from datadog_incidents_mcp.sandbox.collection import Attr, Collection, Link
from datadog_incidents_mcp.sandbox.lookup import store_of, user_summary
from datadog_incidents_mcp.sandbox.responses import ApiError, no_content, send

GLOBAL_HANDLES = Collection(
    "handles",
    "incidents_handles",
    "id",
    (Attr("name", str, required=True), Attr("fields", dict, default={})),
    links=(
        Link("incident_type", "incident_types", "types", default_type=True),
        Link("commander_user", "users", "users"),
    ),
    update_method="PUT",
    stamps=("created_at", "modified_at"),
)


async def update_handle(request: Request) -> Response:
    """PUT on the collection: the body's `data.id` names the handle to replace."""
    store = store_of(request)
    data = await GLOBAL_HANDLES.read_data(request)
    if not isinstance(data.get("id"), str):
        raise ApiError(400, "data.id is required: it names the handle to update", "jsonapi")
    record = GLOBAL_HANDLES.find(store, data["id"], "jsonapi")
    return send({"data": GLOBAL_HANDLES.replace(store, record, data)}, 200, "jsonapi")


async def delete_handles(request: Request) -> Response:
    """DELETE on the collection, without an ID, as the spec documents it: all handles go."""
    store_of(request)["handles"].clear()
    return no_content("jsonapi")


Handler = Callable[[Request], Awaitable[Response]]


def _including_commanders(handler: Handler) -> Handler:
    """`handler`, answering `?include=commander_user` with each handle's commander among
    the `included` users, as Datadog does."""

    async def answer(request: Request) -> Response:
        response = await handler(request)
        wanted = request.query_params.get("include", "").split(",")
        if "commander_user" not in wanted or response.status_code >= 400:
            return response
        body = json.loads(bytes(response.body))
        handles = body["data"] if isinstance(body["data"], list) else [body["data"]]
        links = [(h["relationships"].get("commander_user") or {}).get("data") for h in handles]
        people = (user_summary(store_of(request), link["id"]) for link in links if link)
        body["included"] = list({p["id"]: p for p in people if p}.values())
        return send(body, response.status_code, "jsonapi")

    return answer


_PATH = "/api/v2/incidents/config/global/incident-handles"
_LISTED = {"list": GLOBAL_HANDLES.list_all, "create": GLOBAL_HANDLES.create}
ROUTES = [
    *GLOBAL_HANDLES.routes(
        _PATH,
        only=("list", "create"),
        handlers={name: _including_commanders(h) for name, h in _LISTED.items()},
    ),
    Route(_PATH, _including_commanders(update_handle), methods=["PUT"]),
    Route(_PATH, delete_handles, methods=["DELETE"]),
]
