"""Incident role tools (config toolset, off by default): the roles people take during an
incident, such as communications lead or scribe."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Required

from mcp.server.mcpserver import Context
from pydantic import Field, with_config

from datadog_incidents_mcp.calls import resolve
from datadog_incidents_mcp.calls.output import OPEN, Deleted, Output, Shown, prune, quoted
from datadog_incidents_mcp.calls.params import (
    About,
    Flag,
    Name,
    Named,
    TypeRef,
    id_from,
)
from datadog_incidents_mcp.calls.state import AppState, app_state
from datadog_incidents_mcp.datadog.models.incident_roles import (
    Role,
    RoleCreateRequest,
    RolePatchRequest,
)
from datadog_incidents_mcp.datadog.models.shared import incident_type_relationship
from datadog_incidents_mcp.tools.registry import tool


async def _role_name(
    state: AppState, argument: str, arguments: Mapping[str, str]
) -> tuple[str, str]:
    found = (await state.client.incident_roles.get(arguments[argument])).data
    return quoted(found.attributes.name), found.id


RoleRef = Annotated[str, id_from("Role", "list_incident_roles"), Named(_role_name)]


@with_config(OPEN)
class RoleShown(Shown, total=False):
    id: Required[str]
    name: str
    description: str
    single: bool


Single = Annotated[Flag, Field(description="Only one person holds it at a time")]


class RoleList(Output):
    roles: list[RoleShown]


class RoleResult(Output):
    role: RoleShown


def _role(role: Role) -> RoleShown:
    a = role.attributes
    single = a.policy.is_single if a.policy else None
    return prune({"id": role.id, "name": a.name, "description": a.description, "single": single})


@tool("config", "List incident roles", "read", needs=("incident_settings_read",))
async def list_incident_roles(ctx: Context[Any], incident_type: TypeRef | None = None) -> RoleList:
    """List the roles people take during incidents (communications lead, scribe...)."""
    found = await app_state(ctx).client.incident_roles.list(incident_type=incident_type)
    return RoleList(roles=[_role(r) for r in found.data])


@tool("config", "Get incident role", "read", needs=("incident_settings_read",))
async def get_incident_role(ctx: Context[Any], role_id: RoleRef) -> RoleResult:
    """Show one incident role, e.g. communications lead: what it is for."""
    return RoleResult(role=_role((await app_state(ctx).client.incident_roles.get(role_id)).data))


@tool("config", "Create incident role", "create")
async def create_incident_role(
    ctx: Context[Any],
    name: Name,
    description: About | None = None,
    single: Single = True,
    incident_type: TypeRef | None = None,
) -> RoleResult:
    """Create an incident role, such as Communications lead (default incident type if none)."""
    client = app_state(ctx).client
    type_id = incident_type or await resolve.default_type(client)
    body = RoleCreateRequest.of(
        name=name,
        description=description,
        policy={"is_single": single},
        relationships={"incident_type": incident_type_relationship(type_id)},
    )
    return RoleResult(role=_role((await client.incident_roles.create(body)).data))


@tool("config", "Update incident role", "update")
async def update_incident_role(
    ctx: Context[Any],
    role_id: RoleRef,
    name: Name | None = None,
    description: About | None = None,
    single: Single | None = None,
) -> RoleResult:
    """Rename an incident role, change its description, or whether one person holds it."""
    policy = {"is_single": single} if single is not None else None
    body = RolePatchRequest.of(id=role_id, name=name, description=description, policy=policy)
    return RoleResult(
        role=_role((await app_state(ctx).client.incident_roles.update(role_id, body)).data)
    )


@tool("config", "Delete incident role", "delete", deletes="incident role {role_id}")
async def delete_incident_role(ctx: Context[Any], role_id: RoleRef) -> Deleted:
    """Delete an incident role, after the user confirms."""
    await app_state(ctx).client.incident_roles.delete(role_id)
    return Deleted(deleted=role_id)
