"""Paging tools (off by default): reach people beyond the incident's responders through
Datadog On-Call, and open ServiceNow records."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import Context
from pydantic import Field

from datadog_incidents_mcp.calls import resolve
from datadog_incidents_mcp.calls.errors import ArgumentError
from datadog_incidents_mcp.calls.output import Output
from datadog_incidents_mcp.calls.params import ID_PATTERN, IncidentRef, Short, UserRef
from datadog_incidents_mcp.calls.state import AppState
from datadog_incidents_mcp.datadog.models.paging import (
    PageLinkRequest,
    PageRequest,
    ServiceNowRecordRequest,
)
from datadog_incidents_mcp.tools.registry import tool
from datadog_incidents_mcp.tools.shared import IntegrationResult, render_integration


class PageResult(Output):
    page_id: str = Field(description="The On-Call page's ID")
    incident_id: str


async def _target(state: AppState, team: str | None, user: str | None) -> dict[str, str]:
    if (team is None) == (user is None):
        raise ArgumentError("team", "give exactly one of team (handle or ID) or user to page")
    if user is not None:
        return {"type": "user_uuid", "identifier": await resolve.user_id(state, user, "user")}
    assert team is not None
    kind = "team_uuid" if resolve.is_uuid(team) else "team_handle"
    return {"type": kind, "identifier": team.removeprefix("@")}


@tool(
    "paging",
    "Page On-Call from incident",
    "create",
    needs=("incident_write", "oncall_page"),
    says="Page On-Call about incident {incident_id}",
    notifies=True,
)
async def page_on_call(
    ctx: Context[Any],
    incident_id: IncidentRef,
    team: Annotated[str | None, Field(max_length=200, description="Team handle or ID")] = None,
    user: UserRef | None = None,
    title: Annotated[
        str | None, Field(max_length=500, description="Default: the incident's")
    ] = None,
    description: Annotated[
        str | None, Field(max_length=10_000, description="What the responder should know")
    ] = None,
    services: Annotated[
        list[Short] | None, Field(max_length=20, description="Affected services")
    ] = None,
    tags: Annotated[list[Short] | None, Field(max_length=20, description="e.g. env:prod")] = None,
) -> PageResult:
    """Page an On-Call team or person about an incident (paging: escalate to or wake up whoever
    is on call); the page is linked to it.
    """
    state, uuid = await resolve.incident_state(ctx, incident_id)
    body = PageRequest.of(
        title=title,
        description=description,
        target=await _target(state, team, user),
        services=services,
        tags=tags,
    )
    made = await state.client.paging.page(uuid, body)
    return PageResult(page_id=made.data.id, incident_id=uuid)


@tool("paging", "Link On-Call page to incident", "create")
async def link_on_call_page(
    ctx: Context[Any],
    incident_id: IncidentRef,
    page_id: Annotated[
        str, Field(min_length=1, max_length=64, pattern=ID_PATTERN, description="On-Call page ID")
    ],
    key: Annotated[str | None, Field(max_length=200, description="The page's key")] = None,
) -> IntegrationResult:
    """Link an On-Call page that already went out to an incident."""
    state, uuid = await resolve.incident_state(ctx, incident_id)
    linked = await state.client.paging.link_page(uuid, PageLinkRequest.of(id=page_id, key=key))
    return IntegrationResult(integration=render_integration(linked.data))


@tool("paging", "Create ServiceNow record", "create")
async def create_servicenow_record(
    ctx: Context[Any],
    incident_id: IncidentRef,
    instance_name: Annotated[Short, Field(description="ServiceNow instance, e.g. acme")],
    assignment_group: Annotated[Short, Field(description="ServiceNow assignment group")],
    configuration_item_mapping: Annotated[
        Short, Field(description="How Datadog maps the incident to a configuration item")
    ],
    record_id: Annotated[
        str | None, Field(max_length=64, description="Link this existing record (Sys ID) instead")
    ] = None,
) -> IntegrationResult:
    """Open a ServiceNow record for an incident, or link an existing one."""
    state, uuid = await resolve.incident_state(ctx, incident_id)
    body = ServiceNowRecordRequest.of(
        instance_name=instance_name,
        assignment_group=assignment_group,
        configuration_item_mapping=configuration_item_mapping,
        record_id=record_id,
    )
    return IntegrationResult(
        integration=render_integration(
            (await state.client.paging.servicenow_record(uuid, body)).data
        )
    )
