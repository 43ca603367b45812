# The sandbox reads arbitrary JSON request bodies, whose types are unknown by nature.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false
# pyright: reportUnknownArgumentType=false
"""Incidents: create, import, get, list, search, update, delete, as the live service answers.

Live behaviours reproduced (listed in docs/sandbox.md):
every attribute present with nulls; severity and state set through `fields` and mirrored
read-only; `slug` = `IR-<public_id>`; POST/PATCH embed user objects while GET fills the
`*_uuid` twins and leaves the embedded users out (`declared_by` too); all nine relationship
keys; import answers without `field_analytics`; search returns the incidents in `included`
too; DELETE answers 204 text/html.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from datadog_incidents_mcp.sandbox.lookup import (
    DEFAULT_TYPE_ID,
    caller_id,
    embedded_user,
    find_incident,
    store_of,
    user_summary,
)
from datadog_incidents_mcp.sandbox.query import QueryError, matches, parse_query
from datadog_incidents_mcp.sandbox.resources.attachments import render_attachment
from datadog_incidents_mcp.sandbox.resources.incident_fields import (
    MULTI,
    SEVERITIES,
    STATES,
    definitions,
)
from datadog_incidents_mcp.sandbox.resources.responders import add_responder
from datadog_incidents_mcp.sandbox.responses import (
    ApiError,
    attributes_of,
    data_of,
    no_content,
    page_meta,
    paged,
    read_json,
    require_str,
    send,
)
from datadog_incidents_mcp.sandbox.routing import crud_routes
from datadog_incidents_mcp.sandbox.store import Record, Store, jsonapi_time, legacy_time, parse_time

_READ_ONLY_FIELDS = ("slug",)
_USER_RELATIONS = ("commander_user", "created_by_user", "declared_by_user", "last_modified_by_user")
_EMBEDDED = ("created_by", "last_modified_by", "declared_by", "commander")


def _seconds(start: str | None, end: str | None) -> int:
    if not start or not end:
        return 0
    return max(0, int((parse_time(end) - parse_time(start)).total_seconds()))


def render_incident(store: Store, record: Record, *, embedded: bool) -> Record:
    """The wire shape of an incident: GET form, or POST/PATCH form with embedded users."""
    a = dict(record["attributes"])
    rel = record["relationships"]
    fields = a["fields"] = {**_blank_fields(store), **a["fields"]}  # every field of the type
    a["severity"] = fields["severity"]["value"] or "UNKNOWN"
    a["state"] = fields["state"]["value"] or "active"
    a["customer_impact_duration"] = _seconds(a["customer_impact_start"], a["customer_impact_end"])
    a["time_to_detect"] = _seconds(a["customer_impact_start"], a["detected"])
    a["time_to_internal_response"] = _seconds(a["detected"], a["declared"])
    a["time_to_repair"] = _seconds(a["detected"], a["customer_impact_end"])
    a["time_to_resolve"] = _seconds(a["declared"], a["resolved"])
    users = {name: (rel[name]["data"] or {}).get("id") for name in _USER_RELATIONS}
    for key in _EMBEDDED:  # GET leaves them out; state saved by older sandboxes holds some
        a.pop(key, None)
    if embedded:
        for key in _EMBEDDED:
            a[key] = embedded_user(store, users[f"{key}_user"])
        a["created_by_uuid"] = a["last_modified_by_uuid"] = a["declared_by_uuid"] = None
    else:
        a["created_by_uuid"] = users["created_by_user"]
        a["last_modified_by_uuid"] = users["last_modified_by_user"]
        a["declared_by_uuid"] = users["declared_by_user"]
    incident_id = record["id"]

    def many(collection: str, kind: str) -> Record:
        return {
            "data": [{"id": r["id"], "type": kind} for r in store.children(collection, incident_id)]
        }

    relationships = {
        **{name: rel[name] for name in _USER_RELATIONS},
        "attachments": many("attachments", "incident_attachments"),
        "impacts": many("impacts", "incident_impacts"),
        "integrations": many("integrations", "incident_integrations"),
        "responders": many("responders", "incident_responders"),
        "user_defined_fields": {
            "data": [
                {"id": r["id"], "type": "user_defined_field"} for r in store["fields"].values()
            ]
        },
    }
    return {"id": incident_id, "type": "incidents", "attributes": a, "relationships": relationships}


def _included(store: Store, records: list[Record], include: set[str]) -> list[Record]:
    out: list[Record] = []
    seen: set[str] = set()
    for record in records:
        if "users" in include:
            for name in _USER_RELATIONS:
                summary = user_summary(
                    store, (record["relationships"][name]["data"] or {}).get("id")
                )
                if summary and summary["id"] not in seen:
                    seen.add(summary["id"])
                    out.append(summary)
        if "attachments" in include:
            out.extend(render_attachment(r) for r in store.children("attachments", record["id"]))
    return out


def _include_param(request: Request) -> set[str]:
    raw = request.query_params.get("include", "")
    values = {v.strip() for v in raw.split(",") if v.strip()}
    unknown = values - {"users", "attachments"}
    if unknown:
        raise ApiError(
            400, f"invalid include value {sorted(unknown)[0]!r}; use users or attachments"
        )
    return values


def _check_fields(store: Store, raw: Any, *, typed: bool) -> dict[str, Record]:
    """Validate a `fields` map from a request against the org's field definitions."""
    known = definitions(store)
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ApiError(400, "fields must be an object mapping field names to {type, value}")
    out: dict[str, Record] = {}
    for name, item in raw.items():
        if name not in known or name in _READ_ONLY_FIELDS:
            raise ApiError(400, f"field {name!r} does not exist or cannot be set")
        if not isinstance(item, dict) or "value" not in item:
            raise ApiError(400, f"fields.{name} must be an object with a value")
        kind, allowed = known[name]
        if typed and item.get("type") not in (None, kind):
            raise ApiError(400, f"fields.{name} has type {kind!r}, not {item.get('type')!r}")
        value = item["value"]
        multi = kind in MULTI
        if value is not None:
            if multi and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                raise ApiError(400, f"fields.{name} takes a list of strings")
            if not multi and not isinstance(value, str):
                raise ApiError(400, f"fields.{name} takes a single string")
            if allowed and value not in allowed:
                raise ApiError(400, f"fields.{name}: {value!r} is not one of {', '.join(allowed)}")
        out[name] = {"type": kind, "value": value}
    return out


