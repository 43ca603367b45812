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


def incident_type_relationship(type_id: str | None) -> dict[str, Any]:
    """`{"data": {"id": ..., "type": "incident_types"}}`: the type a field or role belongs to."""
    return {"data": {"id": type_id, "type": "incident_types"}}


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


FieldDefinition = Resource[FieldDefinitionAttributes]
FieldDefinitionResponse = Document[FieldDefinitionAttributes]


class ValidValueRequest(RequestModel):
    value: str = Field(min_length=1)
    display_name: str = Field(min_length=1)
    description: str | None = None


class IncidentTypeRef(RequestModel):
    id: str = Field(min_length=1)
    type: Literal["incident_types"] = "incident_types"


class IncidentTypeRelationship(RequestModel):
    data: IncidentTypeRef


class TypeLink(RequestModel):
    """`relationships` naming the incident type a field, role or setting belongs to."""

    incident_type: IncidentTypeRelationship


FieldCategory = Literal["what_happened", "why_it_happened"]
FieldCollected = Literal["active", "stable", "resolved", "completed"]


class FieldCreateAttributes(RequestModel):
    name: str = Field(min_length=1, max_length=200)
    type: int = Field(ge=1, le=8, description="1 dropdown ... 8 datetime (FIELD_TYPES)")
    display_name: str | None = None
    required: bool | None = None
    valid_values: list[ValidValueRequest] | None = None
    default_value: str | None = None
    category: FieldCategory | None = None
    collected: FieldCollected | None = None
    tag_key: str | None = None


class FieldCreateData(RequestModel):
    type: Literal["user_defined_field"] = "user_defined_field"
    attributes: FieldCreateAttributes
    relationships: TypeLink


class FieldCreateRequest(Envelope):
    data: FieldCreateData


class FieldUpdateAttributes(RequestModel):
    display_name: str | None = None
    required: bool | None = None
    valid_values: list[ValidValueRequest] | None = None
    default_value: str | None = None
    category: FieldCategory | None = None
    collected: FieldCollected | None = None


class FieldUpdateData(RequestModel):
    id: str
    type: Literal["user_defined_field"] = "user_defined_field"
    attributes: FieldUpdateAttributes


class FieldUpdateRequest(Envelope):
    data: FieldUpdateData


class RolePolicy(WireModel):
    is_single: bool | None = None


class RoleAttributes(WireModel):
    name: str | None = None
    description: str | None = None
    policy: RolePolicy | None = None
    created: datetime | None = None
    modified: datetime | None = None


Role = Resource[RoleAttributes]
RoleResponse = Document[RoleAttributes]
RolesResponse = Collection[RoleAttributes]


class RolePolicyRequest(RequestModel):
    is_single: bool


class RoleCreateAttributes(RequestModel):
    name: str = Field(min_length=1, max_length=200)
    description: str | None = None
    policy: RolePolicyRequest | None = None


class RoleCreateData(RequestModel):
    type: Literal["incident_user_defined_roles"] = "incident_user_defined_roles"
    attributes: RoleCreateAttributes
    relationships: TypeLink


class RoleCreateRequest(Envelope):
    data: RoleCreateData


class RolePatchAttributes(RequestModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = None
    policy: RolePolicyRequest | None = None


class RolePatchData(RequestModel):
    id: str
    type: Literal["incident_user_defined_roles"] = "incident_user_defined_roles"
    attributes: RolePatchAttributes


class RolePatchRequest(Envelope):
    data: RolePatchData


class GlobalSettingsAttributes(WireModel):
    analytics_dashboard_id: str | None = None
    created: datetime | None = None
    modified: datetime | None = None


GlobalSettingsResponse = Document[GlobalSettingsAttributes]


class GlobalSettingsWriteAttributes(RequestModel):
    analytics_dashboard_id: str = Field(max_length=64)


class GlobalSettingsData(RequestModel):
    type: Literal["incidents_global_settings"] = "incidents_global_settings"
    attributes: GlobalSettingsWriteAttributes


class GlobalSettingsRequest(Envelope):
    data: GlobalSettingsData


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


class ImpactFieldWriteData(RequestModel):
    type: Literal["impact_fields"] = "impact_fields"
    attributes: ImpactFieldWriteAttributes
    relationships: TypeLink


class ImpactFieldWriteRequest(Envelope):
    """Create and update (PUT) take the same whole body."""

    data: ImpactFieldWriteData


class OrgSettingsAttributes(WireModel):
    """How an incident type behaves in this org; Datadog documents `settings` as open."""

    settings: dict[str, Any] | None = None
    created: datetime | None = None
    modified: datetime | None = None


OrgSettings = Resource[OrgSettingsAttributes]
OrgSettingsResponse = Document[OrgSettingsAttributes]
OrgSettingsListResponse = Collection[OrgSettingsAttributes]
