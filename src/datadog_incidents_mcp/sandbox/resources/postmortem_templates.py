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

from datadog_incidents_mcp.sandbox.collection import Collection
from datadog_incidents_mcp.sandbox.lookup import public, store_of
from datadog_incidents_mcp.sandbox.responses import ApiError, attributes_of, require_str, send
from datadog_incidents_mcp.sandbox.store import Record, Store, jsonapi_time

POSTMORTEM_TEMPLATES = Collection(
    "templates",
    "postmortem_template",
    "template_id",
    body_first=False,
    check_id=False,
    missing="postmortem template not found",
)


def new_template(
    store: Store, name: str, content: str, when: datetime, *, default: bool = False
) -> Record:
    """Store a template: camelCase stamps and no relationships, unlike the declared records."""
    stamp = jsonapi_time(when)
    return store.add(
        "templates",
        "postmortem_template",
        {
            "name": name,
            "content": content,
            "is_default": default,
            "createdAt": stamp,
            "modifiedAt": stamp,
        },
    )


def _template_body(data: dict[str, Any]) -> tuple[str, str]:
    attrs = attributes_of(data)
    name = require_str(attrs, "name", "jsonapi")
    content = attrs.get("content") or ""
    if not isinstance(content, str):
        raise ApiError(400, "content must be a string", "jsonapi")
    return name, content


async def create_template(request: Request) -> Response:
    store = store_of(request)
    name, content = _template_body(await POSTMORTEM_TEMPLATES.read_data(request))
    record = new_template(store, name, content, store.now())
    return send({"data": public(record)}, 201, "jsonapi")


async def update_template(request: Request) -> Response:
    """Every update names the template; empty content leaves the content as it was."""
    store = store_of(request)
    template = POSTMORTEM_TEMPLATES.one(request, "jsonapi")
    name, content = _template_body(await POSTMORTEM_TEMPLATES.read_data(request))
    template["attributes"].update({"name": name, "modifiedAt": jsonapi_time(store.now())})
    if content:
        template["attributes"]["content"] = content
    return send({"data": public(template)}, 200, "jsonapi")


ROUTES = POSTMORTEM_TEMPLATES.routes(
    "/api/v2/incidents/config/postmortem-templates",
    handlers={"create": create_template, "update": update_template},
)
