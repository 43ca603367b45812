"""User-defined incident field models (`/incidents/config/user-defined-fields`): the
fields incidents carry (severity, state, services...) and their valid values."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from datadog_incidents_mcp.datadog.models._base import (
    Collection,
    Document,
    Request,
    RequestModel,
    Resource,
    WireModel,
)
from datadog_incidents_mcp.datadog.models.shared import TypeLink

# IncidentUserDefinedFieldFieldType in the official spec.
FIELD_TYPES = {
    1: "dropdown",
    2: "multiselect",
    3: "textbox",
    4: "textarray",
    5: "metrictag",
    6: "autocomplete",
    7: "number",
    8: "datetime",
}


class ValidValue(WireModel):
    value: str
    display_name: str | None = None
    description: str | None = None


class FieldDefinitionAttributes(WireModel):
    name: str | None = None
    display_name: str | None = None
    type: int | None = None
    required: bool | None = None
    collected: str | None = None
    category: str | None = None
    default_value: str | None = None
    tag_key: str | None = None
    valid_values: list[ValidValue] | None = None
    metadata: dict[str, Any] | None = None
    deleted: datetime | None = None


FieldDefinitionsResponse = Collection[FieldDefinitionAttributes]
FieldDefinition = Resource[FieldDefinitionAttributes]
FieldDefinitionResponse = Document[FieldDefinitionAttributes]


class ValidValueRequest(RequestModel):
    value: str = Field(min_length=1)
    display_name: str = Field(min_length=1)
    description: str | None = None


FieldCategory = Literal["what_happened", "why_it_happened"]


FieldCollected = Literal["active", "stable", "resolved", "completed"]


class FieldUpdateAttributes(RequestModel):
    """What a field's owner may change after creating it."""

    display_name: str | None = None
    required: bool | None = None
    valid_values: list[ValidValueRequest] | None = None
    default_value: str | None = None
    category: FieldCategory | None = None
    collected: FieldCollected | None = None


class FieldCreateAttributes(FieldUpdateAttributes):
    """All an update may change, plus what is fixed once the field exists."""

    name: str = Field(min_length=1, max_length=200)
    type: int = Field(ge=1, le=8, description="1 dropdown ... 8 datetime (FIELD_TYPES)")
    tag_key: str | None = None


FieldCreateRequest = Request[Literal["user_defined_field"], FieldCreateAttributes, TypeLink]


FieldUpdateRequest = Request[Literal["user_defined_field"], FieldUpdateAttributes, None, str]
