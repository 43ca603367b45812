"""Incident field tools (config toolset, off by default): the fields incidents carry.

Read these before declaring or updating incidents with custom `fields`: they say which
fields exist and which values each one accepts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal
from typing import Required as Always

from mcp.server.mcpserver import Context
from pydantic import Field, with_config

from datadog_incidents_mcp.calls import resolve
from datadog_incidents_mcp.calls.output import OPEN, Deleted, Output, Shown, listed, prune, quoted
from datadog_incidents_mcp.calls.params import (
    Flag,
    Named,
    Short,
    TypeRef,
    id_from,
)
from datadog_incidents_mcp.calls.state import AppState, app_state
from datadog_incidents_mcp.datadog.models.incident_fields import (
    FIELD_TYPES,
    FieldCreateRequest,
    FieldDefinition,
    FieldUpdateRequest,
)
from datadog_incidents_mcp.datadog.models.shared import incident_type_relationship
from datadog_incidents_mcp.tools.registry import tool


@with_config(OPEN)
class FieldShown(Shown, total=False):
    id: Always[str]
    name: str
    label: str
    kind: str
    required: bool
    values: list[str]
    default: str


class FieldList(Output):
    fields: list[FieldShown]
    notice: str | None = None


async def _field_name(
    state: AppState, argument: str, arguments: Mapping[str, str]
) -> tuple[str, str]:
    found = (await state.client.incident_fields.get(arguments[argument])).data
    return quoted(found.attributes.display_name or found.attributes.name), found.id


FieldRef = Annotated[str, id_from("Field", "list_incident_fields"), Named(_field_name)]
FieldKind = Annotated[
    Literal[
        "dropdown",
        "multiselect",
        "textbox",
        "textarray",
        "metrictag",
        "autocomplete",
        "number",
        "datetime",
    ],
    Field(description="What values it takes"),
]
Label = Annotated[str, Field(max_length=200, description="Shown to people instead of the name")]
Required = Annotated[Flag, Field(description="Every incident must set it")]
Default = Annotated[str, Field(max_length=200, description="Value new incidents start with")]
Values = Annotated[
    list[Short],
    Field(max_length=100, description="Allowed values, for dropdown and multiselect fields"),
]


class FieldResult(Output):
    field: FieldShown


def _field(field: FieldDefinition) -> FieldShown:
    a = field.attributes
    return prune(
        {
            "id": field.id,
            "name": a.name,
            "label": a.display_name,
            "kind": FIELD_TYPES.get(a.type or 0),
            "required": a.required or None,
            "values": [v.value for v in a.valid_values or []],
            "default": a.default_value,
        }
    )


_FIELD_TYPE_CODES = {kind: code for code, kind in FIELD_TYPES.items()}


def _valid(values: list[str] | None) -> list[dict[str, str]] | None:
    return None if values is None else [{"value": v, "display_name": v} for v in values]


@tool("config", "List incident fields", "read")
async def list_incident_fields(
    ctx: Context[Any],
    incident_type: TypeRef | None = None,
) -> FieldList:
    """List the fields incidents carry (severity, state, services...) and the values each accepts.

    Use before create_incident or update_incident with `fields`.
    """
    found = await app_state(ctx).client.incident_fields.list(incident_type=incident_type)
    shown, notice = listed([_field(f) for f in found.data if not f.attributes.deleted])
    return FieldList(fields=shown, notice=notice)


@tool("config", "Get incident field", "read")
async def get_incident_field(ctx: Context[Any], field_id: FieldRef) -> FieldResult:
    """Show one incident field (e.g. a region dropdown) and the values it accepts."""
    return FieldResult(
        field=_field((await app_state(ctx).client.incident_fields.get(field_id)).data)
    )


@tool("config", "Create incident field", "create")
async def create_incident_field(
    ctx: Context[Any],
    name: Annotated[
        str,
        Field(
            min_length=1,
            max_length=200,
            pattern=r"^[a-z][a-z0-9_]*$",
            description="Key in incident fields, e.g. region",
        ),
    ],
    kind: FieldKind,
    label: Label | None = None,
    values: Values | None = None,
    required: Required = False,
    default: Default | None = None,
    incident_type: TypeRef | None = None,
) -> FieldResult:
    """Add a field incidents can carry, e.g. a dropdown of regions.

    It goes on the default incident type unless incident_type is given.
    """
    client = app_state(ctx).client
    incident_type = incident_type or await resolve.default_type(client)
    body = FieldCreateRequest.of(
        name=name,
        type=_FIELD_TYPE_CODES[kind],
        display_name=label,
        valid_values=_valid(values),
        required=required or None,
        default_value=default,
        relationships={"incident_type": incident_type_relationship(incident_type)},
    )
    return FieldResult(field=_field((await client.incident_fields.create(body)).data))


@tool("config", "Update incident field", "update")
async def update_incident_field(
    ctx: Context[Any],
    field_id: FieldRef,
    label: Label | None = None,
    values: Values | None = None,
    required: Required | None = None,
    default: Default | None = None,
) -> FieldResult:
    """Relabel an incident field, add or replace its allowed values (dropdown choices), or
    change whether it is required.
    """
    body = FieldUpdateRequest.of(
        id=field_id,
        display_name=label,
        valid_values=_valid(values),
        required=required,
        default_value=default,
    )
    updated = await app_state(ctx).client.incident_fields.update(field_id, body)
    return FieldResult(field=_field(updated.data))


@tool("config", "Delete incident field", "delete", deletes="incident field {field_id}")
async def delete_incident_field(ctx: Context[Any], field_id: FieldRef) -> Deleted:
    """Delete an incident field, after the user confirms. Severity, state and slug cannot be."""
    await app_state(ctx).client.incident_fields.delete(field_id)
    return Deleted(deleted=field_id)
