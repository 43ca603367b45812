"""Incident configuration models: incident types and user-defined fields."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from datadog_incidents_mcp.datadog.models._base import (
    Collection,
    Document,
    Envelope,
    RequestModel,
    Resource,
    WireModel,
)

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


class IncidentTypeAttributes(WireModel):
    name: str | None = None
    description: str | None = None
    is_default: bool | None = None
    prefix: str | None = None
    created_at: datetime | None = Field(default=None, alias="createdAt")
    modified_at: datetime | None = Field(default=None, alias="modifiedAt")


IncidentType = Resource[IncidentTypeAttributes]
IncidentTypeResponse = Document[IncidentTypeAttributes]
IncidentTypesResponse = Collection[IncidentTypeAttributes]


class IncidentTypeCreateAttributes(RequestModel):
    name: str = Field(min_length=1, max_length=200)
    description: str | None = None
    is_default: bool | None = None


class IncidentTypeCreateData(RequestModel):
    type: Literal["incident_types"] = "incident_types"
    attributes: IncidentTypeCreateAttributes


class IncidentTypeCreateRequest(Envelope):
    data: IncidentTypeCreateData


class IncidentTypePatchAttributes(RequestModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = None
    is_default: bool | None = None


class IncidentTypePatchData(RequestModel):
    id: str
    type: Literal["incident_types"] = "incident_types"
    attributes: IncidentTypePatchAttributes


class IncidentTypePatchRequest(Envelope):
    data: IncidentTypePatchData


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
