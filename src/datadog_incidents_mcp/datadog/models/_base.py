"""JSON:API building blocks shared by every Datadog resource.

Two kinds of model, never mixed:
- response models (`WireModel`) accept unknown fields and nulls anywhere the live
  service sends them, so a new Datadog field or an unset attribute never breaks a call;
- request models (`RequestModel`) forbid unknown fields, so a typo fails here, with a
  clear message, instead of being silently ignored by Datadog.
"""

from __future__ import annotations

from typing import Any, Generic, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import PydanticUndefined


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
"""Pass as an attribute to `Envelope.of()` to send an explicit null ("remove this value")."""


class Envelope(RequestModel):
    """A request body `{"data": {...}}`, built flat with `of()`.

        IncidentCreateRequest.of(title="DB down", customer_impacted=False,
                                 relationships={"commander_user": user_relationship(uid)})

    Keyword arguments become `data.attributes`; `id` and `relationships` go beside them.
    An attribute given as None is left out (not given); CLEAR sends an explicit null.
    The nested models validate the result, so a wrong name or value fails here, with the
    pydantic message naming it, before anything is sent.
    """

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


class Relationship(WireModel):
    """A relationship: one identifier, a list of them, or null."""

    data: Ref | list[Ref] | None = None

    def ids(self) -> list[str]:
        """The related IDs, whatever the cardinality."""
        if self.data is None:
            return []
        if isinstance(self.data, list):
            return [ref.id for ref in self.data]
        return [self.data.id]


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
    relationships: dict[str, Relationship | None] = Field(
        default_factory=dict[str, "Relationship | None"]
    )

    def related_ids(self, name: str) -> list[str]:
        """IDs of one relationship, empty when absent or null."""
        rel = self.relationships.get(name)
        return rel.ids() if rel else []

    def related_id(self, name: str) -> str | None:
        """The ID of a to-one relationship, None when absent or null."""
        ids = self.related_ids(name)
        return ids[0] if ids else None


class Document(WireModel, Generic[AttrT]):
    """A response holding one resource."""

    data: Resource[AttrT]
    included: list[IncludedItem] = Field(default_factory=list[IncludedItem])


class Collection(WireModel, Generic[AttrT]):
    """A response holding a list of resources."""

    data: list[Resource[AttrT]] = Field(default_factory=list[Resource[AttrT]])
    included: list[IncludedItem] = Field(default_factory=list[IncludedItem])
    meta: Meta | None = None


class UserRef(RequestModel):
    """`{"id": <user uuid>, "type": "users"}` in a request."""

    id: str = Field(min_length=1)
    type: str = "users"


class UserRelationship(RequestModel):
    """A to-one user relationship in a request; `data: null` removes it."""

    data: UserRef | None
