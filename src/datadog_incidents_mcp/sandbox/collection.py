# The sandbox reads arbitrary JSON request bodies, whose types are unknown by nature.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false
# pyright: reportUnknownArgumentType=false
"""One way to declare a sandbox collection and serve its routes.

A `Collection` is data: where its records live in the store, the type requests carry, the
attributes and relationships a body may hold, and the live-API quirks that differ between
Datadog's services (which service answers reads and writes, timestamp format and names, soft
deletes, echoed users, the wording of a 404...). From that it serves list, get, create,
update and delete. A resource with behaviour no option expresses passes its own handlers to
`routes`, next to or instead of the declared ones, and still looks records up through its
collection.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from datadog_incidents_mcp.sandbox.lookup import (
    DEFAULT_TYPE_ID,
    caller,
    embedded_user,
    find_incident,
    public,
    store_of,
)
from datadog_incidents_mcp.sandbox.responses import (
    ApiError,
    Style,
    attributes_of,
    bare_not_found,
    data_of,
    no_content,
    page_meta,
    read_json,
    send,
)
from datadog_incidents_mcp.sandbox.routing import Handler, crud_routes
from datadog_incidents_mcp.sandbox.store import Record, Store, jsonapi_time, legacy_time

_NO_DEFAULT = object()
# A hand-written check of a body's attributes: (attributes, partial) -> the values to store.
Parse = Callable[[dict[str, Any], bool], dict[str, Any]]


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


TYPE_LINK = Link("incident_type", "incident_types", "types")
REQUIRED_TYPE_LINK = Link("incident_type", "incident_types", "types", required=True)


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
class EchoedUsers:
    """Answers of the original incident service repeat who made and last changed a record:
    always as `created_by_uuid` and `last_modified_by_uuid`, and in the operations of `embeds`
    as the users themselves (`created_by`, `last_modified_by`); `blank` operations send the
    `*_uuid` twins as null (all recorded live)."""

    embeds: frozenset[str] = frozenset({"create", "update"})
    blank: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Collection:
    """A collection of records and the routes that serve it.

    `parse` replaces the `attrs` check where a body needs one written by hand. The other
    options are the differences between Datadog's services, as recorded live.
    """

    collection: str  # the store's name for it
    kind: str  # the JSON:API type requests carry
    id_param: str
    attrs: tuple[Attr, ...] = ()
    parse: Parse | None = None
    links: tuple[Link, ...] = ()
    per_incident: bool = False  # records belong to the incident in the path (no relationships read)
    style: Style = "jsonapi"  # the service answering writes
    read_style: Style | None = None  # the one answering reads and deletes, where it differs
    answer_kind: str = ""  # the type answers carry, where it differs from requests'
    stamps: tuple[str, str] | None = ("created", "modified")  # creation and change times
    legacy_stamps: bool = False  # `...+00:00` times of the original service, not `...Z`
    echo_incident: bool = False  # attributes repeat `incident_id`
    incident_link: bool = False  # relationships carry the incident
    soft_delete: str = ""  # a delete sets this attribute; the record is gone for reads
    users: EchoedUsers | None = None
    update_method: str = "PATCH"
    body_first: bool = True  # an update's body is checked before its ID is looked up
    check_id: bool = True  # an update's `data.id`, when given, must match the path
    filters: dict[str, str] = field(default_factory=dict[str, str])  # query -> attribute
    paginated: bool = False  # the list answer carries `meta.pagination`
    bare_404: bool = False  # a missing record is Datadog's detail-less `404 Not Found`
    missing: str = ""  # the JSON:API 404 detail, `{id}` standing for the ID

    @property
    def replaces(self) -> bool:
        """Whether an update takes the whole record: PUT does, and so does the original
        service's PATCH."""
        return self.update_method == "PUT" or self.style == "legacy"

    def stamp(self, when: datetime) -> str:
        return legacy_time(when) if self.legacy_stamps else jsonapi_time(when)

    def new(
        self,
        store: Store,
        attributes: dict[str, Any],
        links: Record | None = None,
        *,
        incident_id: str | None = None,
        when: datetime | None = None,
    ) -> Record:
        """Store a record from checked attributes (also used to seed the sandbox)."""
        # Copies, so no two records share a default list or object.
        values = {
            a.name: copy.deepcopy(a.default) for a in self.attrs if a.default is not _NO_DEFAULT
        }
        values.update(attributes)
        if self.echo_incident:
            values["incident_id"] = incident_id
        if self.stamps:
            values.update(dict.fromkeys(self.stamps, self.stamp(when or store.now())))
        if self.soft_delete:
            values[self.soft_delete] = None
        relationships: Record = {}
        if self.incident_link:
            relationships["incident"] = {"data": {"id": incident_id, "type": "incidents"}}
        relationships["created_by_user"] = caller(store)
        relationships["last_modified_by_user"] = caller(store)
        return store.add(
            self.collection,
            self.answer_kind or self.kind,
            values,
            {**relationships, **(links or {})},
            incident_id=incident_id if self.per_incident else None,
        )

    def render(self, store: Store, record: Record, operation: str) -> Record:
        """The wire shape of a record in the answer to `operation` (list, get, create...)."""
        out = public(record)
        if self.users:
            attributes = out["attributes"] = dict(out["attributes"])
            for name in ("created_by", "last_modified_by"):
                user_id = record["relationships"][f"{name}_user"]["data"]["id"]
                blank = operation in self.users.blank
                attributes[f"{name}_uuid"] = None if blank else user_id
                if operation in self.users.embeds:
                    attributes[name] = embedded_user(store, user_id)
        return out

    def routes(
        self,
        path: str,
        *,
        only: tuple[str, ...] = (),
        handlers: Mapping[str, Handler] | None = None,
    ) -> list[Route]:
        """The routes of the operations (list, get, create, update, delete): the declared
        ones, with `handlers` replacing some; `only` keeps the named ones."""
        declared: dict[str, Handler] = {
            "list": self.list_all,
            "create": self.create,
            "get": self.get,
            "update": self.update,
            "delete": self.delete,
        }
        merged = {**declared, **(handlers or {})}
        chosen = {name: h for name, h in merged.items() if not only or name in only}
        return crud_routes(path, self.id_param, chosen, update_method=self.update_method)

    def checked(self, data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
        """The request's known attributes, checked; a create or a whole update needs them."""
        given = attributes_of(data)
        if self.parse:
            return self.parse(given, partial)
        out: dict[str, Any] = {}
        for attr in self.attrs:
            if attr.name in given:
                out[attr.name] = attr.check(given[attr.name])
            elif attr.required and not partial:
                raise ApiError(400, f"{attr.name} is required", "jsonapi")
        return out

    def find(
        self, store: Store, record_id: str, style: Style, incident_id: str | None = None
    ) -> Record:
        """A live record (of that incident, for a per-incident collection), or the 404 of
        the service answering in `style`."""
        record = store[self.collection].get(record_id)
        if (
            not record
            or (incident_id is not None and record["_incident"] != incident_id)
            or (self.soft_delete and record["attributes"][self.soft_delete])
        ):
            if style == "legacy":
                raise ApiError(404, f"{record_id} not found")
            if self.bare_404:
                raise bare_not_found()
            detail = (self.missing or "{kind} {id} not found").format(kind=self.kind, id=record_id)
            raise ApiError(404, detail, style)
        return record

    def incident(self, request: Request, style: Style) -> Record:
        """The incident in the path, or the 404 of the service answering in `style`."""
        return find_incident(store_of(request), request.path_params["incident_id"], style)

    def _incident_id(self, request: Request, style: Style) -> str | None:
        return self.incident(request, style)["id"] if self.per_incident else None

    def one(self, request: Request, style: Style) -> Record:
        """The record the path names."""
        incident_id = self._incident_id(request, style)
        return self.find(store_of(request), request.path_params[self.id_param], style, incident_id)

    def replace(self, store: Store, record: Record, data: dict[str, Any]) -> Record:
        """Apply an update: a partial one merges the given attributes, a whole one checks
        every attribute again."""
        record["attributes"].update(self.checked(data, partial=not self.replaces))
        if not self.per_incident:  # a per-incident record links its incident by the path
            record["relationships"].update(_links(store, data, self.links, new=False))
        record["relationships"]["last_modified_by_user"] = caller(store)
        if self.stamps:
            record["attributes"][self.stamps[1]] = self.stamp(store.now())
        return record

    async def read_data(self, request: Request, *, need_attributes: bool = True) -> dict[str, Any]:
        """The request body's `data`, checked to be of this collection's type."""
        body = await read_json(request, self.style)
        return data_of(body, self.kind, self.style, need_attributes=need_attributes)

    def _reads(self) -> Style:
        return self.read_style or self.style

    async def list_all(self, request: Request) -> Response:
        store = store_of(request)
        incident_id = self._incident_id(request, self._reads())
        if incident_id is None:
            records = list(store[self.collection].values())
        else:
            records = store.children(self.collection, incident_id)
        if self.soft_delete:
            records = [r for r in records if not r["attributes"][self.soft_delete]]
        for param, attribute in self.filters.items():
            wanted = request.query_params.get(param)
            if wanted is not None:
                records = [r for r in records if _value(r, attribute) == wanted]
        body: Record = {"data": [self.render(store, r, "list") for r in records]}
        if self.paginated:
            body["meta"] = page_meta(0, len(records))
        return send(body, 200, self._reads())

    async def get(self, request: Request) -> Response:
        record = self.one(request, self._reads())
        return send({"data": self.render(store_of(request), record, "get")}, 200, self._reads())

    async def create(self, request: Request) -> Response:
        store = store_of(request)
        incident_id = self._incident_id(request, self.style)
        data = await self.read_data(request)
        attributes = self.checked(data, partial=False)
        links = {} if self.per_incident else _links(store, data, self.links, new=True)
        record = self.new(store, attributes, links, incident_id=incident_id)
        return send({"data": self.render(store, record, "create")}, 201, self.style)

    async def update(self, request: Request) -> Response:
        store = store_of(request)
        # Recorded live for notification templates and rules: a wrong `data.type` is a 400
        # even for a record that does not exist.
        if self.body_first:
            data = await self.read_data(request, need_attributes=self.replaces)
            record = self.one(request, self.style)
        else:
            record = self.one(request, self.style)
            data = await self.read_data(request, need_attributes=self.replaces)
        if self.check_id and data.get("id", record["id"]) != record["id"]:
            raise ApiError(400, "data.id does not match the ID in the path", "jsonapi")
        record = self.replace(store, record, data)
        return send({"data": self.render(store, record, "update")}, 200, self.style)

    async def delete(self, request: Request) -> Response:
        store = store_of(request)
        record = self.one(request, self._reads())
        if self.soft_delete:
            record["attributes"][self.soft_delete] = self.stamp(store.now())
        else:
            del store[self.collection][record["id"]]
        return no_content(self._reads())


def _value(record: Record, attribute: str) -> Any:
    """An attribute, or with `rel:` a relationship's ID, for list filters."""
    if attribute.startswith("rel:"):
        link = record["relationships"].get(attribute[4:]) or {}
        return (link.get("data") or {}).get("id")
    return record["attributes"].get(attribute)
