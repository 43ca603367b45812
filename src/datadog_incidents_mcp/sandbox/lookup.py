"""Lookups every sandbox handler needs: the store, incidents by ID and users as embedded
objects."""

from __future__ import annotations

import uuid

from starlette.requests import Request

from datadog_incidents_mcp.sandbox.responses import ApiError, Style
from datadog_incidents_mcp.sandbox.store import Record, Store

# The seeded default incident type, which records without one of their own belong to.
DEFAULT_TYPE_ID = "00000000-0000-0000-0000-000000000001"


def store_of(request: Request) -> Store:
    return request.app.state.store


def caller_id(request: Request) -> str:
    """Whom a request acts as: its access token's owner (sandbox/tokens.py), else the keys'
    owner, the seeded caller; as Datadog's own audit trail names them."""
    store = store_of(request)
    return request.scope.get("state", {}).get("caller_id") or store.caller_id


def user_summary(store: Store, user_id: str | None) -> Record | None:
    """A user as incident payloads embed it: `{id, type, attributes{uuid, handle, ...}}`."""
    user = store["users"].get(user_id or "")
    if not user:
        return None
    a = user["attributes"]
    return {
        "id": user["id"],
        "type": "users",
        "attributes": {
            "uuid": user["id"],
            "handle": a["handle"],
            "email": a["email"],
            "name": a["name"],
            "icon": a["icon"],
        },
    }


def embedded_user(store: Store, user_id: str | None) -> Record | None:
    """A user as POST/PATCH answers embed it among the attributes (`created_by`, ...):
    `{data: user}`, or None without one."""
    summary = user_summary(store, user_id)
    return {"data": summary} if summary else None


def caller(store: Store) -> Record:
    """The calling user as a relationship (`created_by_user`, `last_modified_by_user`...)."""
    return {"data": {"id": store.caller_id, "type": "users"}}


def find_incident(store: Store, incident_id: str, style: Style = "legacy") -> Record:
    """The incident, or the 404 the service that owns the route would send."""
    record = store["incidents"].get(incident_id)
    if record:
        return record
    if style == "jsonapi":
        try:
            uuid.UUID(incident_id)
        except ValueError:
            raise ApiError(404, "malformed incident ID", "jsonapi") from None
        raise ApiError(404, "incident not found", "jsonapi")
    raise ApiError(404, f"incident {incident_id} not found")


def public(record: Record) -> Record:
    """A stored record without the sandbox's private `_` keys."""
    return {k: v for k, v in record.items() if not k.startswith("_")}


def find_record(store: Store, collection: str, item_id: str, label: str) -> Record:
    """A record by ID, or the original service's 404 naming it (`user X not found`)."""
    record = store[collection].get(item_id)
    if not record:
        raise ApiError(404, f"{label} {item_id} not found")
    return record
