# The sandbox reads arbitrary JSON request bodies, whose types are unknown by nature.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false
# pyright: reportUnknownArgumentType=false
"""What hangs off an incident: todos, attachments, postmortems, impacts, integrations,
responders and timestamp overrides.

Each follows the service that owns it on the live API: todos and integration writes answer
in the legacy style, as do responders (the spec's choice; no live recording exists), the
rest in JSON:API style (content type and error shape), integration reads and deletes too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from datadog_incidents_mcp.sandbox.lookup import (
    caller,
    embedded_user,
    find_incident,
    public,
    user_summary,
)
from datadog_incidents_mcp.sandbox.responses import (
    ApiError,
    Style,
    attributes_of,
    data_of,
    no_content,
    page_meta,
    read_json,
    require_str,
    send,
)
from datadog_incidents_mcp.sandbox.routing import collection_routes
from datadog_incidents_mcp.sandbox.store import Record, Store, jsonapi_time, legacy_time, parse_time


def _store(request: Request) -> Store:
    return request.app.state.store


def _child(
    store: Store,
    collection: str,
    request: Request,
    id_param: str,
    style: Style,
    missing: str = "",
) -> Record:
    """A record of the incident in the path, or the 404 of the service answering (`missing`:
    its JSON:API detail, where Datadog's own wording is known)."""
    incident = find_incident(store, request.path_params["incident_id"], style)
    child_id = request.path_params[id_param]
    record = store[collection].get(child_id)
    if (
        not record
        or record["_incident"] != incident["id"]
        or record["attributes"].get("deleted_at")
    ):
        if style == "legacy":
            raise ApiError(404, f"{child_id} not found")
        raise ApiError(404, missing or f"{collection[:-1]} not found", style)
    return record


@dataclass(frozen=True, slots=True)
class LegacyChildren:
    """Todos and integrations: five routes over one collection of the original incident
    service, whose records echo `incident_id` and both timestamps. `attributes` checks a
    request body.

    As recorded live: every answer carries `created_by_uuid` and `last_modified_by_uuid`;
    the operations in `embeds` also carry the users themselves (`created_by`,
    `last_modified_by`), and those in `blank_uuids` send the `*_uuid` twins as null.
    `read_style` is the style of reads and deletes, which a newer service answers for
    integrations; `missing` is that service's 404 detail."""

    collection: str
    kind: str
    id_param: str
    attributes: Callable[[dict[str, Any]], dict[str, Any]]
    embeds: frozenset[str] = frozenset({"create", "update"})
    blank_uuids: frozenset[str] = frozenset()
    read_style: Style = "legacy"
    missing: str = ""

    def new(
        self, store: Store, incident_id: str, attributes: dict[str, Any], when: datetime
    ) -> Record:
        stamp = legacy_time(when)
        record: Record = {
            "id": store.new_id(),
            "type": self.kind,
            "attributes": {
                **attributes,
                "incident_id": incident_id,
                "created": stamp,
                "modified": stamp,
            },
            "relationships": {
                "created_by_user": caller(store),
                "last_modified_by_user": caller(store),
            },
            "_incident": incident_id,
        }
        store[self.collection][record["id"]] = record
        return record

    def render(self, store: Store, record: Record, operation: str) -> Record:
        """The wire shape of a record in the answer to `operation` (list, get, create...)."""
        out = public(record)
        attributes = out["attributes"] = dict(out["attributes"])
        for name in ("created_by", "last_modified_by"):
            user_id = record["relationships"][f"{name}_user"]["data"]["id"]
            attributes[f"{name}_uuid"] = None if operation in self.blank_uuids else user_id
            if operation in self.embeds:
                attributes[name] = embedded_user(store, user_id)
        return out

    def routes(self, path: str) -> list[Route]:
        return collection_routes(self, path, self.id_param)

    def _one(self, request: Request, style: Style) -> Record:
        return _child(_store(request), self.collection, request, self.id_param, style, self.missing)

    async def _body(self, request: Request) -> dict[str, Any]:
        data = data_of(await read_json(request, "legacy"), self.kind, "legacy")
        return self.attributes(attributes_of(data))

    async def list_all(self, request: Request) -> Response:
        store = _store(request)
        incident = find_incident(store, request.path_params["incident_id"], self.read_style)
        records = [
            self.render(store, r, "list") for r in store.children(self.collection, incident["id"])
        ]
        body = {"data": records, "meta": page_meta(0, len(records))}
        return send(body, 200, self.read_style)

    async def get(self, request: Request) -> Response:
        record = self._one(request, self.read_style)
        return send({"data": self.render(_store(request), record, "get")}, 200, self.read_style)

    async def create(self, request: Request) -> Response:
        store = _store(request)
        incident = find_incident(store, request.path_params["incident_id"])
        record = self.new(store, incident["id"], await self._body(request), store.now())
        return send({"data": self.render(store, record, "create")}, 201)

    async def update(self, request: Request) -> Response:
        store = _store(request)
        record = self._one(request, "legacy")
        record["attributes"].update(await self._body(request))
        record["attributes"]["modified"] = legacy_time(store.now())
        record["relationships"]["last_modified_by_user"] = caller(store)
        return send({"data": self.render(store, record, "update")})

    async def delete(self, request: Request) -> Response:
        record = self._one(request, self.read_style)
        del _store(request)[self.collection][record["id"]]
        return no_content(self.read_style)


def _time(style: Style, raw: Any, name: str, *, required: bool = False) -> str | None:
    if raw is None:
        if required:
            raise ApiError(400, f"{name} is required", style)
        return None
    try:
        moment = parse_time(str(raw))
    except ValueError:
        raise ApiError(400, f"{name} must be an RFC 3339 date-time, got {raw!r}", style) from None
    return jsonapi_time(moment) if style == "jsonapi" else legacy_time(moment)


# ---- todos (legacy style) --------------------------------------------------------------


def _todo_attributes(attrs: dict[str, Any]) -> dict[str, Any]:
    content = require_str(attrs, "content", "legacy")
    assignees = attrs.get("assignees")
    if not isinstance(assignees, list):
        raise ApiError(400, "assignees is required and must be a list")
    for item in assignees:
        if not (
            isinstance(item, str)
            or (isinstance(item, dict) and {"id", "name", "icon", "source"} <= item.keys())
        ):
            raise ApiError(400, "each assignee is a @handle string or {id, name, icon, source}")
    for name in ("completed", "due_date"):
        if attrs.get(name) is not None and not isinstance(attrs[name], str):
            raise ApiError(400, f"{name} must be a string or null")
    return {
        "content": content,
        "assignees": assignees,
        "completed": attrs.get("completed"),
        "due_date": attrs.get("due_date"),
    }


# Recorded live: a todo's POST answer embeds its users but leaves the `*_uuid` twins null,
# and reading one todo embeds them too.
TODOS = LegacyChildren(
    "todos",
    "incident_todos",
    "todo_id",
    _todo_attributes,
    embeds=frozenset({"create", "get", "update"}),
    blank_uuids=frozenset({"create"}),
)


# ---- attachments and postmortems (JSON:API style) ---------------------------------------


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
    record: Record = {
        "id": store.new_id(),
        "type": "incident_attachments",
        "attributes": {
            "attachment": link,
            "attachment_type": kind,
            "modified": jsonapi_time(when),
        },
        "relationships": {
            "incident": {"data": {"id": incident_id, "type": "incidents"}},
            "last_modified_by_user": caller(store),
        },
        "_incident": incident_id,
    }
    store["attachments"][record["id"]] = record
    return record


async def list_attachments(request: Request) -> Response:
    store = _store(request)
    incident = find_incident(store, request.path_params["incident_id"], "jsonapi")
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
    store = _store(request)
    incident = find_incident(store, request.path_params["incident_id"], "jsonapi")
    data = data_of(await read_json(request, "jsonapi"), "incident_attachments", "jsonapi")
    attrs = attributes_of(data)
    kind = attrs.get("attachment_type")
    if kind not in ("link", "postmortem"):
        raise ApiError(400, "attachment_type must be link or postmortem", "jsonapi")
    record = new_attachment(store, incident["id"], kind, _link(attrs, partial=False), store.now())
    return send(_attachment_body(store, record), 201, "jsonapi")


async def update_attachment(request: Request) -> Response:
    store = _store(request)
    record = _child(store, "attachments", request, "attachment_id", "jsonapi")
    data = data_of(await read_json(request, "jsonapi"), "incident_attachments", "jsonapi")
    attrs = attributes_of(data)
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
    store = _store(request)
    record = _child(store, "attachments", request, "attachment_id", "jsonapi")
    del store["attachments"][record["id"]]
    store["postmortems"].pop(record["id"], None)
    return no_content("jsonapi")


async def create_postmortem(request: Request) -> Response:
    store = _store(request)
    incident = find_incident(store, request.path_params["incident_id"], "jsonapi")
    data = data_of(await read_json(request, "jsonapi"), "incident_attachments", "jsonapi")
    attrs = attributes_of(data)
    cells = attrs.get("cells") or []
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


# ---- impacts (JSON:API style) ------------------------------------------------------------


def _impact_body(record: Record) -> Record:
    return {"data": public(record)}


async def list_impacts(request: Request) -> Response:
    store = _store(request)
    incident = find_incident(store, request.path_params["incident_id"], "jsonapi")
    return send(
        {"data": [public(r) for r in store.children("impacts", incident["id"])]}, 200, "jsonapi"
    )


def _impact_fields(attrs: dict[str, Any]) -> Any:
    fields = attrs.get("fields")
    if fields is not None and not isinstance(fields, dict):
        raise ApiError(400, "fields must be an object", "jsonapi")
    return fields


def new_impact(
    store: Store, incident_id: str, attributes: dict[str, Any], when: datetime
) -> Record:
    stamp = jsonapi_time(when)
    record: Record = {
        "id": store.new_id(),
        "type": "incident_impacts",
        "attributes": {
            **attributes,
            "impact_type": "customer",
            "created": stamp,
            "modified": stamp,
        },
        "relationships": {
            "incident": {"data": {"id": incident_id, "type": "incidents"}},
            "created_by_user": caller(store),
            "last_modified_by_user": caller(store),
        },
        "_incident": incident_id,
    }
    store["impacts"][record["id"]] = record
    return record


_NIL_UUID = "00000000-0000-0000-0000-000000000000"


async def create_impact(request: Request) -> Response:
    store = _store(request)
    if request.path_params["incident_id"] == _NIL_UUID:
        # Recorded live: the impact service reads the nil UUID as no incident at all.
        detail = "invalid impact data: incident id is required: invalid impact"
        raise ApiError(400, detail, "jsonapi", item={"title": "Bad Request", "detail": detail})
    incident = find_incident(store, request.path_params["incident_id"], "jsonapi")
    data = data_of(await read_json(request, "jsonapi"), "incident_impacts", "jsonapi")
    attrs = attributes_of(data)
    attributes = {
        "description": require_str(attrs, "description", "jsonapi"),
        "start_at": _time("jsonapi", attrs.get("start_at"), "start_at", required=True),
        "end_at": _time("jsonapi", attrs.get("end_at"), "end_at"),
        "fields": _impact_fields(attrs),
    }
    record = new_impact(store, incident["id"], attributes, store.now())
    return send(_impact_body(record), 201, "jsonapi")


async def update_impact(request: Request) -> Response:
    store = _store(request)
    incident = find_incident(store, request.path_params["incident_id"], "jsonapi")
    impact_id = request.path_params["impact_id"]
    record = store["impacts"].get(impact_id)
    if not record or record["_incident"] != incident["id"]:
        raise ApiError(
            404, f"rpc error: code = NotFound desc = impact {impact_id} not found", "jsonapi"
        )
    data = data_of(
        await read_json(request, "jsonapi"), "incident_impacts", "jsonapi", need_attributes=False
    )
    attrs = attributes_of(data)
    a = record["attributes"]
    if "description" in attrs:
        a["description"] = require_str(attrs, "description", "jsonapi")
    if "start_at" in attrs:
        a["start_at"] = _time("jsonapi", attrs["start_at"], "start_at", required=True)
    if "end_at" in attrs:
        a["end_at"] = _time("jsonapi", attrs["end_at"], "end_at")
    if "fields" in attrs:
        a["fields"] = _impact_fields(attrs)
    a["modified"] = jsonapi_time(store.now())
    record["relationships"]["last_modified_by_user"] = caller(store)
    return send(_impact_body(record), 200, "jsonapi")


async def delete_impact(request: Request) -> Response:
    store = _store(request)
    incident = find_incident(store, request.path_params["incident_id"], "jsonapi")
    impact_id = request.path_params["impact_id"]
    record = store["impacts"].get(impact_id)
    if not record or record["_incident"] != incident["id"]:
        raise ApiError(
            404, f"rpc error: code = NotFound desc = impact {impact_id} not found", "jsonapi"
        )
    del store["impacts"][impact_id]
    return no_content("jsonapi")


# ---- integrations (legacy style) -----------------------------------------------------------

_METADATA_KEYS = {"channels", "issues", "teams"}


def _integration_attributes(attrs: dict[str, Any]) -> dict[str, Any]:
    kind = attrs.get("integration_type")
    if not isinstance(kind, int) or isinstance(kind, bool):
        raise ApiError(400, "integration_type is required and must be an integer")
    metadata = attrs.get("metadata")
    if not isinstance(metadata, dict) or len(_METADATA_KEYS & metadata.keys()) != 1:
        raise ApiError(
            400,
            "metadata must hold exactly one of channels (Slack), issues (Jira) or teams (MS Teams)",
        )
    status = attrs.get("status", 3)
    if not isinstance(status, int) or not 0 <= status <= 5:
        raise ApiError(400, "status must be an integer from 0 to 5")
    return {"integration_type": kind, "metadata": metadata, "status": status}


# Recorded live: integration reads and deletes are answered by a newer service
# (application/vnd.api+json, JSON:API errors); writes by the original one.
INTEGRATIONS = LegacyChildren(
    "integrations",
    "incident_integrations",
    "integration_id",
    _integration_attributes,
    read_style="jsonapi",
    missing="incident integration doesn't exist",
)


# ---- responders (legacy style: the spec says string errors; no live recording) ----


def add_responder(store: Store, incident_id: str, user_id: str, when: datetime) -> Record:
    """Add a user as responder, or return the existing entry (one per user)."""
    for existing in store.children("responders", incident_id):
        if existing["relationships"]["user"]["data"]["id"] == user_id:
            return existing
    stamp = jsonapi_time(when)
    record: Record = {
        "id": store.new_id(),
        "type": "incident_responders",
        "attributes": {
            "created": stamp,
            "modified": stamp,
            "is_billable": True,
            "last_active": stamp,
            "external_id": None,
            "external_source": None,
            "meta": None,
        },
        "relationships": {
            "user": {"data": {"id": user_id, "type": "users"}},
            "created_by": caller(store),
            "last_modified_by": caller(store),
            "role_assignments": {"data": []},
        },
        "_incident": incident_id,
    }
    store["responders"][record["id"]] = record
    return record


def _responder_body(store: Store, records: list[Record], *, many: bool) -> Record:
    users = [user_summary(store, r["relationships"]["user"]["data"]["id"]) for r in records]
    data = [public(r) for r in records]
    return {"data": data if many else data[0], "included": [u for u in users if u]}


async def list_responders(request: Request) -> Response:
    store = _store(request)
    incident = find_incident(store, request.path_params["incident_id"], "legacy")
    return send(
        _responder_body(store, store.children("responders", incident["id"]), many=True),
        200,
        "legacy",
    )


async def get_responder(request: Request) -> Response:
    store = _store(request)
    record = _child(store, "responders", request, "responder_id", "legacy")
    return send(_responder_body(store, [record], many=False), 200, "legacy")


async def create_responder(request: Request) -> Response:
    store = _store(request)
    incident = find_incident(store, request.path_params["incident_id"], "legacy")
    data = data_of(
        await read_json(request, "legacy"), "incident_responders", "legacy", need_attributes=False
    )
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


async def delete_responder(request: Request) -> Response:
    store = _store(request)
    record = _child(store, "responders", request, "responder_id", "legacy")
    del store["responders"][record["id"]]
    return no_content()


# ---- timestamp overrides (JSON:API style) --------------------------------------------------


async def list_overrides(request: Request) -> Response:
    store = _store(request)
    incident = find_incident(store, request.path_params["incident_id"], "jsonapi")
    live = [
        public(r)
        for r in store.children("overrides", incident["id"])
        if not r["attributes"]["deleted_at"]
    ]
    return send({"data": live}, 200, "jsonapi")


def new_override(store: Store, incident_id: str, kind: str, value: str, when: datetime) -> Record:
    stamp = jsonapi_time(when)
    record: Record = {
        "id": store.new_id(),
        "type": "incidents_timestamp_overrides",
        "attributes": {
            "incident_id": incident_id,
            "timestamp_type": kind,
            "timestamp_value": value,
            "created_at": stamp,
            "modified_at": stamp,
            "deleted_at": None,
        },
        "relationships": {"created_by_user": caller(store), "last_modified_by_user": caller(store)},
        "_incident": incident_id,
    }
    store["overrides"][record["id"]] = record
    return record


async def create_override(request: Request) -> Response:
    store = _store(request)
    incident = find_incident(store, request.path_params["incident_id"], "jsonapi")
    data = data_of(await read_json(request, "jsonapi"), "incidents_timestamp_overrides", "jsonapi")
    attrs = attributes_of(data)
    kind = attrs.get("timestamp_type")
    if kind not in ("detected", "declared", "resolved"):
        raise ApiError(400, "timestamp_type must be detected, declared or resolved", "jsonapi")
    value = _time("jsonapi", attrs.get("timestamp_value"), "timestamp_value", required=True)
    record = new_override(store, incident["id"], kind, value or "", store.now())
    return send({"data": public(record)}, 201, "jsonapi")


async def update_override(request: Request) -> Response:
    store = _store(request)
    record = _child(store, "overrides", request, "override_id", "jsonapi")
    data = data_of(
        await read_json(request, "jsonapi"),
        "incidents_timestamp_overrides",
        "jsonapi",
        need_attributes=False,
    )
    attrs = attributes_of(data)
    record["attributes"]["timestamp_value"] = _time(
        "jsonapi", attrs.get("timestamp_value"), "timestamp_value", required=True
    )
    record["attributes"]["modified_at"] = jsonapi_time(store.now())
    record["relationships"]["last_modified_by_user"] = caller(store)
    return send({"data": public(record)}, 200, "jsonapi")


async def delete_override(request: Request) -> Response:
    store = _store(request)
    record = _child(store, "overrides", request, "override_id", "jsonapi")
    record["attributes"]["deleted_at"] = jsonapi_time(store.now())
    return no_content("jsonapi")


# ---- postmortem templates (JSON:API style) -------------------------------------------------


async def list_templates(request: Request) -> Response:
    store = _store(request)
    return send({"data": [public(t) for t in store["templates"].values()]}, 200, "jsonapi")


async def get_template(request: Request) -> Response:
    return send({"data": public(_find_template(_store(request), request))}, 200, "jsonapi")


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
    store = _store(request)
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
    store = _store(request)
    template = _find_template(store, request)
    data = data_of(await read_json(request, "jsonapi"), "postmortem_template", "jsonapi")
    name, content = _template_body(data)
    template["attributes"].update({"name": name, "modifiedAt": jsonapi_time(store.now())})
    if content:
        template["attributes"]["content"] = content
    return send({"data": public(template)}, 200, "jsonapi")


async def delete_template(request: Request) -> Response:
    store = _store(request)
    del store["templates"][_find_template(store, request)["id"]]
    return no_content("jsonapi")
