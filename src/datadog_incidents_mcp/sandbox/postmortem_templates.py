# The sandbox reads arbitrary JSON request bodies, whose types are unknown by nature.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false
# pyright: reportUnknownArgumentType=false
"""Postmortem templates: the sections a new postmortem starts from (JSON:API style,
camelCase stamps)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from datadog_incidents_mcp.sandbox.lookup import public, store_of
from datadog_incidents_mcp.sandbox.responses import (
    ApiError,
    attributes_of,
    data_of,
    no_content,
    read_json,
    require_str,
    send,
)
from datadog_incidents_mcp.sandbox.routing import crud_routes
from datadog_incidents_mcp.sandbox.store import Record, Store, jsonapi_time


async def list_templates(request: Request) -> Response:
    store = store_of(request)
    return send({"data": [public(t) for t in store["templates"].values()]}, 200, "jsonapi")


async def get_template(request: Request) -> Response:
    return send({"data": public(_find_template(store_of(request), request))}, 200, "jsonapi")


def new_template(
    store: Store, name: str, content: str, when: datetime, *, default: bool = False
) -> Record:
    stamp = jsonapi_time(when)
    record: Record = {
        "id": store.new_id(),
        "type": "postmortem_template",
        "attributes": {
            "name": name,
            "content": content,
            "is_default": default,
            "createdAt": stamp,
            "modifiedAt": stamp,
        },
    }
    store["templates"][record["id"]] = record
    return record


def _template_body(data: dict[str, Any]) -> tuple[str, str]:
    attrs = attributes_of(data)
    name = require_str(attrs, "name", "jsonapi")
    content = attrs.get("content") or ""
    if not isinstance(content, str):
        raise ApiError(400, "content must be a string", "jsonapi")
    return name, content


async def create_template(request: Request) -> Response:
    store = store_of(request)
    data = data_of(await read_json(request, "jsonapi"), "postmortem_template", "jsonapi")
    name, content = _template_body(data)
    record = new_template(store, name, content, store.now())
    return send({"data": public(record)}, 201, "jsonapi")


def _find_template(store: Store, request: Request) -> Record:
    template = store["templates"].get(request.path_params["template_id"])
    if not template:
        raise ApiError(404, "postmortem template not found", "jsonapi")
    return template


async def update_template(request: Request) -> Response:
    store = store_of(request)
    template = _find_template(store, request)
    data = data_of(await read_json(request, "jsonapi"), "postmortem_template", "jsonapi")
    name, content = _template_body(data)
    template["attributes"].update({"name": name, "modifiedAt": jsonapi_time(store.now())})
    if content:
        template["attributes"]["content"] = content
    return send({"data": public(template)}, 200, "jsonapi")


async def delete_template(request: Request) -> Response:
    store = store_of(request)
    del store["templates"][_find_template(store, request)["id"]]
    return no_content("jsonapi")


def routes(path: str) -> list[Route]:
    return crud_routes(
        path,
        "template_id",
        {
            "list": list_templates,
            "create": create_template,
            "get": get_template,
            "update": update_template,
            "delete": delete_template,
        },
    )
