# The sandbox reads arbitrary JSON request bodies, whose types are unknown by nature.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false
# pyright: reportUnknownArgumentType=false
"""User-defined fields: which fields incidents carry and which values each accepts.

Kept in the store, so creating, changing or deleting a field changes what incident
create and update accept, as on the live service. Deletes are soft (`deleted` is set).
"""

from __future__ import annotations

import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from datadog_incidents_mcp.sandbox.collection import Collection
from datadog_incidents_mcp.sandbox.lookup import DEFAULT_TYPE_ID, caller, store_of
from datadog_incidents_mcp.sandbox.responses import (
    ApiError,
    attributes_of,
    require_str,
    send,
)
from datadog_incidents_mcp.sandbox.store import Record, Store, legacy_time

SEVERITIES = ("UNKNOWN", "SEV-0", "SEV-1", "SEV-2", "SEV-3", "SEV-4", "SEV-5")
STATES = ("active", "stable", "resolved")
# The seeded fields: name -> (kind, allowed values or None for free text)
SEED_FIELDS: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "severity": ("dropdown", SEVERITIES),
    "state": ("dropdown", STATES),
    "detection_method": ("dropdown", ("customer", "employee", "monitor", "other", "unknown")),
    "root_cause": ("textbox", None),
    "summary": ("textbox", None),
    "slug": ("textbox", None),
    "services": ("autocomplete", None),
    "teams": ("autocomplete", None),
}
RESERVED = ("severity", "state", "slug")
MULTI = ("multiselect", "textarray", "metrictag", "autocomplete")
KINDS = {
    1: "dropdown",
    2: "multiselect",
    3: "textbox",
    4: "textarray",
    5: "metrictag",
    6: "autocomplete",
    7: "number",
    8: "datetime",
}
_CODES = {kind: code for code, kind in KINDS.items()}
_DISPLAY = {"detection_method": "How it was detected", "root_cause": "Root cause"}
_CATEGORIES = (None, "what_happened", "why_it_happened")
_COLLECTED = (None, "active", "stable", "resolved", "completed")


# Reads answer the newer service's way; deletes are soft and stamped the original service's way.
INCIDENT_FIELDS = Collection(
    "fields",
    "user_defined_field",
    "field_id",
    legacy_stamps=True,
    soft_delete="deleted",
    missing="user defined field not found",
)


def field_id(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"sandbox/field/{name}"))


def definitions(store: Store) -> dict[str, tuple[str, tuple[str, ...] | None]]:
    """The live fields: name -> (kind, allowed values or None)."""
    out: dict[str, tuple[str, tuple[str, ...] | None]] = {}
    for record in store["fields"].values():
        a = record["attributes"]
        if not a["deleted"]:
            allowed = tuple(v["value"] for v in a["valid_values"] or ())
            out[a["name"]] = (KINDS[a["type"]], allowed or None)
    return out


def new_field(
    store: Store, name: str, kind: str, allowed: tuple[str, ...] | None, **extra: Any
) -> Record:
    me = caller(store)
    index = len(store["fields"])
    record: Record = {
        "id": field_id(name) if store.id_prefix else store.new_id(),
        "type": "user_defined_field",
        "attributes": {
            "attached_to": "incidents",
            "category": "what_happened",
            "collected": "active" if name in ("severity", "state") else None,
            "created": legacy_time(store.now()),
            "default_value": {"severity": "UNKNOWN", "state": "active"}.get(name),
            "deleted": None,
            "display_name": _DISPLAY.get(name, name.replace("_", " ").capitalize()),
            "metadata": None,
            "modified": None,
            "name": name,
            "ordinal": str(index),
            "prerequisite": None,
            "required": name in ("severity", "state"),
            "reserved": name in RESERVED,
            "table_id": index,
            "tag_key": name if kind == "autocomplete" else None,
            "type": _CODES[kind],
            "valid_values": [{"display_name": v, "value": v} for v in allowed or ()],
            **extra,
        },
        "relationships": {
            "created_by_user": me,
            "last_modified_by_user": me,
            "incident_type": {"data": {"id": DEFAULT_TYPE_ID, "type": "incident_types"}},
        },
    }
    store["fields"][record["id"]] = record
    return record


