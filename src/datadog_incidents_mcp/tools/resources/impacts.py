"""Impact tools: what an incident affected, from when to when."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Required

from mcp.server.mcpserver import Context
from pydantic import Field, with_config

from datadog_incidents_mcp.calls import resolve
from datadog_incidents_mcp.calls.errors import ArgumentError
from datadog_incidents_mcp.calls.output import (
    OPEN,
    Deleted,
    Detailed,
    Output,
    detailed,
    iso,
    listed,
    quoted,
)
from datadog_incidents_mcp.calls.params import Detail, IncidentRef, Named, Time, id_from
from datadog_incidents_mcp.calls.state import AppState
from datadog_incidents_mcp.calls.times import Times, in_order, in_order_as_recorded
from datadog_incidents_mcp.datadog.models.impacts import (
    Impact,
    ImpactCreateRequest,
    ImpactPatchRequest,
)
from datadog_incidents_mcp.tools.registry import tool


@with_config(OPEN)
class ImpactShown(Detailed, total=False):
    id: Required[str]
    description: str
    start: str
    end: str
    type: str
    fields: dict[str, Any]


WINDOW = ("start", "end")


async def _impact_text(
    state: AppState, argument: str, arguments: Mapping[str, str]
) -> tuple[str, str]:
    found = await resolve.incident_child(
        state, arguments, argument, state.client.impacts.list, "impact", "list_incident_impacts"
    )
    return quoted(found.attributes.description), found.id


ImpactRef = Annotated[
    str, id_from("Impact", "list_incident_impacts", pattern=None), Named(_impact_text)
]
Description = Annotated[str, Field(min_length=1, max_length=4000, description="What was affected")]


class ImpactResult(Output):
    impact: ImpactShown


class ImpactList(Output):
    impacts: list[ImpactShown]
    notice: str | None = None


def render(impact: Impact, detail: str = "compact") -> ImpactShown:
    a = impact.attributes
    return detailed(
        {
            "id": impact.id,
            "description": a.description,
            "start": iso(a.start_at),
            "end": iso(a.end_at),
            "type": a.impact_type,
            "fields": a.fields,
        },
        impact,
        detail,
    )


@tool("impacts", "List incident impacts", "read")
async def list_incident_impacts(
    ctx: Context[Any], incident_id: IncidentRef, detail: Detail = "compact"
) -> ImpactList:
    """Show the impact of an incident: what it impacted or affected (customers, users,
    services) and for how long.
    """
    state, uuid = await resolve.incident_state(ctx, incident_id)
    found = await state.client.impacts.list(uuid)
    shown, notice = listed([render(i, detail) for i in found.data])
    return ImpactList(impacts=shown, notice=notice)


@tool("impacts", "Record impact", "create")
async def create_incident_impact(
    ctx: Context[Any],
    incident_id: IncidentRef,
    description: Description,
    start: Time,
    end: Time | None = None,
) -> ImpactResult:
    """Record or log the impact on customers or users (impacted since when): what an incident
    affected; leave the end out while ongoing.
    """
    in_order([WINDOW], {"start": start, "end": end}, given=WINDOW)
    state, uuid = await resolve.incident_state(ctx, incident_id)
    body = ImpactCreateRequest.of(
        description=description,
        start_at=start,
        end_at=end,
    )
    return ImpactResult(impact=render((await state.client.impacts.create(uuid, body)).data))


@tool("impacts", "Update impact", "update")
async def update_incident_impact(
    ctx: Context[Any],
    incident_id: IncidentRef,
    impact_id: ImpactRef,
    description: Description | None = None,
    start: Time | None = None,
    end: Time | None = None,
) -> ImpactResult:
    """Change an impact: close or end it when it ended, or fix its description or start time."""
    if description is None and start is None and end is None:
        raise ArgumentError(None, "nothing to change: give description, start or end")
    state, uuid = await resolve.incident_state(ctx, incident_id)

    async def recorded() -> Times:
        impacts = (await state.client.impacts.list(uuid)).data
        found = next((i.attributes for i in impacts if i.id == impact_id), None)
        return {"start": found.start_at, "end": found.end_at} if found else {}

    await in_order_as_recorded([WINDOW], {"start": start, "end": end}, recorded)
    body = ImpactPatchRequest.of(
        description=description,
        start_at=start,
        end_at=end,
    )
    return ImpactResult(
        impact=render((await state.client.impacts.update(uuid, impact_id, body)).data)
    )


@tool("impacts", "Delete impact", "delete", deletes="impact {impact_id}")
async def delete_incident_impact(
    ctx: Context[Any], incident_id: IncidentRef, impact_id: ImpactRef
) -> Deleted:
    """Delete a recorded impact, after the user confirms."""
    state, uuid = await resolve.incident_state(ctx, incident_id)
    await state.client.impacts.delete(uuid, impact_id)
    return Deleted(deleted=impact_id)
