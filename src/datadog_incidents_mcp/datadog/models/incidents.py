"""Incident request and response models (`/api/v2/incidents`, search, import)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field, model_validator

from datadog_incidents_mcp.datadog.models._base import (
    Collection,
    Document,
    IncludedItem,
    Meta,
    Request,
    RequestModel,
    Resource,
    UserRelationship,
    WireModel,
)

Severity = Literal["UNKNOWN", "SEV-0", "SEV-1", "SEV-2", "SEV-3", "SEV-4", "SEV-5"]
SingleFieldType = Literal["dropdown", "textbox"]
MultiFieldType = Literal["multiselect", "textarray", "metrictag", "autocomplete"]
IncidentInclude = Literal["users", "attachments"]
ImportInclude = Literal[
    "last_modified_by_user",
    "created_by_user",
    "commander_user",
    "declared_by_user",
    "incident_type",
]


class NotificationHandle(WireModel):
    """Who gets notified: `@slack-channel`, `user@example.com`, and so on."""

    handle: str | None = None
    display_name: str | None = None


class IncidentAttributes(WireModel):
    """Incident attributes as Datadog returns them; every one may be null or absent."""

    public_id: int | None = None
    title: str = ""
    severity: str | None = None
    state: str | None = None
    customer_impacted: bool | None = None
    customer_impact_scope: str | None = None
    customer_impact_start: datetime | None = None
    customer_impact_end: datetime | None = None
    customer_impact_duration: int | None = None
    created: datetime | None = None
    modified: datetime | None = None
    declared: datetime | None = None
    detected: datetime | None = None
    resolved: datetime | None = None
    archived: datetime | None = None
    time_to_detect: int | None = None
    time_to_internal_response: int | None = None
    time_to_repair: int | None = None
    time_to_resolve: int | None = None
    fields: dict[str, Any] | None = None
    incident_type_uuid: str | None = None
    is_test: bool | None = None
    visibility: str | None = None
    notification_handles: list[NotificationHandle] | None = None
    declared_by: dict[str, Any] | None = None
    declared_by_uuid: str | None = None
    created_by_uuid: str | None = None
    last_modified_by_uuid: str | None = None
    commander: dict[str, Any] | None = None
    case_id: int | None = None

    def field_value(self, name: str) -> Any:
        """The value of one user-defined field (`severity`, `services`, ...), or None."""
        field = (self.fields or {}).get(name)
        return field.get("value") if isinstance(field, dict) else field  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]

    @property
    def public_ref(self) -> str | None:
        """The public ID as people say it, Datadog's pages show it and every tool takes it:
        `IR-12`. One form everywhere, so a model never sees both 12 and IR-12."""
        return None if self.public_id is None else f"IR-{self.public_id}"


Incident = Resource[IncidentAttributes]
IncidentResponse = Document[IncidentAttributes]
IncidentsResponse = Collection[IncidentAttributes]


class IncidentSearchHit(WireModel):
    data: Incident


class IncidentSearchAttributes(WireModel):
    total: int | None = None
    incidents: list[IncidentSearchHit] = Field(default_factory=list[IncidentSearchHit])
    facets: dict[str, Any] | None = None


class IncidentSearchData(WireModel):
    type: str | None = None
    attributes: IncidentSearchAttributes = Field(default_factory=IncidentSearchAttributes)


class IncidentSearchResponse(WireModel):
    """Search results; the incidents sit at `data.attributes.incidents[].data`."""

    data: IncidentSearchData = Field(default_factory=IncidentSearchData)
    included: list[IncludedItem] = Field(default_factory=list[IncludedItem])
    meta: Meta | None = None

    @property
    def incidents(self) -> list[Incident]:
        return [hit.data for hit in self.data.attributes.incidents]


# ---- requests ----------------------------------------------------------------------------


class FieldValue(RequestModel):
    """One user-defined field value; a list value needs a multi-value field type."""

    type: SingleFieldType | MultiFieldType | None = None
    value: str | list[str] | None

    @model_validator(mode="after")
    def _type_matches_value(self) -> FieldValue:
        multi = self.type in ("multiselect", "textarray", "metrictag", "autocomplete")
        if (
            self.type is not None
            and self.value is not None
            and multi != isinstance(self.value, list)
        ):
            shape = "a list" if multi else "a single string"
            raise ValueError(f"a {self.type} field takes {shape}")
        return self


class ImportFieldValue(RequestModel):
    """A field value on import: like FieldValue but without `type`."""

    value: str | list[str] | None


class CellContent(RequestModel):
    content: str


class TimelineCell(RequestModel):
    """A Markdown cell for `initial_cells`, the only timeline write Datadog offers."""

    cell_type: Literal["markdown"] = "markdown"
    content: CellContent
    important: bool | None = None


class NotificationHandleRequest(RequestModel):
    handle: str = Field(min_length=1)
    display_name: str | None = None


class IncidentCreateAttributes(RequestModel):
    title: str = Field(min_length=1)
    customer_impacted: bool
    customer_impact_scope: str | None = None
    fields: dict[str, FieldValue] | None = None
    incident_type_uuid: str | None = None
    initial_cells: list[TimelineCell] | None = None
    is_test: bool | None = None
    notification_handles: list[NotificationHandleRequest] | None = None

    @model_validator(mode="after")
    def _scope_when_impacted(self) -> IncidentCreateAttributes:
        if self.customer_impacted and not self.customer_impact_scope:
            raise ValueError("customer_impact_scope is required when customer_impacted is true")
        return self


class IncidentCreateRelationships(RequestModel):
    commander_user: UserRelationship


IncidentCreateRequest = Request[
    Literal["incidents"], IncidentCreateAttributes, IncidentCreateRelationships | None
]


class IdRef(RequestModel):
    id: str = Field(min_length=1)
    type: str


class IdRefList(RequestModel):
    data: list[IdRef]


class IdRefOne(RequestModel):
    data: IdRef


class IncidentUpdateAttributes(RequestModel):
    title: str | None = Field(default=None, min_length=1)
    customer_impacted: bool | None = None
    customer_impact_scope: str | None = None
    customer_impact_start: datetime | None = None
    customer_impact_end: datetime | None = None
    detected: datetime | None = None
    fields: dict[str, FieldValue] | None = None
    notification_handles: list[NotificationHandleRequest] | None = None


class IncidentUpdateRelationships(RequestModel):
    commander_user: UserRelationship | None = None
    integrations: IdRefList | None = None
    postmortem: IdRefOne | None = None


IncidentUpdateRequest = Request[
    Literal["incidents"],
    IncidentUpdateAttributes | None,
    IncidentUpdateRelationships | None,
    str,
]


class IncidentImportAttributes(RequestModel):
    title: str = Field(min_length=1, max_length=1024)
    declared: datetime | None = None
    detected: datetime | None = None
    resolved: datetime | None = None
    fields: dict[str, ImportFieldValue] | None = None
    incident_type_uuid: str | None = None
    visibility: Literal["organization", "private"] | None = None


class IncidentImportRelationships(RequestModel):
    commander_user: UserRelationship | None = None
    declared_by_user: UserRelationship | None = None


IncidentImportRequest = Request[
    Literal["incidents"], IncidentImportAttributes, IncidentImportRelationships | None
]
