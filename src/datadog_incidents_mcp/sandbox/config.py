# The sandbox reads arbitrary JSON request bodies, whose types are unknown by nature.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false
# pyright: reportUnknownArgumentType=false
"""The newer org-level configuration collections (impact fields, notification templates and
rules, incident rules, Google Chat and Meet settings, global handles, org settings).

They share one JSON:API shape, so each is declared as data: its attributes with their types,
the relationships it links, how an update works (PATCH merges, PUT replaces) and which
timestamps it carries. `ConfigCollection` serves the declared routes from that.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, get_args

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from datadog_incidents_mcp.datadog.models.incident_rules import RuleTask, RuleTrigger
from datadog_incidents_mcp.sandbox.lookup import caller
from datadog_incidents_mcp.sandbox.responses import (
    ApiError,
    attributes_of,
    bare_not_found,
    data_of,
    no_content,
    page_meta,
    paged,
    read_json,
    send,
)
from datadog_incidents_mcp.sandbox.routing import collection_routes
from datadog_incidents_mcp.sandbox.store import Record, Store, jsonapi_time

_NO_DEFAULT = object()
DEFAULT_TYPE_ID = "00000000-0000-0000-0000-000000000001"


@dataclass(frozen=True, slots=True)
class Attr:
    """One attribute: its JSON type(s), whether a create needs it, and its initial value."""

    name: str
    kind: type | tuple[type, ...]
    required: bool = False
    default: Any = _NO_DEFAULT
    choices: tuple[Any, ...] = ()
    nullable: bool = False
    shape: Callable[[Any], bool] | None = None  # a further check of the value
    shape_hint: str = ""  # what the value must look like, for the 400

    def check(self, value: Any) -> Any:
        if value is None and self.nullable:
            return None
        # JSON true is not the number 1.
        wrong_bool = isinstance(value, bool) and self.kind is int
        if wrong_bool or not isinstance(value, self.kind) or (value == "" and self.required):
            raise ApiError(400, f"{self.name} must be a valid {_kind_name(self.kind)}", "jsonapi")
        if self.shape and not self.shape(value):
            raise ApiError(400, f"{self.name} must be {self.shape_hint}", "jsonapi")
        if self.choices and value not in self.choices:
            allowed = ", ".join(map(str, self.choices))
            raise ApiError(400, f"{self.name} must be one of: {allowed}", "jsonapi")
        return value


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "string", bool: "boolean", int: "integer", list: "array", dict: "object"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


@dataclass(frozen=True, slots=True)
class Link:
    """A to-one relationship whose ID must exist in `collection`. Without one given, an
    `incident_type` link falls back to the default type when `default_type` is set."""

    name: str
    kind: str
    collection: str
    required: bool = False
    default_type: bool = False


def _links(store: Store, data: dict[str, Any], links: tuple[Link, ...], *, new: bool) -> Record:
    given = data.get("relationships") or {}
    if not isinstance(given, dict):
        raise ApiError(400, "relationships must be an object", "jsonapi")
    out: Record = {}
    for link in links:
        ref = (given.get(link.name) or {}).get("data") or {}
        target = ref.get("id") if isinstance(ref, dict) else None
        if target is None:
            if new and link.required:
                raise ApiError(400, f"relationships.{link.name} is required", "jsonapi")
            if new and link.default_type:
                target = DEFAULT_TYPE_ID
            else:
                continue
        if target not in store[link.collection]:
            raise ApiError(404, f"{link.name} {target} not found", "jsonapi")
        out[link.name] = {"data": {"id": target, "type": link.kind}}
    return out


@dataclass(frozen=True, slots=True)
class ConfigCollection:
    collection: str
    kind: str
    id_param: str
    attrs: tuple[Attr, ...]
    links: tuple[Link, ...] = ()
    update_method: str = "PATCH"
    stamps: tuple[str, str] | None = ("created", "modified")
    answer_kind: str = ""  # the type answers carry, where it differs from requests'
    filters: dict[str, str] = field(default_factory=dict[str, str])  # query -> attribute
    bare_404: bool = False  # a missing record is Datadog's detail-less `404 Not Found`
    paginated: bool = False  # the list answer carries `meta.pagination`

    def new(self, store: Store, attributes: dict[str, Any], links: Record) -> Record:
        """Store a record from checked attributes (also used to seed the sandbox)."""
        # Copies, so no two records share a default list or object.
        values = {
            a.name: copy.deepcopy(a.default) for a in self.attrs if a.default is not _NO_DEFAULT
        }
        values.update(attributes)
        if self.stamps:
            stamp = jsonapi_time(store.now())
            values.update(dict.fromkeys(self.stamps, stamp))
        record: Record = {
            "id": store.new_id(),
            "type": self.answer_kind or self.kind,
            "attributes": values,
            "relationships": {
                "created_by_user": caller(store),
                "last_modified_by_user": caller(store),
                **links,
            },
        }
        store[self.collection][record["id"]] = record
        return record

    def routes(self, path: str, *, only: tuple[str, ...] = ()) -> list[Route]:
        """The collection's routes; `only` keeps the named ones (list, get, create...)."""
        return collection_routes(
            self, path, self.id_param, only=only, update_method=self.update_method
        )

    def checked(self, data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
        """The request's known attributes, type-checked; a create or a PUT needs them all."""
        given = attributes_of(data)
        out: dict[str, Any] = {}
        for attr in self.attrs:
            if attr.name in given:
                out[attr.name] = attr.check(given[attr.name])
            elif attr.required and not partial:
                raise ApiError(400, f"{attr.name} is required", "jsonapi")
        return out

    def find(self, store: Store, record_id: str) -> Record:
        record = store[self.collection].get(record_id)
        if not record:
            if self.bare_404:
                raise bare_not_found()
            raise ApiError(404, f"{self.kind} {record_id} not found", "jsonapi")
        return record

    def replace(self, store: Store, record: Record, data: dict[str, Any]) -> Record:
        """Apply an update: PATCH merges the given attributes, PUT sets all of them."""
        partial = self.update_method == "PATCH"
        record["attributes"].update(self.checked(data, partial=partial))
        record["relationships"].update(_links(store, data, self.links, new=False))
        record["relationships"]["last_modified_by_user"] = caller(store)
        if self.stamps:
            record["attributes"][self.stamps[1]] = jsonapi_time(store.now())
        return record

    async def read_data(self, request: Request, *, need_attributes: bool = True) -> dict[str, Any]:
        """The request body's `data`, checked to be of this collection's type."""
        body = await read_json(request, "jsonapi")
        return data_of(body, self.kind, "jsonapi", need_attributes=need_attributes)

    async def list_all(self, request: Request) -> Response:
        store: Store = request.app.state.store
        records = list(store[self.collection].values())
        for param, attribute in self.filters.items():
            wanted = request.query_params.get(param)
            if wanted is not None:
                records = [r for r in records if _value(r, attribute) == wanted]
        body: Record = {"data": records}
        if self.paginated:
            body["meta"] = page_meta(0, len(records))
        return send(body, 200, "jsonapi")

    async def get(self, request: Request) -> Response:
        record = self.find(request.app.state.store, request.path_params[self.id_param])
        return send({"data": record}, 200, "jsonapi")

    async def create(self, request: Request) -> Response:
        store: Store = request.app.state.store
        data = await self.read_data(request)
        attributes = self.checked(data, partial=False)
        record = self.new(store, attributes, _links(store, data, self.links, new=True))
        return send({"data": record}, 201, "jsonapi")

    async def update(self, request: Request) -> Response:
        store: Store = request.app.state.store
        # The body is checked before the ID is looked up: a wrong `data.type` is a 400 even
        # for a record that does not exist (recorded live for templates and rules).
        data = await self.read_data(request, need_attributes=self.update_method == "PUT")
        record = self.find(store, request.path_params[self.id_param])
        if data.get("id", record["id"]) != record["id"]:
            raise ApiError(400, "data.id does not match the ID in the path", "jsonapi")
        return send({"data": self.replace(store, record, data)}, 200, "jsonapi")

    async def delete(self, request: Request) -> Response:
        store: Store = request.app.state.store
        del store[self.collection][self.find(store, request.path_params[self.id_param])["id"]]
        return no_content("jsonapi")


def _value(record: Record, attribute: str) -> Any:
    """An attribute, or with `rel:` a relationship's ID, for list filters."""
    if attribute.startswith("rel:"):
        link = record["relationships"].get(attribute[4:]) or {}
        return (link.get("data") or {}).get("id")
    return record["attributes"].get(attribute)


_TYPE = Link("incident_type", "incident_types", "types")
ROLES = ConfigCollection(
    "roles",
    "incident_user_defined_roles",
    "role_id",
    (
        Attr("name", str, required=True),
        Attr("description", str, nullable=True, default=None),
        Attr(
            "policy",
            dict,
            nullable=True,
            default={"is_single": True},
            shape=lambda policy: (
                set(policy) == {"is_single"} and isinstance(policy["is_single"], bool)
            ),
            shape_hint="{is_single: true or false}",
        ),
    ),
    links=(Link("incident_type", "incident_types", "types", required=True),),
    filters={"filter[incident-type]": "rel:incident_type"},
)

IMPACT_FIELDS = ConfigCollection(
    "impact_fields",
    "impact_fields",
    "field_id",
    (
        Attr("name", str, required=True),
        Attr("display_name", str, required=True),
        Attr(
            "field_type",
            str,
            required=True,
            choices=(
                "dropdown",
                "text",
                "textarray",
                "metrictag",
                "number",
                "datetime",
                "multiselect",
            ),
        ),
        Attr("field_choices", list, default=[]),
        Attr("tag_key", str, nullable=True, default=None),
    ),
    links=(Link("incident_type", "incident_types", "types", required=True),),
    update_method="PUT",
    stamps=None,
)
NOTIFICATION_TEMPLATES = ConfigCollection(
    "notification_templates",
    "notification_templates",
    "id",
    tuple(Attr(name, str, required=True) for name in ("name", "subject", "content", "category")),
    links=(_TYPE,),
    filters={"filter[incident-type]": "rel:incident_type"},
    bare_404=True,
)
NOTIFICATION_RULES = ConfigCollection(
    "notification_rules",
    "incident_notification_rules",
    "id",
    (
        Attr("conditions", list, required=True),
        Attr("handles", list, required=True),
        Attr("trigger", str, required=True),
        Attr("enabled", bool, default=False),
        Attr("renotify_on", list, default=[]),
        Attr("visibility", str, choices=("all", "organization", "private"), default="all"),
    ),
    links=(
        _TYPE,
        Link("notification_template", "notification_templates", "notification_templates"),
    ),
    update_method="PUT",
    paginated=True,
)
RULE_TASKS = get_args(RuleTask)  # one list of Datadog's task IDs, kept with the models
RULE_TRIGGERS = get_args(RuleTrigger)
INCIDENT_RULES = ConfigCollection(
    "incident_rules",
    "incident_rules",
    "rule_id",
    (
        Attr("execution_type", int, required=True, choices=(1, 2)),
        Attr("condition_table_type", int, required=True),
        Attr("condition", dict, required=True),
        Attr("task_id", str, required=True, choices=RULE_TASKS),
        Attr("task_payload", str, required=True),
        Attr("enabled", bool, required=True),
        Attr("conditions", list, default=[]),
        Attr("trigger", str, choices=RULE_TRIGGERS, default="incident_saved_trigger"),
        Attr("match_any_condition", bool, default=False),
        Attr("incident_type_uuid", str, nullable=True, default=None),
    ),
    answer_kind="incidents_rules",  # requests say incident_rules: copied from the live API
    filters={
        "filter[task_id]": "task_id",
        "filter[trigger]": "trigger",
        "incidentTypeUUID": "incident_type_uuid",
    },
)
GOOGLE_CHAT = ConfigCollection(
    "google_chat",
    "google_chat_configurations",
    "id",
    tuple(
        Attr(name, str, required=True)
        for name in (
            "domain_id",
            "space_name_template",
            "space_time_zone",
            "space_target_audience_id",
        )
    ),
    links=(Link("incident_type", "incident_types", "types", required=True),),
    stamps=("created_at", "modified_at"),
)
GOOGLE_MEET = ConfigCollection(
    "google_meet",
    "google_meet_configurations",
    "id",
    (
        Attr("allow_manual_meeting_creation", bool, required=True),
        Attr("auto_summarize", bool, required=True),
    ),
    links=(Link("incident_type", "incident_types", "types", required=True),),
    stamps=("created_at", "modified_at"),
)
GLOBAL_HANDLES = ConfigCollection(
    "handles",
    "incidents_handles",
    "id",
    (Attr("name", str, required=True), Attr("fields", dict, default={})),
    links=(
        Link("incident_type", "incident_types", "types", default_type=True),
        Link("commander_user", "users", "users"),
    ),
    update_method="PUT",
    stamps=("created_at", "modified_at"),
)


async def update_handle(request: Request) -> Response:
    """PUT on the collection: the body's `data.id` names the handle to replace."""
    store: Store = request.app.state.store
    data = await GLOBAL_HANDLES.read_data(request)
    if not isinstance(data.get("id"), str):
        raise ApiError(400, "data.id is required: it names the handle to update", "jsonapi")
    record = GLOBAL_HANDLES.find(store, data["id"])
    return send({"data": GLOBAL_HANDLES.replace(store, record, data)}, 200, "jsonapi")


async def delete_handles(request: Request) -> Response:
    """DELETE on the collection, without an ID, as the spec documents it: all handles go."""
    request.app.state.store["handles"].clear()
    return no_content("jsonapi")


def org_settings(store: Store) -> list[Record]:
    """One settings record per incident type, made on first read."""
    settings = store["org_settings"]
    for type_id in store["types"]:
        if type_id not in settings:
            stamp = jsonapi_time(store.now())
            settings[type_id] = {
                "id": store.new_id(),
                "type": "incident_org_settings",
                "attributes": {
                    "created": stamp,
                    "modified": stamp,
                    "settings": {"declare_from_slack": True, "postmortem_required": False},
                },
                "relationships": {
                    "incident_type": {"data": {"id": type_id, "type": "incident_types"}}
                },
            }
    return [settings[type_id] for type_id in store["types"]]


async def list_org_settings(request: Request) -> Response:
    store: Store = request.app.state.store
    size, offset = paged(request, "jsonapi", default_size=100)
    records = org_settings(store)[offset : offset + size]
    return send({"data": records}, 200, "jsonapi")


async def get_org_settings(request: Request) -> Response:
    store: Store = request.app.state.store
    type_id = request.path_params["incident_type_id"]
    if type_id not in store["types"]:
        raise ApiError(404, f"incident type {type_id} not found", "jsonapi")
    org_settings(store)
    return send({"data": store["org_settings"][type_id]}, 200, "jsonapi")


def seed_config(store: Store) -> None:
    """One of each configuration, so lists show real shapes before anything is made."""
    type_link = {"incident_type": {"data": {"id": DEFAULT_TYPE_ID, "type": "incident_types"}}}
    choices = [{"value": v, "display_name": v.upper()} for v in ("us1", "eu1", "ap1")]
    IMPACT_FIELDS.new(
        store,
        {
            "name": "region",
            "display_name": "Region",
            "field_type": "dropdown",
            "field_choices": choices,
        },
        type_link,
    )
    template = NOTIFICATION_TEMPLATES.new(
        store,
        {
            "name": "Major incident",
            "subject": "{{incident.public_id}} {{incident.severity}}: {{incident.title}}",
            "content": "{{incident.title}} is {{incident.state}}. Commander: "
            "{{incident.commander}}.",
            "category": "alert",
        },
        type_link,
    )
    template_link = {"data": {"id": template["id"], "type": "notification_templates"}}
    NOTIFICATION_RULES.new(
        store,
        {
            "conditions": [{"field": "severity", "values": ["SEV-1", "SEV-2"]}],
            "handles": ["@slack-incidents", "@pagerduty-oncall"],
            "trigger": "incident_created_trigger",
            "enabled": True,
            "renotify_on": ["severity", "state"],
        },
        {**type_link, "notification_template": template_link},
    )
    INCIDENT_RULES.new(
        store,
        {
            "execution_type": 1,
            "condition_table_type": 1,
            "condition": {"raw_query": "severity:(SEV-1 OR SEV-2)", "normalized_query": None},
            "task_id": "slack-create-channel-job",
            "task_payload": '{"channel_name_template": "inc-{{public_id}}"}',
            "enabled": True,
            "trigger": "incident_created_trigger",
            "incident_type_uuid": DEFAULT_TYPE_ID,
        },
        {},
    )
    GLOBAL_HANDLES.new(
        store, {"name": "@incident-commanders", "fields": {"severity": ["SEV-1"]}}, type_link
    )
