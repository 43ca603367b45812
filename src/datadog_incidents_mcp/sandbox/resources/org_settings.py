# The sandbox reads arbitrary JSON request bodies, whose types are unknown by nature.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false
# pyright: reportUnknownArgumentType=false
"""Per-incident-type organization settings (declare from Slack, postmortem required...):
read-only, one record per incident type, made on first read."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from datadog_incidents_mcp.sandbox.lookup import store_of
from datadog_incidents_mcp.sandbox.responses import ApiError, paged, send
from datadog_incidents_mcp.sandbox.store import Record, Store, jsonapi_time


def org_settings(store: Store) -> list[Record]:
    """One settings record per incident type, made on first read."""
    settings = store["org_settings"]
    for type_id in store["types"]:
        if type_id not in settings:
            stamp = jsonapi_time(store.now())
            settings[type_id] = {
                "id": store.new_id(),
                "type": "incident_org_settings",
                "attributes": {
                    "created": stamp,
                    "modified": stamp,
                    "settings": {"declare_from_slack": True, "postmortem_required": False},
                },
                "relationships": {
                    "incident_type": {"data": {"id": type_id, "type": "incident_types"}}
                },
            }
    return [settings[type_id] for type_id in store["types"]]


async def list_org_settings(request: Request) -> Response:
    size, offset = paged(request, "jsonapi", default_size=100)
    records = org_settings(store_of(request))[offset : offset + size]
    return send({"data": records}, 200, "jsonapi")


async def get_org_settings(request: Request) -> Response:
    store = store_of(request)
    type_id = request.path_params["incident_type_id"]
    if type_id not in store["types"]:
        raise ApiError(404, f"incident type {type_id} not found", "jsonapi")
    org_settings(store)
    return send({"data": store["org_settings"][type_id]}, 200, "jsonapi")


# They go before the incident types' own (sandbox/app.py), or `/types/{incident_type_id}`
# would take `org-settings` for an ID.
ROUTES = [
    Route("/api/v2/incidents/config/types/org-settings", list_org_settings, methods=["GET"]),
    Route(
        "/api/v2/incidents/config/types/{incident_type_id}/org-settings",
        get_org_settings,
        methods=["GET"],
    ),
]