def _user_relation(store: Store, raw: Any, name: str) -> Record:
    """A `{data: {id, type: users}}` relationship from a request, or a 404 for unknown users."""
    if not isinstance(raw, dict) or "data" not in raw:
        raise ApiError(400, f"relationships.{name} must be an object with data")
    data = raw["data"]
    if data is None:
        return {"data": None}
    if (
        not isinstance(data, dict)
        or data.get("type") != "users"
        or not isinstance(data.get("id"), str)
    ):
        raise ApiError(400, f"relationships.{name}.data must be {{id, type: users}}")
    if data["id"] not in store["users"]:
        raise ApiError(404, f"user {data['id']} not found")
    return {"data": {"id": data["id"], "type": "users"}}


def _timestamp(attributes: dict[str, Any], name: str) -> str | None:
    raw = attributes.get(name)
    if raw is None:
        return None
    try:
        return legacy_time(parse_time(str(raw)))
    except ValueError:
        raise ApiError(400, f"{name} must be an RFC 3339 date-time, got {raw!r}") from None


def _blank_fields(store: Store) -> dict[str, Record]:
    return {name: {"type": kind, "value": None} for name, (kind, _) in definitions(store).items()}


def new_incident(
    store: Store,
    *,
    title: str,
    fields: dict[str, Record],
    now: datetime,
    creator: str,
    commander: str | None = None,
    extra: dict[str, Any] | None = None,
) -> Record:
    """Store a new incident with every attribute present, and return its record."""
    public_id = store.take_public_id()
    merged = _blank_fields(store)
    merged.update(fields)
    merged["severity"]["value"] = merged["severity"]["value"] or "UNKNOWN"
    merged["state"]["value"] = merged["state"]["value"] or "active"
    merged["slug"]["value"] = f"IR-{public_id}"
    stamp = legacy_time(now)
    attributes: dict[str, Any] = {
        "public_id": public_id,
        "title": title,
        "customer_impacted": False,
        "customer_impact_scope": None,
        "customer_impact_start": None,
        "customer_impact_end": None,
        "created": stamp,
        "modified": stamp,
        "declared": stamp,
        "detected": stamp,
        "resolved": stamp if merged["state"]["value"] == "resolved" else None,
        "archived": None,
        "fields": merged,
        "incident_type_uuid": DEFAULT_TYPE_ID,
        "is_test": False,
        "visibility": "organization",
        "notification_handles": None,
        "non_datadog_creator": None,
        "case_id": None,
        "creation_idempotency_key": None,
        "field_analytics": None,
    }
    attributes.update(extra or {})
    me = {"data": {"id": creator, "type": "users"}}
    record: Record = {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"sandbox/incident/{public_id}/{stamp}")),
        "type": "incidents",
        "attributes": attributes,
        "relationships": {
            "commander_user": {"data": {"id": commander, "type": "users"} if commander else None},
            "created_by_user": me,
            "declared_by_user": me,
            "last_modified_by_user": me,
        },
    }
    store["incidents"][record["id"]] = record
    if commander:
        add_responder(store, record["id"], commander, now)
    return record


