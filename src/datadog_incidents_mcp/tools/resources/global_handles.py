"""Global incident handle tools (off by default): org-wide handles people can notify from
any incident, each tied to an incident type and, optionally, severities and a commander."""

from __future__ import annotations

from typing import Annotated, Any, Required

from mcp.server.mcpserver import Context
from pydantic import Field, with_config

from datadog_incidents_mcp.calls import resolve
from datadog_incidents_mcp.calls.output import (
    OPEN,
    Deleted,
    Output,
    Shown,
    iso,
    listed,
    people_by_id,
    prune,
)
from datadog_incidents_mcp.calls.params import Severity, TypeRef, UserRef, id_from
from datadog_incidents_mcp.calls.state import AppState, app_state
from datadog_incidents_mcp.datadog.models import IncludedItem, user_relationship
from datadog_incidents_mcp.datadog.models.global_handles import Handle, HandleWriteRequest
from datadog_incidents_mcp.datadog.models.shared import incident_type_relationship
from datadog_incidents_mcp.tools.registry import KEYS_ONLY, tool


@with_config(OPEN)
class HandleShown(Shown, total=False):
    id: Required[str]
    name: str
    severities: list[str]
    incident_type: str
    commander: str
    modified: str


HandleRef = Annotated[str, id_from("Global handle", "list_global_handles")]
HandleName = Annotated[str, Field(min_length=1, max_length=200, description="e.g. @sre-leads")]
Severities = Annotated[
    list[Severity], Field(max_length=7, description="Severities the handle applies to")
]


class HandleList(Output):
    handles: list[HandleShown]
    notice: str | None = None


class HandleResult(Output):
    handle: HandleShown


def render(handle: Handle, included: list[IncludedItem]) -> HandleShown:
    """A handle as tools show it; its commander as `Name <email>` where the answer
    included the user (it asks to), else as the user's UUID."""
    a = handle.attributes
    commander = handle.related_id("commander_user")
    return prune(
        {
            "id": handle.id,
            "name": a.name,
            "severities": (a.fields or {}).get("severity"),
            "incident_type": handle.related_id("incident_type"),
            "commander": people_by_id(included).get(commander or "", commander),
            "modified": iso(a.modified_at),
        }
    )


def _links(type_id: str | None, commander_id: str | None) -> dict[str, Any]:
    links: dict[str, Any] = {"incident_type": incident_type_relationship(type_id)}
    if commander_id:
        links["commander_user"] = user_relationship(commander_id)
    return links


async def _commander(state: AppState, commander: str | None) -> str | None:
    return await resolve.user_id(state, commander, "commander") if commander else None


@tool("notifications", "List global incident handles", "read", needs=KEYS_ONLY)
async def list_global_handles(ctx: Context[Any]) -> HandleList:
    """List the organization's global incident handles."""
    found = await app_state(ctx).client.global_handles.list()
    shown, notice = listed([render(h, found.included) for h in found.data])
    return HandleList(handles=shown, notice=notice)


@tool("notifications", "Create global incident handle", "create", needs=KEYS_ONLY, notifies=True)
async def create_global_handle(
    ctx: Context[Any],
    name: HandleName,
    severities: Severities | None = None,
    commander: UserRef | None = None,
    incident_type: TypeRef | None = None,
) -> HandleResult:
    """Create a global incident handle (default incident type if none is given)."""
    state = app_state(ctx)
    type_id = incident_type or await resolve.default_type(state.client)
    body = HandleWriteRequest.of(
        name=name,
        fields={"severity": severities} if severities else None,
        relationships=_links(type_id, await _commander(state, commander)),
    )
    made = await state.client.global_handles.create(body)
    return HandleResult(handle=render(made.data, made.included))


@tool(
    "notifications",
    "Update global incident handle",
    "update",
    needs=KEYS_ONLY,
    says="Change global incident handle {handle_id}",
    notifies=True,
)
async def update_global_handle(
    ctx: Context[Any],
    handle_id: HandleRef,
    name: HandleName | None = None,
    severities: Severities | None = None,
    commander: UserRef | None = None,
) -> HandleResult:
    """Rename a global handle or change its severities or commander; the rest stays."""
    state = app_state(ctx)
    # Datadog replaces the whole handle (PUT) and offers no read of one, so find it in the list.
    listing = (await state.client.global_handles.list()).data
    current = resolve.listed_one(
        listing, handle_id, "handle_id", "global handle", "list_global_handles"
    )
    kept = (current.attributes.fields or {}).get("severity") or None
    severity = severities if severities is not None else kept
    body = HandleWriteRequest.of(
        id=handle_id,
        name=name or current.attributes.name,
        fields={"severity": severity} if severity is not None else None,
        relationships=_links(
            current.related_id("incident_type"),
            await _commander(state, commander) or current.related_id("commander_user"),
        ),
    )
    updated = await state.client.global_handles.update(body)
    return HandleResult(handle=render(updated.data, updated.included))


@tool(
    "notifications",
    "Delete global incident handles",
    "delete",
    needs=KEYS_ONLY,
    deletes="ALL of the organization's global incident handles",
)
async def delete_global_handles(ctx: Context[Any]) -> Deleted:
    """Delete the organization's global incident handles, after the user confirms.

    Datadog's delete names no handle, so treat it as removing the whole set.
    """
    await app_state(ctx).client.global_handles.delete()
    return Deleted(deleted="all global incident handles")
