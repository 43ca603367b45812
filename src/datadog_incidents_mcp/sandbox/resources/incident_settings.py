# The sandbox reads arbitrary JSON request bodies, whose types are unknown by nature.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false
# pyright: reportUnknownArgumentType=false
"""The organization-wide incident settings: one record, made on first use."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from datadog_incidents_mcp.sandbox.lookup import store_of
from datadog_incidents_mcp.sandbox.responses import (
    ApiError,
    attributes_of,
    data_of,
    read_json,
    send,
)
from datadog_incidents_mcp.sandbox.store import Record, Store, jsonapi_time


def _settings(store: Store) -> Record:
    """The one settings record, made on first use."""
    if "global" not in store["settings"]:
        stamp = jsonapi_time(store.now())
        store["settings"]["global"] = {
            "id": store.new_id(),
            "type": "incidents_global_settings",
            "attributes": {"analytics_dashboard_id": "", "created": stamp, "modified": stamp},
        }
    return store["settings"]["global"]


async def get_settings(request: Request) -> Response:
    return send({"data": _settings(store_of(request))}, 200, "jsonapi")


async def update_settings(request: Request) -> Response:
    store = store_of(request)
    data = data_of(await read_json(request, "jsonapi"), "incidents_global_settings", "jsonapi")
    attrs = attributes_of(data)
    record = _settings(store)
    if "analytics_dashboard_id" in attrs:
        if not isinstance(attrs["analytics_dashboard_id"], str):
            raise ApiError(400, "analytics_dashboard_id must be a string", "jsonapi")
        record["attributes"]["analytics_dashboard_id"] = attrs["analytics_dashboard_id"]
    record["attributes"]["modified"] = jsonapi_time(store.now())
    return send({"data": record}, 200, "jsonapi")


ROUTES = [
    Route("/api/v2/incidents/config/global/settings", get_settings, methods=["GET"]),
    Route("/api/v2/incidents/config/global/settings", update_settings, methods=["PATCH"]),
]