def _handles(raw: Any) -> list[Record] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(h, dict) and h.get("handle") for h in raw):
        raise ApiError(400, "notification_handles must be a list of {handle, display_name}")
    return [
        {"handle": h["handle"], "display_name": h.get("display_name") or h["handle"]} for h in raw
    ]


async def create_incident(request: Request) -> Response:
    store = store_of(request)
    data = data_of(await read_json(request, "legacy"), "incidents", "legacy")
    attrs = attributes_of(data)
    title = require_str(attrs, "title", "legacy")
    impacted = attrs.get("customer_impacted")
    if not isinstance(impacted, bool):
        raise ApiError(400, "customer_impacted is required and must be a boolean")
    if impacted and not attrs.get("customer_impact_scope"):
        raise ApiError(400, "customer_impact_scope is required when customer_impacted is true")
    cells = attrs.get("initial_cells")
    if cells is not None and not (
        isinstance(cells, list)
        and all(isinstance(c, dict) and c.get("cell_type") == "markdown" for c in cells)
    ):
        raise ApiError(400, "initial_cells must be a list of markdown cells")
    relationships = data.get("relationships") or {}
    commander = None
    if "commander_user" in relationships:
        commander = (
            _user_relation(store, relationships["commander_user"], "commander_user")["data"] or {}
        ).get("id")
    now = store.now()
    extra: dict[str, Any] = {
        "customer_impacted": impacted,
        "customer_impact_scope": attrs.get("customer_impact_scope"),
        "is_test": bool(attrs.get("is_test", False)),
        "notification_handles": _handles(attrs.get("notification_handles")),
    }
    if impacted:
        extra["customer_impact_start"] = legacy_time(now)
    record = new_incident(
        store,
        title=title,
        fields=_check_fields(store, attrs.get("fields"), typed=True),
        now=now,
        creator=caller_id(request),
        commander=commander,
        extra=extra,
    )
    record["_cells"] = cells or []
    return send({"data": render_incident(store, record, embedded=True)}, 201)


async def import_incident(request: Request) -> Response:
    store = store_of(request)
    data = data_of(await read_json(request, "jsonapi"), "incidents", "jsonapi")
    attrs = attributes_of(data)
    title = require_str(attrs, "title", "jsonapi")
    if len(title) > 1024:
        raise ApiError(400, "title is longer than 1024 characters", "jsonapi")
    try:
        fields = _check_fields(store, attrs.get("fields"), typed=False)
        times = {name: _timestamp(attrs, name) for name in ("declared", "detected", "resolved")}
    except ApiError as exc:
        raise ApiError(400, exc.message, "jsonapi") from None
    if times["resolved"] and (fields.get("state") or {}).get("value") != "resolved":
        raise ApiError(400, "resolved can only be set when the state field is resolved", "jsonapi")
    relationships = data.get("relationships") or {}
    commander = None
    if relationships.get("commander_user"):
        commander = (
            _user_relation(store, relationships["commander_user"], "commander_user")["data"] or {}
        ).get("id")
    now = store.now()
    extra: dict[str, Any] = {k: v for k, v in times.items() if v}
    extra["visibility"] = attrs.get("visibility") or "organization"
    record = new_incident(
        store,
        title=title,
        fields=fields,
        now=now,
        creator=caller_id(request),
        commander=commander,
        extra=extra,
    )
    body = render_incident(store, record, embedded=False)
    a = body["attributes"]
    for key in (
        "customer_impacted",
        "customer_impact_duration",
        "time_to_detect",
        "time_to_internal_response",
        "time_to_repair",
        "time_to_resolve",
        "field_analytics",
    ):
        a.pop(key, None)
    for key in ("created", "modified", "declared", "detected", "resolved"):
        if a.get(key):
            a[key] = jsonapi_time(parse_time(a[key]))
    body["attributes"] = dict(sorted(a.items()))
    body["relationships"]["incident_type"] = {
        "data": {"id": DEFAULT_TYPE_ID, "type": "incident_types"}
    }
    return send({"data": body}, 201, "jsonapi")


