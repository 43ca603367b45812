# The sandbox reads arbitrary JSON request bodies, whose types are unknown by nature.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false
# pyright: reportUnknownArgumentType=false
"""Per-incident actions beyond the record: its configuration (which automation runs), On-Call
pages sent from it or linked to it, and ServiceNow records.

Pages and ServiceNow records become integrations of the incident (types 15 and 13), so they
show in its integration list as they do in Datadog.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from datadog_incidents_mcp.sandbox.children import INTEGRATIONS
from datadog_incidents_mcp.sandbox.config import Attr, ConfigCollection
from datadog_incidents_mcp.sandbox.lookup import find_incident
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
CONFIGURATIONS = ConfigCollection(
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
    store: Store = request.app.state.store
    incident = find_incident(store, request.path_params["incident_id"], "jsonapi")
    data = await CONFIGURATIONS.read_data(request, need_attributes=False)
    if _configuration_of(store, incident["id"]):
        raise ApiError(409, "this incident has a configuration already; update it", "jsonapi")
    attributes = {**CONFIGURATIONS.checked(data, partial=True), "incident_id": incident["id"]}
    return send({"data": CONFIGURATIONS.new(store, attributes, {})}, 200, "jsonapi")


async def update_configuration(request: Request) -> Response:
    store: Store = request.app.state.store
    incident = find_incident(store, request.path_params["incident_id"], "jsonapi")
    data = await CONFIGURATIONS.read_data(request, need_attributes=False)
    record = _configuration_of(store, incident["id"])
    if not record or data.get("id") != record["id"]:
        raise ApiError(404, f"configuration {data.get('id')} not found on this incident", "jsonapi")
    return send({"data": CONFIGURATIONS.replace(store, record, data)}, 200, "jsonapi")


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


def _integration_answer(store: Store, record: Record) -> Response:
    """A linked page or ServiceNow record, shaped as the newer service reads integrations."""
    return send({"data": INTEGRATIONS.render(store, record, "get")}, 201, "jsonapi")


async def create_page(request: Request) -> Response:
    """Page a team or person: the page is made and linked to the incident at once."""
    store: Store = request.app.state.store
    incident = find_incident(store, request.path_params["incident_id"], "jsonapi")
    attrs = attributes_of(data_of(await read_json(request, "jsonapi"), "page", "jsonapi"))
    _target(store, attrs.get("target"))
    page_id = store.new_id()
    metadata = {"page_id": page_id, "title": attrs.get("title") or incident["attributes"]["title"]}
    INTEGRATIONS.new(
        store,
        incident["id"],
        {"integration_type": ONCALL_PAGE, "status": 2, "metadata": metadata},
        store.now(),
    )
    return send({"data": {"id": page_id, "type": "page_uuid"}}, 200, "jsonapi")


async def link_page(request: Request) -> Response:
    store: Store = request.app.state.store
    incident = find_incident(store, request.path_params["incident_id"], "jsonapi")
    data = data_of(await read_json(request, "jsonapi"), "page", "jsonapi", need_attributes=False)
    page_id = data.get("id")
    if not isinstance(page_id, str) or not page_id:
        raise ApiError(400, "data.id is required: the On-Call page to link", "jsonapi")
    if _linked(store, incident["id"], page_id):
        raise ApiError(409, f"page {page_id} is linked to this incident already", "jsonapi")
    metadata = {"page_id": page_id, **attributes_of(data)}
    record = INTEGRATIONS.new(
        store,
        incident["id"],
        {"integration_type": ONCALL_PAGE, "status": 2, "metadata": metadata},
        store.now(),
    )
    return _integration_answer(store, record)


async def create_servicenow_record(request: Request) -> Response:
    store: Store = request.app.state.store
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
    record = INTEGRATIONS.new(
        store,
        incident["id"],
        {"integration_type": SERVICENOW, "status": status, "metadata": metadata},
        store.now(),
    )
    return _integration_answer(store, record)
