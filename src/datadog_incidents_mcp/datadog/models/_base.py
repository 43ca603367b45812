"""JSON:API building blocks shared by every Datadog resource.

Two kinds of model, never mixed:
- response models (`WireModel`) accept unknown fields and nulls anywhere the live
  service sends them, so a new Datadog field or an unset attribute never breaks a call;
- request models (`RequestModel`) forbid unknown fields, so a typo fails here, with a
  clear message, instead of being silently ignored by Datadog.
"""

from __future__ import annotations

from typing import Any, Generic, Self, cast, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError, PydanticUndefined
from typing_extensions import TypeVar


class WireModel(BaseModel):
    """Base of response models: tolerant of extra fields.

    Validators are built on first use, not at import: start-up pays only for what it uses.
    """

    model_config = ConfigDict(extra="allow", populate_by_name=True, defer_build=True)


class RequestModel(BaseModel):
    """Base of request models: strict about field names.

    Bodies are sent with unset fields left out, so an explicit `None` (which Datadog
    reads as "clear this") differs from "not given". Fields with a non-None default,
    such as the JSON:API `type`, count as set and are always sent.
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)

    def model_post_init(self, context: Any, /) -> None:
        for name, info in type(self).model_fields.items():
            if info.default is not None and info.default is not PydanticUndefined:
                self.__pydantic_fields_set__.add(name)


class _Clear:
    """The type of CLEAR."""

    def __repr__(self) -> str:
        return "CLEAR"


CLEAR: Any = _Clear()
"""Pass as an attribute to `Request.of()` to send an explicit null ("remove this value")."""


TypeT = TypeVar("TypeT", bound=str)
AttrsT = TypeVar("AttrsT", default=None)
LinksT = TypeVar("LinksT", default=None)
IdT = TypeVar("IdT", default=None)


_NONE = type(None)


class RequestData(RequestModel, Generic[TypeT, AttrsT, LinksT, IdT]):
    """The `data` member of a request body; its parameters are those of `Request`."""

    id: IdT = Field(default=None, validate_default=True)
    type: TypeT
    attributes: AttrsT = Field(default=None, validate_default=True)
    relationships: LinksT = Field(default=None, validate_default=True)

    @model_validator(mode="before")
    @classmethod
    def _name_the_type(cls, value: Any) -> Any:
        """The JSON:API `type` is the one value its Literal parameter allows, always sent."""
        if not isinstance(value, dict):
            return value
        given = cast(dict[str, Any], value)
        if "type" in given:
            return given
        (name,) = get_args(cls.model_fields["type"].annotation)
        return {**given, "type": name}

    @field_validator("id", "attributes", "relationships", mode="before")
    @classmethod
    def _present_as_declared(cls, value: Any, info: ValidationInfo) -> Any:
        """A member the parameter declares as `None` must not be given; one whose
        parameter does not take None must be."""
        annotation = cls.model_fields[str(info.field_name)].annotation
        if annotation in (None, _NONE):
            if value is not None:
                raise PydanticCustomError("extra_forbidden", "Extra inputs are not permitted")
        elif value is None and _NONE not in get_args(annotation):
            raise PydanticCustomError("missing", "Field required")
        return value


class Request(RequestModel, Generic[TypeT, AttrsT, LinksT, IdT]):
    """A request body `{"data": {"id", "type", "attributes", "relationships"}}`, one shape
    for every resource, as `Document` is for answers:

        IncidentUpdateRequest = Request[
            Literal["incidents"],
            IncidentUpdateAttributes | None,
            IncidentUpdateRelationships | None,
            str,
        ]

    The parameters: the JSON:API type (a Literal, always sent); then what `attributes`,
    `relationships` and `id` take: a model or `str` (required), `... | None` (optional), or
    `None`, the default (never sent: giving it is an error, as any unknown member is).

    Build one flat with `of()`:

        IncidentCreateRequest.of(title="DB down", customer_impacted=False,
                                 relationships={"commander_user": user_relationship(uid)})

    Keyword arguments become `data.attributes`; `id` and `relationships` go beside them.
    An attribute given as None is left out (not given); CLEAR sends an explicit null.
    The nested models validate the result, so a wrong name or value fails here, with the
    pydantic message naming it, before anything is sent.
    """

    data: RequestData[TypeT, AttrsT, LinksT, IdT]

    @classmethod
    def of(
        cls,
        *,
        id: str | None = None,
        relationships: dict[str, Any] | None = None,
        **attributes: Any,
    ) -> Self:
        data: dict[str, Any] = {}
        if id is not None:
            data["id"] = id
        given = {k: None if v is CLEAR else v for k, v in attributes.items() if v is not None}
        if given:
            data["attributes"] = given
        if relationships is not None:
            data["relationships"] = relationships
        return cls.model_validate({"data": data})


def user_relationship(user_id: str | None) -> dict[str, Any]:
    """`{"data": {"id": ..., "type": "users"}}`, or `{"data": null}` to remove the user."""
    return {"data": {"id": user_id, "type": "users"} if user_id else None}


class Ref(WireModel):
    """A resource identifier inside a relationship: `{"id": ..., "type": ...}`."""

    id: str
    type: str


class IncludedItem(WireModel):
    """A member of `included`: usually a user, sometimes an attachment or an incident."""

    id: str | None = None
    type: str
    attributes: dict[str, Any] | None = None


class Pagination(WireModel):
    """Offset pagination facts (`size` is the number of items returned)."""

    offset: int | None = None
    next_offset: int | None = None
    size: int | None = None


class PageMeta(WireModel):
    """Page-number pagination facts used by the Teams API."""

    offset: int | None = None
    limit: int | None = None
    total: int | None = None
    next_offset: int | None = None


class Meta(WireModel):
    """The `meta` member of a list response."""

    pagination: Pagination | PageMeta | None = None
    page: dict[str, Any] | None = None


AttrT = TypeVar("AttrT", bound=BaseModel)


class Resource(WireModel, Generic[AttrT]):
    """A JSON:API resource object."""

    id: str
    type: str
    attributes: AttrT
    # Kept as the JSON it came in: a tool reads one or two of a resource's relationships,
    # and typing all of them (an incident has a dozen, most of them lists) was a third of
    # the time spent reading a search answer. `related_ids` reads them leniently.
    relationships: dict[str, Any] = Field(default_factory=dict[str, Any])

    def related_ids(self, name: str) -> list[str]:
        """IDs of one relationship (`{"data": {"id", "type"}}`, a list of those, or null),
        empty when absent, null or of another shape."""
        data = _member(self.relationships.get(name), "data")
        refs = cast(list[object], data) if isinstance(data, list) else [data]
        return [ref for ref in (_member(r, "id") for r in refs) if isinstance(ref, str)]

    def related_id(self, name: str) -> str | None:
        """The ID of a to-one relationship, None when absent or null."""
        ids = self.related_ids(name)
        return ids[0] if ids else None


def _member(value: object, name: str) -> object:
    """`value[name]` of a JSON object, None for anything else."""
    return cast(dict[str, object], value).get(name) if isinstance(value, dict) else None


class Document(WireModel, Generic[AttrT]):
    """A response holding one resource."""

    data: Resource[AttrT]
    included: list[IncludedItem] = Field(default_factory=list[IncludedItem])


class Collection(WireModel, Generic[AttrT]):
    """A response holding a list of resources."""

    data: list[Resource[AttrT]] = Field(default_factory=list[Resource[AttrT]])
    included: list[IncludedItem] = Field(default_factory=list[IncludedItem])
    meta: Meta | None = None


class Identifier(RequestModel):
    """`{"id": ..., "type": ...}` naming one record in a request; subclasses fix the type."""

    id: str = Field(min_length=1)


class UserRef(Identifier):
    """`{"id": <user uuid>, "type": "users"}` in a request."""

    type: str = "users"


class UserRelationship(RequestModel):
    """A to-one user relationship in a request; `data: null` removes it."""

    data: UserRef | None


class UserLink(RequestModel):
    """A to-one user relationship a request must name (a responder, a team member)."""

    data: UserRef
