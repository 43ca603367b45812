# The sandbox reads arbitrary JSON request bodies, whose types are unknown by nature.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false
# pyright: reportUnknownArgumentType=false
"""An incident's attachments: links and postmortems (JSON:API style).

Answers include the user who last changed each attachment. A postmortem published through
`/attachments/postmortems` becomes a postmortem attachment; its cells are kept aside so tests
can read what was published.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from datadog_incidents_mcp.sandbox.collection import Collection
from datadog_incidents_mcp.sandbox.lookup import caller, public, store_of, user_summary
from datadog_incidents_mcp.sandbox.responses import ApiError, no_content, send
from datadog_incidents_mcp.sandbox.store import Record, Store, jsonapi_time

ATTACHMENTS = Collection(
    "attachments",
    "incident_attachments",
    "attachment_id",
    per_incident=True,
    missing="attachment not found",
)


def render_attachment(record: Record) -> Record:
    return public(record)


def _attachment_body(store: Store, record: Record) -> Record:
    user = user_summary(store, record["relationships"]["last_modified_by_user"]["data"]["id"])
    return {"data": render_attachment(record), "included": [user] if user else []}


def _link(attrs: dict[str, Any], *, partial: bool) -> dict[str, str]:
    raw = attrs.get("attachment")
    if not isinstance(raw, dict):
        raise ApiError(
            400, "attributes.attachment must be an object with documentUrl and title", "jsonapi"
        )
    out: dict[str, str] = {}
    for key in ("documentUrl", "title"):
        value = raw.get(key)
        if value is None and partial:
            continue
        if not isinstance(value, str) or not value.strip():
            raise ApiError(
                400, f"attachment.{key} is required and must be a non-empty string", "jsonapi"
            )
        out[key] = value
    return out


def new_attachment(
    store: Store, incident_id: str, kind: str, link: dict[str, str], when: datetime
) -> Record:
    return store.add(
        "attachments",
        "incident_attachments",
        {
            "attachment": link,
            "attachment_type": kind,
            "modified": jsonapi_time(when),
        },
        {
            "incident": {"data": {"id": incident_id, "type": "incidents"}},
            "last_modified_by_user": caller(store),
        },
        incident_id=incident_id,
    )


async def list_attachments(request: Request) -> Response:
    store = store_of(request)
    incident = ATTACHMENTS.incident(request, "jsonapi")
    wanted = request.query_params.get("filter[attachment_type]")
    kinds = {"1": "postmortem", "2": "link", "postmortem": "postmortem", "link": "link"}
    if wanted is not None and wanted not in kinds:
        raise ApiError(400, "filter[attachment_type] must be 1 (postmortem) or 2 (link)", "jsonapi")
    records = [
        r
        for r in store.children("attachments", incident["id"])
        if wanted is None or r["attributes"]["attachment_type"] == kinds[wanted]
    ]
    users = {r["relationships"]["last_modified_by_user"]["data"]["id"] for r in records}
    included = [u for u in (user_summary(store, i) for i in sorted(users)) if u]
    return send(
        {"data": [render_attachment(r) for r in records], "included": included}, 200, "jsonapi"
    )


async def create_attachment(request: Request) -> Response:
    store = store_of(request)
    incident = ATTACHMENTS.incident(request, "jsonapi")
    attrs = (await ATTACHMENTS.read_data(request))["attributes"]
    kind = attrs.get("attachment_type")
    if kind not in ("link", "postmortem"):
        raise ApiError(400, "attachment_type must be link or postmortem", "jsonapi")
    record = new_attachment(store, incident["id"], kind, _link(attrs, partial=False), store.now())
    return send(_attachment_body(store, record), 201, "jsonapi")


async def update_attachment(request: Request) -> Response:
    store = store_of(request)
    record = ATTACHMENTS.one(request, "jsonapi")
    attrs = (await ATTACHMENTS.read_data(request))["attributes"]
    if (
        "attachment_type" in attrs
        and attrs["attachment_type"] != record["attributes"]["attachment_type"]
    ):
        raise ApiError(400, "attachment_type cannot be changed", "jsonapi")
    record["attributes"]["attachment"].update(_link(attrs, partial=True))
    record["attributes"]["modified"] = jsonapi_time(store.now())
    record["relationships"]["last_modified_by_user"] = caller(store)
    return send(_attachment_body(store, record), 200, "jsonapi")


async def delete_attachment(request: Request) -> Response:
    store = store_of(request)
    record = ATTACHMENTS.one(request, "jsonapi")
    del store["attachments"][record["id"]]
    store["postmortems"].pop(record["id"], None)
    return no_content("jsonapi")


def _check_cells(cells: Any) -> None:
    if not isinstance(cells, list):
        raise ApiError(400, "cells must be a list", "jsonapi")
    for index, cell in enumerate(cells):
        content = (
            ((cell or {}).get("attributes") or {}).get("definition", {}).get("content")
            if isinstance(cell, dict)
            else None
        )
        if not isinstance(content, str):
            raise ApiError(
                400, f"cells[{index}].attributes.definition.content must be a string", "jsonapi"
            )
        if cell.get("type", "markdown") != "markdown":
            raise ApiError(400, f"cells[{index}].type must be markdown", "jsonapi")


async def create_postmortem(request: Request) -> Response:
    store = store_of(request)
    incident = ATTACHMENTS.incident(request, "jsonapi")
    attrs = (await ATTACHMENTS.read_data(request))["attributes"]
    cells = attrs.get("cells") or []
    _check_cells(cells)
    if not cells and not attrs.get("content") and not attrs.get("postmortem_template_id"):
        raise ApiError(400, "give cells, content or a postmortem_template_id", "jsonapi")
    title = attrs.get("title") or f"Postmortem: {incident['attributes']['title']}"
    public_id = incident["attributes"]["public_id"]
    link = {
        "documentUrl": f"https://app.datadoghq.com/notebook/sandbox-postmortem-{public_id}",
        "title": title,
    }
    record = new_attachment(store, incident["id"], "postmortem", link, store.now())
    store["postmortems"][record["id"]] = {
        "id": record["id"],
        "_incident": incident["id"],
        "title": title,
        "content": attrs.get("content"),
        "postmortem_template_id": attrs.get("postmortem_template_id"),
        "cells": cells,
    }
    return send(_attachment_body(store, record), 201, "jsonapi")


# The attachment routes, with publishing a postmortem as an attachment.
ROUTES = [
    Route(
        "/api/v2/incidents/{incident_id}/attachments/postmortems",
        create_postmortem,
        methods=["POST"],
    ),
    *ATTACHMENTS.routes(
        "/api/v2/incidents/{incident_id}/attachments",
        only=("list", "create", "update", "delete"),
        handlers={
            "list": list_attachments,
            "create": create_attachment,
            "update": update_attachment,
            "delete": delete_attachment,
        },
    ),
]
