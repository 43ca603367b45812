# The sandbox reads arbitrary JSON request bodies, whose types are unknown by nature.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false
# pyright: reportUnknownArgumentType=false
"""Incident roles (user-defined roles), and the organization-wide incident settings."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from datadog_incidents_mcp.sandbox.responses import (
    ApiError,
    attributes_of,
    data_of,
    no_content,
    read_json,
    require_str,
    send,
)
from datadog_incidents_mcp.sandbox.store import Record, Store, jsonapi_time

KIND = "incident_user_defined_roles"


def _find(store: Store, request: Request) -> Record:
    record = store["roles"].get(request.path_params["role_id"])
    if not record:
        raise ApiError(404, "role not found", "jsonapi")
    return record


def _policy(attrs: dict[str, Any]) -> dict[str, bool] | None:
    policy = attrs.get("policy")
    if policy is None:
        return None
    if not isinstance(policy, dict) or not isinstance(policy.get("is_single"), bool):
        raise ApiError(400, "policy must be {is_single: true or false}", "jsonapi")
    return {"is_single": policy["is_single"]}


async def list_roles(request: Request) -> Response:
    store: Store = request.app.state.store
    wanted = request.query_params.get("filter[incident-type]")
    roles = [
        r
        for r in store["roles"].values()
        if wanted in (None, r["relationships"]["incident_type"]["data"]["id"])
    ]
    return send({"data": roles}, 200, "jsonapi")


async def get_role(request: Request) -> Response:
    return send({"data": _find(request.app.state.store, request)}, 200, "jsonapi")


async def create_role(request: Request) -> Response:
    store: Store = request.app.state.store
    data = data_of(await read_json(request, "jsonapi"), KIND, "jsonapi")
    attrs = attributes_of(data)
    incident_type = (
        ((data.get("relationships") or {}).get("incident_type") or {}).get("data")
    ) or {}
    if incident_type.get("id") not in store["types"]:
        raise ApiError(404, "incident type not found", "jsonapi")
    stamp = jsonapi_time(store.now())
    me = {"data": {"id": store.caller_id, "type": "users"}}
    record: Record = {
        "id": store.new_id(),
        "type": KIND,
        "attributes": {
            "name": require_str(attrs, "name", "jsonapi"),
            "description": attrs.get("description"),
            "policy": _policy(attrs) or {"is_single": True},
            "created": stamp,
            "modified": stamp,
        },
        "relationships": {
            "created_by_user": me,
            "last_modified_by_user": me,
            "incident_type": {"data": {"id": incident_type["id"], "type": "incident_types"}},
        },
    }
    store["roles"][record["id"]] = record
    return send({"data": record}, 201, "jsonapi")


async def update_role(request: Request) -> Response:
    store: Store = request.app.state.store
    record = _find(store, request)
    attrs = attributes_of(
        data_of(await read_json(request, "jsonapi"), KIND, "jsonapi", need_attributes=False)
    )
    a = record["attributes"]
    if "name" in attrs:
        a["name"] = require_str(attrs, "name", "jsonapi")
    if "description" in attrs:
        a["description"] = attrs["description"]
    if "policy" in attrs:
        a["policy"] = _policy(attrs)
    a["modified"] = jsonapi_time(store.now())
    return send({"data": record}, 200, "jsonapi")


async def delete_role(request: Request) -> Response:
    store: Store = request.app.state.store
    del store["roles"][_find(store, request)["id"]]
    return no_content()


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
    return send({"data": _settings(request.app.state.store)}, 200, "jsonapi")


async def update_settings(request: Request) -> Response:
    store: Store = request.app.state.store
    data = data_of(await read_json(request, "jsonapi"), "incidents_global_settings", "jsonapi")
    attrs = attributes_of(data)
    record = _settings(store)
    if "analytics_dashboard_id" in attrs:
        if not isinstance(attrs["analytics_dashboard_id"], str):
            raise ApiError(400, "analytics_dashboard_id must be a string", "jsonapi")
        record["attributes"]["analytics_dashboard_id"] = attrs["analytics_dashboard_id"]
    record["attributes"]["modified"] = jsonapi_time(store.now())
    return send({"data": record}, 200, "jsonapi")
