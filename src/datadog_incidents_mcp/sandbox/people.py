# The sandbox reads arbitrary JSON request bodies, whose types are unknown by nature.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false
# pyright: reportUnknownArgumentType=false
"""Teams (`/api/v2/team`) and users (`/api/v2/users`): the people incidents name."""

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


def _store(request: Request) -> Store:
    return request.app.state.store


def _page_number(request: Request) -> tuple[int, int]:
    try:
        size = int(request.query_params.get("page[size]", 10))
        number = int(request.query_params.get("page[number]", 0))
    except ValueError:
        raise ApiError(400, "page[size] and page[number] must be integers") from None
    if not 1 <= size <= 100 or number < 0:
        raise ApiError(400, "page[size] must be between 1 and 100 and page[number] >= 0")
    return size, number


def _find(store: Store, collection: str, item_id: str, label: str) -> Record:
    record = store[collection].get(item_id)
    if not record:
        raise ApiError(404, f"{label} {item_id} not found")
    return record


# ---- teams -----------------------------------------------------------------------------------


def _team(store: Store, record: Record) -> Record:
    members = [m for m in store["memberships"].values() if m["_team"] == record["id"]]
    out = {k: v for k, v in record.items() if not k.startswith("_")}
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
    record: Record = {
        "id": team_id or store.new_id(),
        "type": "team",
        "attributes": {
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
        "relationships": {"team_links": {"data": []}, "user_team_permissions": {"data": None}},
    }
    store["teams"][record["id"]] = record
    return record


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
    store = _store(request)
    size, number = _page_number(request)
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
    store = _store(request)
    return send(
        {"data": _team(store, _find(store, "teams", request.path_params["team_id"], "team"))}
    )


async def create_team(request: Request) -> Response:
    store = _store(request)
    data = data_of(await read_json(request, "legacy"), "team", "legacy")
    attrs = _team_attributes(store, attributes_of(data), None)
    users = (((data.get("relationships") or {}).get("users") or {}).get("data")) or []
    for ref in users:
        _find(store, "users", (ref or {}).get("id", ""), "user")
    record = new_team(store, attrs["handle"], attrs["name"], attrs["description"])
    for ref in users:
        add_member(store, record["id"], ref["id"], None)
    return send({"data": _team(store, record)}, 201)


async def update_team(request: Request) -> Response:
    store = _store(request)
    record = _find(store, "teams", request.path_params["team_id"], "team")
    data = data_of(await read_json(request, "legacy"), "team", "legacy")
    record["attributes"].update(_team_attributes(store, attributes_of(data), record["id"]))
    record["attributes"]["modified_at"] = jsonapi_time(store.now())
    return send({"data": _team(store, record)})


async def delete_team(request: Request) -> Response:
    store = _store(request)
    record = _find(store, "teams", request.path_params["team_id"], "team")
    del store["teams"][record["id"]]
    for key in [k for k, m in store["memberships"].items() if m["_team"] == record["id"]]:
        del store["memberships"][key]
    return no_content()


def _memberships_body(store: Store, records: list[Record]) -> Record:
    return {"data": [{k: v for k, v in m.items() if not k.startswith("_")} for m in records]}


async def list_memberships(request: Request) -> Response:
    store = _store(request)
    team = _find(store, "teams", request.path_params["team_id"], "team")
    size, number = _page_number(request)
    members = [m for m in store["memberships"].values() if m["_team"] == team["id"]]
    return send(_memberships_body(store, members[number * size : (number + 1) * size]))


async def create_membership(request: Request) -> Response:
    store = _store(request)
    team = _find(store, "teams", request.path_params["team_id"], "team")
    data = data_of(
        await read_json(request, "legacy"), "team_memberships", "legacy", need_attributes=False
    )
    user_id = ((((data.get("relationships") or {}).get("user") or {}).get("data")) or {}).get("id")
    if not isinstance(user_id, str):
        raise ApiError(400, "relationships.user.data.id is required")
    _find(store, "users", user_id, "user")
    if f"{team['id']}:{user_id}" in store["memberships"]:
        raise ApiError(409, "user is already a member of this team")
    role = attributes_of(data).get("role")
    if role not in (None, "admin"):
        raise ApiError(400, "role must be admin or null")
    record = add_member(store, team["id"], user_id, role)
    return send({"data": _memberships_body(store, [record])["data"][0]})


async def update_membership(request: Request) -> Response:
    store = _store(request)
    key = f"{request.path_params['team_id']}:{request.path_params['user_id']}"
    record = _find(store, "memberships", key, "membership")
    data = data_of(await read_json(request, "legacy"), "team_memberships", "legacy")
    role = attributes_of(data).get("role")
    if role not in (None, "admin"):
        raise ApiError(400, "role must be admin or null")
    record["attributes"]["role"] = role
    return send({"data": _memberships_body(store, [record])["data"][0]})


async def delete_membership(request: Request) -> Response:
    store = _store(request)
    key = f"{request.path_params['team_id']}:{request.path_params['user_id']}"
    _find(store, "memberships", key, "membership")
    del store["memberships"][key]
    return no_content()


# ---- users -------------------------------------------------------------------------------


def _user(record: Record) -> Record:
    return {k: v for k, v in record.items() if not k.startswith("_")}


async def list_users(request: Request) -> Response:
    store = _store(request)
    size, number = _page_number(request)
    text = request.query_params.get("filter", "").lower()
    statuses = {
        s.strip().lower()
        for s in request.query_params.get("filter[status]", "").split(",")
        if s.strip()
    }
    matched = [
        u
        for u in store["users"].values()
        if any(text in (u["attributes"].get(k) or "").lower() for k in ("email", "handle", "name"))
        and (not statuses or u["attributes"]["status"].lower() in statuses)
    ]
    page = matched[number * size : (number + 1) * size]
    meta = {"page": {"total_count": len(store["users"]), "total_filtered_count": len(matched)}}
    return send({"data": [_user(u) for u in page], "meta": meta})


async def get_user(request: Request) -> Response:
    store = _store(request)
    return send({"data": _user(_find(store, "users", request.path_params["user_id"], "user"))})


async def current_user(request: Request) -> Response:
    """The keys' owner: the seeded user the sandbox's calls act as (Alex Rivera)."""
    store = _store(request)
    return send({"data": _user(_find(store, "users", store.caller_id, "user"))})


async def user_memberships(request: Request) -> Response:
    store = _store(request)
    user = _find(store, "users", request.path_params["user_id"], "user")
    records = [
        m
        for m in store["memberships"].values()
        if m["relationships"]["user"]["data"]["id"] == user["id"]
    ]
    return send(_memberships_body(store, records))
