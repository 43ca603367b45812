"""Impact field models (`/incidents/config/impact-fields`): what every impact of an
incident records (region, customer tier...)."""

from __future__ import annotations

from typing import Literal

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

ImpactFieldType = Literal[
    "dropdown", "text", "textarray", "metrictag", "number", "datetime", "multiselect"
]


class ImpactFieldChoice(WireModel):
    value: str | None = None
    display_name: str | None = None
    description: str | None = None


class ImpactFieldAttributes(WireModel):
    """A field every impact of an incident of this type records (region, customers...)."""

    name: str | None = None
    display_name: str | None = None
    field_type: str | None = None
    field_choices: list[ImpactFieldChoice] | None = None
    tag_key: str | None = None


ImpactField = Resource[ImpactFieldAttributes]
ImpactFieldResponse = Document[ImpactFieldAttributes]
ImpactFieldsResponse = Collection[ImpactFieldAttributes]


class ImpactFieldChoiceRequest(RequestModel):
    value: str = Field(min_length=1, max_length=200)
    display_name: str = Field(min_length=1, max_length=200)
    description: str | None = None


class ImpactFieldWriteAttributes(RequestModel):
    name: str = Field(min_length=1, max_length=200)
    display_name: str = Field(min_length=1, max_length=200)
    field_type: ImpactFieldType
    field_choices: list[ImpactFieldChoiceRequest] | None = None
    tag_key: str | None = None


# Create and update (PUT) take the same whole body.
ImpactFieldWriteRequest = Request[Literal["impact_fields"], ImpactFieldWriteAttributes, TypeLink]
