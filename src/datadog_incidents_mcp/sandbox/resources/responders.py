# The sandbox reads arbitrary JSON request bodies, whose types are unknown by nature.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false
# pyright: reportUnknownArgumentType=false
"""An incident's responders: one entry per user, answers including the users.

Legacy style: the spec gives string errors and no live recording exists.
"""

from __future__ import annotations

from datetime import datetime

from starlette.requests import Request
from starlette.responses import Response

from datadog_incidents_mcp.sandbox.collection import Collection
from datadog_incidents_mcp.sandbox.lookup import caller, public, store_of, user_summary
from datadog_incidents_mcp.sandbox.responses import ApiError, send
from datadog_incidents_mcp.sandbox.store import Record, Store, jsonapi_time

RESPONDERS = Collection(
    "responders", "incident_responders", "responder_id", per_incident=True, style="legacy"
)


def add_responder(store: Store, incident_id: str, user_id: str, when: datetime) -> Record:
    """Add a user as responder, or return the existing entry (one per user)."""
    for existing in store.children("responders", incident_id):
        if existing["relationships"]["user"]["data"]["id"] == user_id:
            return existing
    stamp = jsonapi_time(when)
    return store.add(
        "responders",
        "incident_responders",
        {
            "created": stamp,
            "modified": stamp,
            "is_billable": True,
            "last_active": stamp,
            "external_id": None,
            "external_source": None,
            "meta": None,
        },
        {
            "user": {"data": {"id": user_id, "type": "users"}},
            "created_by": caller(store),
            "last_modified_by": caller(store),
            "role_assignments": {"data": []},
        },
        incident_id=incident_id,
    )


def _responder_body(store: Store, records: list[Record], *, many: bool) -> Record:
    users = [user_summary(store, r["relationships"]["user"]["data"]["id"]) for r in records]
    data = [public(r) for r in records]
    return {"data": data if many else data[0], "included": [u for u in users if u]}


async def list_responders(request: Request) -> Response:
    store = store_of(request)
    incident = RESPONDERS.incident(request, "legacy")
    records = store.children("responders", incident["id"])
    return send(_responder_body(store, records, many=True), 200, "legacy")


async def get_responder(request: Request) -> Response:
    record = RESPONDERS.one(request, "legacy")
    return send(_responder_body(store_of(request), [record], many=False), 200, "legacy")


async def create_responder(request: Request) -> Response:
    store = store_of(request)
    incident = RESPONDERS.incident(request, "legacy")
    data = await RESPONDERS.read_data(request, need_attributes=False)
    user = ((data.get("relationships") or {}).get("user") or {}).get("data") or {}
    if not isinstance(user, dict) or not isinstance(user.get("id"), str):
        raise ApiError(400, "relationships.user.data.id is required", "legacy")
    if user["id"] not in store["users"]:
        raise ApiError(404, f"user {user['id']} not found", "legacy")
    if any(
        r["relationships"]["user"]["data"]["id"] == user["id"]
        for r in store.children("responders", incident["id"])
    ):
        raise ApiError(409, "user is already a responder on this incident", "legacy")
    record = add_responder(store, incident["id"], user["id"], store.now())
    return send(_responder_body(store, [record], many=False), 201, "legacy")


# No update; a delete is the declared one.
ROUTES = RESPONDERS.routes(
    "/api/v2/incidents/{incident_id}/responders",
    only=("list", "create", "get", "delete"),
    handlers={
        "list": list_responders,
        "create": create_responder,
        "get": get_responder,
    },
)