def seed_fields(store: Store) -> None:
    for name, (kind, allowed) in SEED_FIELDS.items():
        new_field(store, name, kind, allowed)


def _settable(attrs: dict[str, Any]) -> dict[str, Any]:
    """The attributes create and update share, checked."""
    out: dict[str, Any] = {}
    if "display_name" in attrs:
        out["display_name"] = require_str(attrs, "display_name", "jsonapi")
    if attrs.get("category") not in _CATEGORIES or attrs.get("collected") not in _COLLECTED:
        raise ApiError(400, "category or collected has a value the API does not know", "jsonapi")
    out.update(
        {
            k: attrs[k]
            for k in ("category", "collected", "default_value", "ordinal", "required")
            if k in attrs
        }
    )
    if "valid_values" in attrs:
        values = attrs["valid_values"] or []
        if not isinstance(values, list) or not all(
            isinstance(v, dict)
            and isinstance(v.get("value"), str)
            and isinstance(v.get("display_name"), str)
            for v in values
        ):
            raise ApiError(400, "valid_values must be a list of {display_name, value}", "jsonapi")
        out["valid_values"] = values
    return out


async def list_fields(request: Request) -> Response:
    store = store_of(request)
    wanted = request.query_params.get("filter[incident-type]")
    with_deleted = request.query_params.get("include-deleted") == "true"
    fields = [
        r
        for r in store["fields"].values()
        if wanted in (None, r["relationships"]["incident_type"]["data"]["id"])
        and (with_deleted or not r["attributes"]["deleted"])
    ]
    return send({"data": fields, "meta": {"offset": 0, "size": len(fields)}}, 200, "jsonapi")


async def create_field(request: Request) -> Response:
    store = store_of(request)
    data = await INCIDENT_FIELDS.read_data(request)
    attrs = attributes_of(data)
    name = require_str(attrs, "name", "jsonapi")
    if name in definitions(store):
        raise ApiError(409, f"a field named {name!r} already exists", "jsonapi")
    kind = KINDS.get(attrs.get("type"))  # type: ignore[arg-type]
    if kind is None:
        raise ApiError(400, "type must be 1 (dropdown) to 8 (datetime)", "jsonapi")
    incident_type = ((data.get("relationships") or {}).get("incident_type") or {}).get("data") or {}
    if incident_type.get("id") not in store["types"]:
        raise ApiError(404, "incident type not found", "jsonapi")
    record = new_field(store, name, kind, None, **_settable(attrs), tag_key=attrs.get("tag_key"))
    record["relationships"]["incident_type"] = {
        "data": {"id": incident_type["id"], "type": "incident_types"}
    }
    return send({"data": record}, 201, "jsonapi")


async def update_field(request: Request) -> Response:
    store = store_of(request)
    record = INCIDENT_FIELDS.one(request, "jsonapi")
    data = await INCIDENT_FIELDS.read_data(request)
    record["attributes"].update(_settable(attributes_of(data)))
    record["attributes"]["modified"] = legacy_time(store.now())
    return send({"data": record}, 200, "jsonapi")


async def delete_field(request: Request) -> Response:
    """Reserved fields stay; others are deleted softly, as declared."""
    record = INCIDENT_FIELDS.one(request, "jsonapi")
    if record["attributes"]["reserved"]:
        raise ApiError(400, f"{record['attributes']['name']} is a reserved field", "jsonapi")
    return await INCIDENT_FIELDS.delete(request)


ROUTES = INCIDENT_FIELDS.routes(
    "/api/v2/incidents/config/user-defined-fields",
    handlers={
        "list": list_fields,
        "create": create_field,
        "update": update_field,
        "delete": delete_field,
    },
)
