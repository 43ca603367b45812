"""Incident type tools (config toolset, off by default): the kinds of incident an
organization declares, each with its own fields and ID prefix."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Required

from mcp.server.mcpserver import Context
from pydantic import Field, with_config

from datadog_incidents_mcp.calls.output import OPEN, Deleted, Output, Shown, iso, prune, quoted
from datadog_incidents_mcp.calls.params import (
    About,
    Flag,
    Name,
    Named,
    TypeRef,
)
from datadog_incidents_mcp.calls.state import AppState, app_state
from datadog_incidents_mcp.datadog.models.incident_types import (
    IncidentType,
    IncidentTypeCreateRequest,
    IncidentTypePatchRequest,
)
from datadog_incidents_mcp.tools.registry import tool


async def _type_name(
    state: AppState, argument: str, arguments: Mapping[str, str]
) -> tuple[str, str]:
    found = (await state.client.incident_types.get(arguments[argument])).data
    return quoted(found.attributes.name), found.id


DeletedType = Annotated[TypeRef, Named(_type_name)]


@with_config(OPEN)
class TypeShown(Shown, total=False):
    id: Required[str]
    name: str
    description: str
    prefix: str
    default: bool
    modified: str


class TypeList(Output):
    types: list[TypeShown]


DefaultType = Annotated[Flag, Field(description="New incidents get this type")]


class TypeResult(Output):
    type: TypeShown


def _type(incident_type: IncidentType) -> TypeShown:
    a = incident_type.attributes
    return prune(
        {
            "id": incident_type.id,
            "name": a.name,
            "description": a.description,
            "prefix": a.prefix,
            "default": a.is_default or None,
            "modified": iso(a.modified_at),
        }
    )


@tool("config", "List incident types", "read")
async def list_incident_types(ctx: Context[Any]) -> TypeList:
    """List the organization's incident types (each has its own fields and ID prefix)."""
    found = await app_state(ctx).client.incident_types.list()
    return TypeList(types=[_type(t) for t in found.data])


@tool("config", "Get incident type", "read")
async def get_incident_type(ctx: Context[Any], incident_type_id: TypeRef) -> TypeResult:
    """Show one incident type and what it is for."""
    return TypeResult(
        type=_type((await app_state(ctx).client.incident_types.get(incident_type_id)).data)
    )


@tool("config", "Create incident type", "create")
async def create_incident_type(
    ctx: Context[Any],
    name: Name,
    description: About | None = None,
    default: DefaultType = False,
) -> TypeResult:
    """Create an incident type (for example Security or Customer support)."""
    body = IncidentTypeCreateRequest.of(
        name=name, description=description, is_default=default or None
    )
    return TypeResult(type=_type((await app_state(ctx).client.incident_types.create(body)).data))


@tool("config", "Update incident type", "update")
async def update_incident_type(
    ctx: Context[Any],
    incident_type_id: TypeRef,
    name: Name | None = None,
    description: About | None = None,
    default: DefaultType | None = None,
) -> TypeResult:
    """Rename an incident type, change its description, or make it the default."""
    body = IncidentTypePatchRequest.of(
        id=incident_type_id, name=name, description=description, is_default=default
    )
    updated = await app_state(ctx).client.incident_types.update(incident_type_id, body)
    return TypeResult(type=_type(updated.data))


@tool("config", "Delete incident type", "delete", deletes="incident type {incident_type_id}")
async def delete_incident_type(ctx: Context[Any], incident_type_id: DeletedType) -> Deleted:
    """Delete an incident type, after the user confirms. The default type cannot be deleted."""
    await app_state(ctx).client.incident_types.delete(incident_type_id)
    return Deleted(deleted=incident_type_id)