async def get_incident(request: Request) -> Response:
    store = store_of(request)
    include = _include_param(request)
    record = find_incident(store, request.path_params["incident_id"])
    return send(_one(store, record, include, embedded=False))


def _one(store: Store, record: Record, include: set[str], *, embedded: bool) -> Record:
    """An incident response body, with `included` when the request asked for it."""
    body: Record = {"data": render_incident(store, record, embedded=embedded)}
    if include:
        body["included"] = _included(store, [record], include)
    return body


def _ordered(store: Store) -> list[Record]:
    return sorted(store["incidents"].values(), key=lambda r: r["attributes"]["public_id"])


async def list_incidents(request: Request) -> Response:
    store = store_of(request)
    include = _include_param(request)
    size, offset = paged(request, "legacy")
    page = _ordered(store)[offset : offset + size]
    body: Record = {
        "data": [render_incident(store, r, embedded=False) for r in page],
        "meta": page_meta(offset, len(page)),
    }
    if include:
        body["included"] = _included(store, page, include)
    return send(body)


def facet_values(store: Store, record: Record, facet: str) -> list[str]:
    """The values an incident has for a search facet."""
    a = record["attributes"]
    fields = a["fields"]
    name = facet.removeprefix("fields.")
    if name in fields:
        value = fields[name]["value"]
        return [] if value is None else (value if isinstance(value, list) else [value])
    if facet in ("commander", "created_by", "declared_by", "last_modified_by"):
        user = user_summary(
            store, (record["relationships"][f"{facet}_user"]["data"] or {}).get("id")
        )
        return [user["attributes"][k] for k in ("email", "handle", "uuid")] if user else []
    if facet == "responder":
        out: list[str] = []
        for responder in store.children("responders", record["id"]):
            user = user_summary(store, responder["relationships"]["user"]["data"]["id"])
            if user:
                out.extend([user["id"], user["attributes"]["email"], user["attributes"]["handle"]])
        return out
    if facet in ("customer_impacted", "is_test"):
        return [str(bool(a[facet])).lower()]
    if facet in ("public_id", "title", "visibility", "incident_type_uuid"):
        return [str(a[facet])]
    return []


def _facets(store: Store, records: list[Record]) -> Record:
    def counts(name: str, universe: tuple[str, ...] = ()) -> list[Record]:
        tally = dict.fromkeys(universe, 0)
        for record in records:
            for value in facet_values(store, record, name):
                tally[value] = tally.get(value, 0) + 1
        return [{"name": k, "count": v} for k, v in tally.items()]

    def people(relation: str) -> list[Record]:
        tally: dict[str, int] = {}
        for record in records:
            user_id = (record["relationships"][relation]["data"] or {}).get("id")
            if user_id:
                tally[user_id] = tally.get(user_id, 0) + 1
        out: list[Record] = []
        for user_id, count in tally.items():
            user = user_summary(store, user_id)
            if user:
                attrs = user["attributes"]
                out.append(
                    {
                        "count": count,
                        "email": attrs["email"],
                        "handle": attrs["handle"],
                        "name": attrs["name"] or "",
                        "uuid": user_id,
                    }
                )
        return out

    return {
        "commander": people("commander_user"),
        "created_by": people("created_by_user"),
        "last_modified_by": people("last_modified_by_user"),
        "responder": [],
        "severity": counts("severity", SEVERITIES),
        "state": counts("state", STATES),
        "impact": [],
        "postmortem": [],
        "fields": [],
        "time_to_repair": [],
        "time_to_resolve": [],
    }


