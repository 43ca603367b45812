# The sandbox reads arbitrary JSON request bodies, whose types are unknown by nature.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false
# pyright: reportUnknownArgumentType=false
"""Incident types, served in the JSON:API style of Datadog's configuration service.

Live behaviours reproduced (2026 recordings): camelCase stamps (`createdAt`, `lastModifiedBy`);
answers carry the four chat and meeting relationships, `{"data": null}` while none is set up;
a missing type is a bare `404 Not Found` error object; the default type cannot be deleted.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from datadog_incidents_mcp.sandbox.collection import Collection
from datadog_incidents_mcp.sandbox.lookup import caller, store_of
from datadog_incidents_mcp.sandbox.responses import (
    ApiError,
    attributes_of,
    require_str,
    send,
)
from datadog_incidents_mcp.sandbox.store import Record, Store, jsonapi_time

# relationship -> the sandbox collection that can fill it (None: Datadog has it, the sandbox
# does not) and the type its data carries.
_CONFIGURATIONS = {
    "google_chat_configuration": ("google_chat", "google_chat_configurations"),
    "google_meet_configuration": ("google_meet", "google_meet_configurations"),
    "microsoft_teams_configuration": (None, "microsoft_teams_configurations"),
    "zoom_configuration": (None, "zoom_configurations"),
}


INCIDENT_TYPES = Collection("types", "incident_types", "incident_type_id", bare_404=True)


def new_type(
    store: Store,
    name: str,
    description: str | None,
    *,
    default: bool = False,
    type_id: str | None = None,
) -> Record:
    """Store an incident type; its public-ID prefix comes from its name."""
    stamp = jsonapi_time(store.now())
    return store.add(
        "types",
        "incident_types",
        {
            "name": name,
            "description": description,
            "is_default": default,
            "prefix": "IR" if default else (re.sub(r"[^A-Za-z]", "", name)[:3].upper() or "IR"),
            "createdAt": stamp,
            "createdBy": store.caller_id,
            "modifiedAt": stamp,
            "lastModifiedBy": store.caller_id,
        },
        {
            "created_by_user": caller(store),
            "last_modified_by_user": caller(store),
        },
        record_id=type_id,
    )


def render_type(store: Store, record: Record) -> Record:
    """The wire shape: the stored record plus its chat and meeting configurations."""
    relationships = dict(record["relationships"])
    for name, (collection, kind) in _CONFIGURATIONS.items():
        linked = [
            config["id"]
            for config in (store[collection].values() if collection else ())
            if (config["relationships"]["incident_type"]["data"] or {}).get("id") == record["id"]
        ]
        relationships[name] = {"data": {"id": linked[0], "type": kind} if linked else None}
    return {**record, "relationships": dict(sorted(relationships.items()))}


def _type_attributes(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    attrs = attributes_of(data)
    out: dict[str, Any] = {}
    if "name" in attrs or not partial:
        out["name"] = require_str(attrs, "name", "jsonapi")
    if "description" in attrs:
        out["description"] = attrs["description"]
    if "is_default" in attrs:
        if not isinstance(attrs["is_default"], bool):
            raise ApiError(400, "is_default must be a boolean", "jsonapi")
        out["is_default"] = attrs["is_default"]
    return out


async def list_types(request: Request) -> Response:
    store = store_of(request)
    return send({"data": [render_type(store, r) for r in store["types"].values()]}, 200, "jsonapi")


async def get_type(request: Request) -> Response:
    store = store_of(request)
    record = INCIDENT_TYPES.one(request, "jsonapi")
    return send({"data": render_type(store, record)}, 200, "jsonapi")


async def create_type(request: Request) -> Response:
    store = store_of(request)
    attrs = _type_attributes(await INCIDENT_TYPES.read_data(request), partial=False)
    record = new_type(
        store, attrs["name"], attrs.get("description"), default=attrs.get("is_default", False)
    )
    return send({"data": render_type(store, record)}, 201, "jsonapi")


async def update_type(request: Request) -> Response:
    store = store_of(request)
    record = INCIDENT_TYPES.one(request, "jsonapi")
    data = await INCIDENT_TYPES.read_data(request)
    record["attributes"].update(_type_attributes(data, partial=True))
    record["attributes"]["modifiedAt"] = jsonapi_time(store.now())
    record["attributes"]["lastModifiedBy"] = store.caller_id
    record["relationships"]["last_modified_by_user"] = caller(store)
    return send({"data": render_type(store, record)}, 200, "jsonapi")


async def delete_type(request: Request) -> Response:
    """The default type stays; others go as declared."""
    if INCIDENT_TYPES.one(request, "jsonapi")["attributes"]["is_default"]:
        raise ApiError(400, "the default incident type cannot be deleted", "jsonapi")
    return await INCIDENT_TYPES.delete(request)


# Answers carry the configurations that link to the type, so reads and writes are written here.
ROUTES = INCIDENT_TYPES.routes(
    "/api/v2/incidents/config/types",
    handlers={
        "list": list_types,
        "create": create_type,
        "get": get_type,
        "update": update_type,
        "delete": delete_type,
    },
)
