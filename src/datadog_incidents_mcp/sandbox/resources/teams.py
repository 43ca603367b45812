# The sandbox reads arbitrary JSON request bodies, whose types are unknown by nature.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false
# pyright: reportUnknownArgumentType=false
"""Teams (`/api/v2/team`) and their memberships, as Datadog's Teams service answers them
(legacy-style errors, `page[number]` paging)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from datadog_incidents_mcp.sandbox.lookup import find_record, public, store_of
from datadog_incidents_mcp.sandbox.responses import (
    ApiError,
    attributes_of,
    data_of,
    no_content,
    page_number,
    read_json,
    require_str,
    send,
)
from datadog_incidents_mcp.sandbox.routing import crud_routes
from datadog_incidents_mcp.sandbox.store import Record, Store, jsonapi_time


def _team(store: Store, record: Record) -> Record:
    members = [m for m in store["memberships"].values() if m["_team"] == record["id"]]
    out = public(record)
    out["attributes"] = {**record["attributes"], "user_count": len(members)}
    return out


def _team_attributes(store: Store, attrs: dict[str, Any], exclude: str | None) -> dict[str, Any]:
    handle = require_str(attrs, "handle", "legacy")
    name = require_str(attrs, "name", "legacy")
    if len(handle) > 195 or len(name) > 200:
        raise ApiError(400, "handle is at most 195 characters and name at most 200")
    if any(
        t["attributes"]["handle"] == handle and t["id"] != exclude for t in store["teams"].values()
    ):
        raise ApiError(409, f"a team with handle {handle!r} already exists")
    return {"handle": handle, "name": name, "description": attrs.get("description")}


def new_team(
    store: Store, handle: str, name: str, description: str | None, team_id: str | None = None
) -> Record:
    now = jsonapi_time(store.now())
    return store.add(
        "teams",
        "team",
        {
            "handle": handle,
            "name": name,
            "description": description,
            "summary": (description or "")[:120] or None,
            "avatar": None,
            "banner": None,
            "is_managed": False,
            "link_count": 0,
            "user_count": 0,
            "hidden_modules": None,
            "visible_modules": None,
            "created_at": now,
            "modified_at": now,
        },
        {"team_links": {"data": []}, "user_team_permissions": {"data": None}},
        record_id=team_id,
    )


def add_member(store: Store, team_id: str, user_id: str, role: str | None) -> Record:
    record: Record = {
        "id": f"{team_id}:{user_id}",
        "type": "team_memberships",
        "attributes": {"role": role, "provisioned_by": None, "provisioned_by_id": None},
        "relationships": {
            "team": {"data": {"id": team_id, "type": "team"}},
            "user": {"data": {"id": user_id, "type": "users"}},
        },
        "_team": team_id,
    }
    store["memberships"][record["id"]] = record
    return record


async def list_teams(request: Request) -> Response:
    store = store_of(request)
    size, number = page_number(request)
    keyword = request.query_params.get("filter[keyword]", "").lower()
    teams = [
        t
        for t in store["teams"].values()
        if keyword in t["attributes"]["handle"].lower()
        or keyword in t["attributes"]["name"].lower()
    ]
    page = teams[number * size : (number + 1) * size]
    offset = number * size
    meta = {
        "pagination": {
            "offset": offset,
            "limit": size,
            "total": len(teams),
            "first_offset": 0,
            "prev_offset": max(0, offset - size),
            "next_offset": offset + size,
            "last_offset": max(0, (len(teams) - 1) // size * size),
            "type": "offset_limit",
        }
    }
    return send({"data": [_team(store, t) for t in page], "meta": meta})


async def get_team(request: Request) -> Response:
    store = store_of(request)
    return send(
        {"data": _team(store, find_record(store, "teams", request.path_params["team_id"], "team"))}
    )


async def create_team(request: Request) -> Response:
    store = store_of(request)
    data = data_of(await read_json(request, "legacy"), "team", "legacy")
    attrs = _team_attributes(store, attributes_of(data), None)
    users = (((data.get("relationships") or {}).get("users") or {}).get("data")) or []
    for ref in users:
        find_record(store, "users", (ref or {}).get("id", ""), "user")
    record = new_team(store, attrs["handle"], attrs["name"], attrs["description"])
    for ref in users:
        add_member(store, record["id"], ref["id"], None)
    return send({"data": _team(store, record)}, 201)


async def update_team(request: Request) -> Response:
    store = store_of(request)
    record = find_record(store, "teams", request.path_params["team_id"], "team")
    data = data_of(await read_json(request, "legacy"), "team", "legacy")
    record["attributes"].update(_team_attributes(store, attributes_of(data), record["id"]))
    record["attributes"]["modified_at"] = jsonapi_time(store.now())
    return send({"data": _team(store, record)})


async def delete_team(request: Request) -> Response:
    store = store_of(request)
    record = find_record(store, "teams", request.path_params["team_id"], "team")
    del store["teams"][record["id"]]
    for key in [k for k, m in store["memberships"].items() if m["_team"] == record["id"]]:
        del store["memberships"][key]
    return no_content()


async def list_memberships(request: Request) -> Response:
    store = store_of(request)
    team = find_record(store, "teams", request.path_params["team_id"], "team")
    size, number = page_number(request)
    members = [m for m in store["memberships"].values() if m["_team"] == team["id"]]
    return send({"data": [public(m) for m in members[number * size : (number + 1) * size]]})


async def create_membership(request: Request) -> Response:
    store = store_of(request)
    team = find_record(store, "teams", request.path_params["team_id"], "team")
    data = data_of(
        await read_json(request, "legacy"), "team_memberships", "legacy", need_attributes=False
    )
    user_id = ((((data.get("relationships") or {}).get("user") or {}).get("data")) or {}).get("id")
    if not isinstance(user_id, str):
        raise ApiError(400, "relationships.user.data.id is required")
    find_record(store, "users", user_id, "user")
    if f"{team['id']}:{user_id}" in store["memberships"]:
        raise ApiError(409, "user is already a member of this team")
    role = attributes_of(data).get("role")
    if role not in (None, "admin"):
        raise ApiError(400, "role must be admin or null")
    record = add_member(store, team["id"], user_id, role)
    return send({"data": public(record)})


async def update_membership(request: Request) -> Response:
    store = store_of(request)
    key = f"{request.path_params['team_id']}:{request.path_params['user_id']}"
    record = find_record(store, "memberships", key, "membership")
    data = data_of(await read_json(request, "legacy"), "team_memberships", "legacy")
    role = attributes_of(data).get("role")
    if role not in (None, "admin"):
        raise ApiError(400, "role must be admin or null")
    record["attributes"]["role"] = role
    return send({"data": public(record)})


async def delete_membership(request: Request) -> Response:
    store = store_of(request)
    key = f"{request.path_params['team_id']}:{request.path_params['user_id']}"
    find_record(store, "memberships", key, "membership")
    del store["memberships"][key]
    return no_content()


# The teams and each one's memberships.
ROUTES = [
    *crud_routes(
        "/api/v2/team",
        "team_id",
        {
            "list": list_teams,
            "create": create_team,
            "get": get_team,
            "update": update_team,
            "delete": delete_team,
        },
    ),
    *crud_routes(
        "/api/v2/team/{team_id}/memberships",
        "user_id",
        {
            "list": list_memberships,
            "create": create_membership,
            "update": update_membership,
            "delete": delete_membership,
        },
    ),
]