async def search_incidents(request: Request) -> Response:
    store = store_of(request)
    text = request.query_params.get("query")
    if text is None:
        raise ApiError(400, "query is required")
    sort = request.query_params.get("sort", "created")
    if sort not in ("created", "-created"):
        raise ApiError(400, f"sort must be created or -created, got {sort!r}")
    include = _include_param(request)
    size, offset = paged(request, "legacy")
    try:
        terms = parse_query(text)
    except QueryError as exc:
        raise ApiError(400, f"invalid query: {exc}") from None
    hits = [
        r
        for r in _ordered(store)
        if matches(terms, r["attributes"]["title"], lambda f, r=r: facet_values(store, r, f))
    ]
    if sort == "-created":
        hits.reverse()
    page = hits[offset : offset + size]
    rendered = [render_incident(store, r, embedded=False) for r in page]
    body: Record = {
        "data": {
            "type": "incidents_search_results",
            "attributes": {
                "total": len(hits),
                "incidents": [{"data": r} for r in rendered],
                "facets": _facets(store, hits),
            },
            "relationships": {
                "incidents_relationship": {
                    "data": [{"id": r["id"], "type": "incidents"} for r in page]
                }
            },
        },
        "included": _included(store, page, include) if include else rendered,
        "meta": page_meta(offset, len(page)),
    }
    return send(body)


async def update_incident(request: Request) -> Response:
    store = store_of(request)
    include = _include_param(request)
    record = find_incident(store, request.path_params["incident_id"])
    data = data_of(await read_json(request, "legacy"), "incidents", "legacy", need_attributes=False)
    if data.get("id") not in (None, record["id"]):
        raise ApiError(400, "data.id does not match the incident in the path")
    attrs = attributes_of(data)
    a = record["attributes"]
    now = store.now()
    if "title" in attrs:
        a["title"] = require_str(attrs, "title", "legacy")
    if "customer_impacted" in attrs:
        if not isinstance(attrs["customer_impacted"], bool):
            raise ApiError(400, "customer_impacted must be a boolean")
        a["customer_impacted"] = attrs["customer_impacted"]
    if "customer_impact_scope" in attrs:
        a["customer_impact_scope"] = attrs["customer_impact_scope"]
    for name in ("customer_impact_start", "customer_impact_end", "detected"):
        if name in attrs:
            a[name] = _timestamp(attrs, name)
    if "notification_handles" in attrs:
        a["notification_handles"] = _handles(attrs["notification_handles"])
    changed = _check_fields(store, attrs.get("fields"), typed=True)
    was_resolved = a["fields"]["state"]["value"] == "resolved"
    a["fields"].update(changed)
    if "state" in changed:
        resolved_now = changed["state"]["value"] == "resolved"
        if resolved_now and not was_resolved:
            a["resolved"] = legacy_time(now)
        elif not resolved_now:
            a["resolved"] = None
    relationships = data.get("relationships") or {}
    if "commander_user" in relationships:
        relation = _user_relation(store, relationships["commander_user"], "commander_user")
        record["relationships"]["commander_user"] = relation
        if relation["data"]:
            add_responder(store, record["id"], relation["data"]["id"], now)
    a["modified"] = legacy_time(now)
    record["relationships"]["last_modified_by_user"] = {
        "data": {"id": store.caller_id, "type": "users"}
    }
    return send(_one(store, record, include, embedded=True))


async def delete_incident(request: Request) -> Response:
    store = store_of(request)
    record = find_incident(store, request.path_params["incident_id"])
    del store["incidents"][record["id"]]
    for collection in (
        "todos",
        "attachments",
        "impacts",
        "integrations",
        "responders",
        "overrides",
    ):
        for child in store.children(collection, record["id"]):
            del store[collection][child["id"]]
    return no_content()


async def validate_keys(request: Request) -> Response:
    """Datadog's key checks (`GET /api/v1/validate`, and `/api/v2/validate_keys`, which takes
    an access token too); the app only routes valid credentials here."""
    return send({"valid": True})


# Search and import go before `{incident_id}`, which would take them for IDs. The key checks
# are Datadog's v1 validate and v2 validate_keys.
ROUTES = [
    Route("/api/v2/incidents/search", search_incidents, methods=["GET"]),
    Route("/api/v2/incidents/import", import_incident, methods=["POST"]),
    *crud_routes(
        "/api/v2/incidents",
        "incident_id",
        {
            "list": list_incidents,
            "create": create_incident,
            "get": get_incident,
            "update": update_incident,
            "delete": delete_incident,
        },
    ),
    Route("/api/v1/validate", validate_keys, methods=["GET"]),
    Route("/api/v2/validate_keys", validate_keys, methods=["GET"]),
]
