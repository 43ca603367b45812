# The sandbox reads arbitrary JSON request bodies, whose types are unknown by nature.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false
# pyright: reportUnknownArgumentType=false
"""Paging from an incident: On-Call pages sent from it or linked to it, and ServiceNow
records.

Pages and ServiceNow records become integrations of the incident (types 15 and 13), so they
show in its integration list as they do in Datadog.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from datadog_incidents_mcp.sandbox.lookup import find_incident, store_of
from datadog_incidents_mcp.sandbox.resources.integrations import INTEGRATIONS
from datadog_incidents_mcp.sandbox.responses import (
    ApiError,
    attributes_of,
    data_of,
    read_json,
    require_str,
    send,
)
from datadog_incidents_mcp.sandbox.store import Record, Store

ONCALL_PAGE, SERVICENOW = 15, 13


def _target(store: Store, target: Any) -> None:
    """A page goes to a team (by handle or ID) or a user; unknown ones are a 404."""
    if target is None:
        return
    if not isinstance(target, dict) or not isinstance(target.get("identifier"), str):
        raise ApiError(400, "target must be {type, identifier}", "jsonapi")
    kind, identifier = target.get("type"), target["identifier"]
    if kind == "team_handle":
        found = any(t["attributes"]["handle"] == identifier for t in store["teams"].values())
    elif kind == "team_uuid":
        found = identifier in store["teams"]
    elif kind == "user_uuid":
        found = identifier in store["users"]
    else:
        raise ApiError(400, "target.type must be team_handle, team_uuid or user_uuid", "jsonapi")
    if not found:
        raise ApiError(404, f"page target {identifier} not found", "jsonapi")


def _linked(store: Store, incident_id: str, page_id: str) -> bool:
    return any(
        r["attributes"]["integration_type"] == ONCALL_PAGE
        and r["attributes"]["metadata"].get("page_id") == page_id
        for r in store.children("integrations", incident_id)
    )


def _integrate(store: Store, incident_id: str, kind: int, status: int, metadata: Any) -> Record:
    """Make the page or record an integration of the incident."""
    attributes = {"integration_type": kind, "status": status, "metadata": metadata}
    return INTEGRATIONS.new(store, attributes, incident_id=incident_id)


def _integration_answer(store: Store, record: Record) -> Response:
    """A linked page or ServiceNow record, shaped as the newer service reads integrations."""
    return send({"data": INTEGRATIONS.render(store, record, "get")}, 201, "jsonapi")


async def create_page(request: Request) -> Response:
    """Page a team or person: the page is made and linked to the incident at once."""
    store = store_of(request)
    incident = find_incident(store, request.path_params["incident_id"], "jsonapi")
    attrs = attributes_of(data_of(await read_json(request, "jsonapi"), "page", "jsonapi"))
    _target(store, attrs.get("target"))
    page_id = store.new_id()
    metadata = {"page_id": page_id, "title": attrs.get("title") or incident["attributes"]["title"]}
    _integrate(store, incident["id"], ONCALL_PAGE, 2, metadata)
    return send({"data": {"id": page_id, "type": "page_uuid"}}, 200, "jsonapi")


async def link_page(request: Request) -> Response:
    store = store_of(request)
    incident = find_incident(store, request.path_params["incident_id"], "jsonapi")
    data = data_of(await read_json(request, "jsonapi"), "page", "jsonapi", need_attributes=False)
    page_id = data.get("id")
    if not isinstance(page_id, str) or not page_id:
        raise ApiError(400, "data.id is required: the On-Call page to link", "jsonapi")
    if _linked(store, incident["id"], page_id):
        raise ApiError(409, f"page {page_id} is linked to this incident already", "jsonapi")
    metadata = {"page_id": page_id, **attributes_of(data)}
    record = _integrate(store, incident["id"], ONCALL_PAGE, 2, metadata)
    return _integration_answer(store, record)


async def create_servicenow_record(request: Request) -> Response:
    store = store_of(request)
    incident = find_incident(store, request.path_params["incident_id"], "jsonapi")
    data = data_of(
        await read_json(request, "jsonapi"), "incident_servicenow_record_prompt", "jsonapi"
    )
    attrs = attributes_of(data)
    metadata = {
        name: require_str(attrs, name, "jsonapi")
        for name in ("instance_name", "assignment_group", "configuration_item_mapping")
    }
    if attrs.get("record_id") is not None:
        metadata["record_id"] = require_str(attrs, "record_id", "jsonapi")
    # Linking an existing record completes at once; a new one is made asynchronously.
    status = 2 if "record_id" in metadata else 1
    record = _integrate(store, incident["id"], SERVICENOW, status, metadata)
    return _integration_answer(store, record)


ROUTES = [
    Route("/api/v2/incidents/{incident_id}/page", create_page, methods=["POST"]),
    Route("/api/v2/incidents/{incident_id}/pages/link", link_page, methods=["POST"]),
    Route(
        "/api/v2/incidents/{incident_id}/servicenow-records",
        create_servicenow_record,
        methods=["POST"],
    ),
]
