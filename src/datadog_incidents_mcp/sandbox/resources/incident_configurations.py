# The sandbox reads arbitrary JSON request bodies, whose types are unknown by nature.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false
# pyright: reportUnknownArgumentType=false
"""An incident's configuration: which automation runs for it (integrations, notification
rules) and whether analytics and search count it. One per incident, addressed through the
incident."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from datadog_incidents_mcp.sandbox.collection import Attr, Collection
from datadog_incidents_mcp.sandbox.lookup import find_incident, store_of
from datadog_incidents_mcp.sandbox.responses import ApiError, send
from datadog_incidents_mcp.sandbox.store import Record, Store

CONFIGURATIONS = Collection(
    "incident_configurations",
    "incidents_configurations",
    "incident_id",
    tuple(
        Attr(name, bool, default=True)
        for name in (
            "execute_integrations",
            "execute_notification_rules",
            "include_in_analytics",
            "include_in_search",
        )
    ),
    stamps=("created_at", "modified_at"),
)


def _configuration_of(store: Store, incident_id: str) -> Record | None:
    return next(
        (
            r
            for r in store["incident_configurations"].values()
            if r["attributes"]["incident_id"] == incident_id
        ),
        None,
    )


async def create_configuration(request: Request) -> Response:
    """One configuration per incident; Datadog answers 200 here, not 201."""
    store = store_of(request)
    incident = find_incident(store, request.path_params["incident_id"], "jsonapi")
    data = await CONFIGURATIONS.read_data(request, need_attributes=False)
    if _configuration_of(store, incident["id"]):
        raise ApiError(409, "this incident has a configuration already; update it", "jsonapi")
    attributes = {**CONFIGURATIONS.checked(data, partial=True), "incident_id": incident["id"]}
    return send({"data": CONFIGURATIONS.new(store, attributes)}, 200, "jsonapi")


async def update_configuration(request: Request) -> Response:
    store = store_of(request)
    incident = find_incident(store, request.path_params["incident_id"], "jsonapi")
    data = await CONFIGURATIONS.read_data(request, need_attributes=False)
    record = _configuration_of(store, incident["id"])
    if not record or data.get("id") != record["id"]:
        raise ApiError(404, f"configuration {data.get('id')} not found on this incident", "jsonapi")
    return send({"data": CONFIGURATIONS.replace(store, record, data)}, 200, "jsonapi")


ROUTES = [
    Route("/api/v2/incidents/{incident_id}/configurations", create_configuration, methods=["POST"]),
    Route(
        "/api/v2/incidents/{incident_id}/configurations", update_configuration, methods=["PATCH"]
    ),
]
