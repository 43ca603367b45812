"""Responder tools: who is working an incident."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Required

from mcp.server.mcpserver import Context
from pydantic import with_config

from datadog_incidents_mcp.calls import resolve
from datadog_incidents_mcp.calls.output import (
    OPEN,
    Deleted,
    Detailed,
    Output,
    detailed,
    iso,
    listed,
    people_by_id,
)
from datadog_incidents_mcp.calls.params import Detail, IncidentRef, Named, UserRef, id_from
from datadog_incidents_mcp.calls.state import AppState
from datadog_incidents_mcp.datadog.models import user_relationship
from datadog_incidents_mcp.datadog.models.responders import Responder, ResponderCreateRequest
from datadog_incidents_mcp.tools.registry import tool


@with_config(OPEN)
class ResponderShown(Detailed, total=False):
    id: Required[str]
    user: str
    joined: str
    last_active: str


async def _responder_person(
    state: AppState, argument: str, arguments: Mapping[str, str]
) -> tuple[str, str]:
    uuid = await resolve.incident_id(state, arguments["incident_id"])
    found = await state.client.responders.get(uuid, arguments[argument])
    user = next(iter(found.data.related_ids("user")), "")
    return people_by_id(found.included).get(user) or user or found.data.id, found.data.id


ResponderRef = Annotated[
    str,
    id_from("Responder", "list_incident_responders", pattern=None),
    Named(_responder_person),
]


class ResponderResult(Output):
    responder: ResponderShown


class ResponderList(Output):
    responders: list[ResponderShown]
    notice: str | None = None


def render(responder: Responder, people: dict[str, str], detail: str = "compact") -> ResponderShown:
    user = next(iter(responder.related_ids("user")), None)
    return detailed(
        {
            "id": responder.id,
            "user": people.get(user or "", user),
            "joined": iso(responder.attributes.created),
            "last_active": iso(responder.attributes.last_active),
        },
        responder,
        detail,
    )


@tool("responders", "List incident responders", "read")
async def list_incident_responders(
    ctx: Context[Any], incident_id: IncidentRef, detail: Detail = "compact"
) -> ResponderList:
    """Show who is on an incident: people who joined, responding or working on it, since when."""
    state, uuid = await resolve.incident_state(ctx, incident_id)
    found = await state.client.responders.list(uuid)
    people = people_by_id(found.included)
    shown, notice = listed([render(r, people, detail) for r in found.data])
    return ResponderList(responders=shown, notice=notice)


@tool("responders", "Get incident responder", "read")
async def get_incident_responder(
    ctx: Context[Any],
    incident_id: IncidentRef,
    responder_id: ResponderRef,
    detail: Detail = "compact",
) -> ResponderResult:
    """Show one responder of an incident: the person, their role and since when."""
    state, uuid = await resolve.incident_state(ctx, incident_id)
    found = await state.client.responders.get(uuid, responder_id)
    return ResponderResult(responder=render(found.data, people_by_id(found.included), detail))


@tool(
    "responders",
    "Add responder",
    "create",
    says="Add {user} to the responders of incident {incident_id}",
    notifies=True,
)
async def add_incident_responder(
    ctx: Context[Any], incident_id: IncidentRef, user: UserRef
) -> ResponderResult:
    """Add a person onto an incident as a responder: pull, loop or get them in."""
    state, uuid = await resolve.incident_state(ctx, incident_id)
    body = ResponderCreateRequest.of(
        relationships={"user": user_relationship(await resolve.user_id(state, user, "user"))}
    )
    made = await state.client.responders.create(uuid, body)
    return ResponderResult(responder=render(made.data, people_by_id(made.included)))


@tool(
    "responders", "Remove responder", "delete", deletes="responder {responder_id} from the incident"
)
async def remove_incident_responder(
    ctx: Context[Any], incident_id: IncidentRef, responder_id: ResponderRef
) -> Deleted:
    """Take a person off an incident's responders (e.g. off shift), after the user confirms."""
    state, uuid = await resolve.incident_state(ctx, incident_id)
    await state.client.responders.delete(uuid, responder_id)
    return Deleted(deleted=responder_id)
