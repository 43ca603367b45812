# The sandbox reads arbitrary JSON request bodies, whose types are unknown by nature.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false
# pyright: reportUnknownArgumentType=false
"""Users (`/api/v2/users`), the people incidents name, and the caller (`current_user`)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from datadog_incidents_mcp.sandbox.lookup import caller_id, find_record, public, store_of
from datadog_incidents_mcp.sandbox.responses import page_number, send


async def list_users(request: Request) -> Response:
    store = store_of(request)
    size, number = page_number(request)
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
    return send({"data": [public(u) for u in page], "meta": meta})


async def get_user(request: Request) -> Response:
    store = store_of(request)
    return send(
        {"data": public(find_record(store, "users", request.path_params["user_id"], "user"))}
    )


async def current_user(request: Request) -> Response:
    """The keys' owner: the seeded user the sandbox's calls act as (Alex Rivera); with an
    access token, the token's owner."""
    store = store_of(request)
    return send({"data": public(find_record(store, "users", caller_id(request), "user"))})


async def user_memberships(request: Request) -> Response:
    store = store_of(request)
    user = find_record(store, "users", request.path_params["user_id"], "user")
    records = [
        m
        for m in store["memberships"].values()
        if m["relationships"]["user"]["data"]["id"] == user["id"]
    ]
    return send({"data": [public(m) for m in records]})


ROUTES = [
    Route("/api/v2/current_user", current_user, methods=["GET"]),
    Route("/api/v2/users", list_users, methods=["GET"]),
    Route("/api/v2/users/{user_id}", get_user, methods=["GET"]),
    Route("/api/v2/users/{user_id}/memberships", user_memberships, methods=["GET"]),
]
