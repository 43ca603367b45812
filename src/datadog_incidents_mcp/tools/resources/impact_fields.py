"""Impact field tools (off by default): what every impact of an incident records, such as
the region or customer tier affected."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Required

from mcp.server.mcpserver import Context
from pydantic import Field, with_config

from datadog_incidents_mcp.calls import resolve
from datadog_incidents_mcp.calls.output import OPEN, Deleted, Output, Shown, listed, prune, quoted
from datadog_incidents_mcp.calls.params import Named, Short, TypeRef, id_from
from datadog_incidents_mcp.calls.state import AppState, app_state
from datadog_incidents_mcp.datadog.models.impact_fields import (
    ImpactField,
    ImpactFieldType,
    ImpactFieldWriteRequest,
)
from datadog_incidents_mcp.datadog.models.shared import incident_type_relationship
from datadog_incidents_mcp.tools.registry import tool


@with_config(OPEN)
class ImpactFieldShown(Shown, total=False):
    id: Required[str]
    name: str
    label: str
    kind: str
    choices: list[str]
    tag_key: str
    incident_type: str


async def _impact_field_name(
    state: AppState, argument: str, arguments: Mapping[str, str]
) -> tuple[str, str]:
    fields = (await state.client.impact_fields.list()).data
    found = resolve.listed_one(
        fields, arguments[argument], argument, "impact field", "list_impact_fields"
    )
    return quoted(found.attributes.display_name or found.attributes.name), found.id


ImpactFieldRef = Annotated[
    str, id_from("Impact field", "list_impact_fields"), Named(_impact_field_name)
]
Name = Annotated[
    str, Field(min_length=1, max_length=200, description="Identifier, e.g. customer_tier")
]
Label = Annotated[str, Field(min_length=1, max_length=200, description="Shown to people")]
Choices = Annotated[
    list[Short],
    Field(max_length=100, description="Allowed values, for dropdown and multiselect fields"),
]
Kind = Annotated[ImpactFieldType, Field(description="What values it takes")]
TagKey = Annotated[str, Field(min_length=1, max_length=200, description="For metrictag fields")]


class ImpactFieldList(Output):
    fields: list[ImpactFieldShown]
    notice: str | None = None


class ImpactFieldResult(Output):
    field: ImpactFieldShown


def render(field: ImpactField) -> ImpactFieldShown:
    a = field.attributes
    return prune(
        {
            "id": field.id,
            "name": a.name,
            "label": a.display_name,
            "kind": a.field_type,
            "choices": [c.value for c in a.field_choices or []],
            "tag_key": a.tag_key,
            "incident_type": field.related_id("incident_type"),
        }
    )


def _choices(values: list[str] | None) -> list[dict[str, str]] | None:
    return [{"value": v, "display_name": v} for v in values] if values else None


def _body(
    name: str | None,
    label: str | None,
    kind: str | None,
    choices: list[dict[str, Any]] | None,
    tag_key: str | None,
    type_id: str | None,
) -> ImpactFieldWriteRequest:
    return ImpactFieldWriteRequest.of(
        name=name,
        display_name=label,
        field_type=kind,
        field_choices=choices,
        tag_key=tag_key,
        relationships={"incident_type": incident_type_relationship(type_id)},
    )


@tool("config", "List impact fields", "read", needs=("incident_settings_read",))
async def list_impact_fields(ctx: Context[Any]) -> ImpactFieldList:
    """List the fields each impact of an incident records, with their allowed values."""
    found = await app_state(ctx).client.impact_fields.list()
    shown, notice = listed([render(f) for f in found.data])
    return ImpactFieldList(fields=shown, notice=notice)


@tool("config", "Create impact field", "create")
async def create_impact_field(
    ctx: Context[Any],
    name: Name,
    label: Label,
    kind: Kind,
    choices: Choices | None = None,
    tag_key: TagKey | None = None,
    incident_type: TypeRef | None = None,
) -> ImpactFieldResult:
    """Add a field that impacts record (default incident type if none is given)."""
    client = app_state(ctx).client
    type_id = incident_type or await resolve.default_type(client)
    made = await client.impact_fields.create(
        _body(name, label, kind, _choices(choices), tag_key, type_id)
    )
    return ImpactFieldResult(field=render(made.data))


@tool("config", "Update impact field", "update")
async def update_impact_field(
    ctx: Context[Any],
    field_id: ImpactFieldRef,
    label: Label | None = None,
    kind: Kind | None = None,
    choices: Choices | None = None,
    tag_key: TagKey | None = None,
) -> ImpactFieldResult:
    """Relabel an impact field or change its kind or choices; the rest stays."""
    client = app_state(ctx).client
    # Datadog replaces the whole field (PUT) and offers no read of one, so find it in the list.
    listing = (await client.impact_fields.list()).data
    current = resolve.listed_one(
        listing, field_id, "field_id", "impact field", "list_impact_fields"
    )
    a = current.attributes
    # Kept choices go back whole, so their display names and descriptions survive.
    kept_choices = [c.model_dump(exclude_none=True) for c in a.field_choices or []]
    body = _body(
        a.name,
        label or a.display_name,
        kind or a.field_type,
        _choices(choices) if choices is not None else kept_choices or None,
        tag_key or a.tag_key,
        current.related_id("incident_type"),
    )
    return ImpactFieldResult(field=render((await client.impact_fields.update(field_id, body)).data))


@tool("config", "Delete impact field", "delete", deletes="impact field {field_id}")
async def delete_impact_field(ctx: Context[Any], field_id: ImpactFieldRef) -> Deleted:
    """Delete an impact field, after the user confirms."""
    await app_state(ctx).client.impact_fields.delete(field_id)
    return Deleted(deleted=field_id)
