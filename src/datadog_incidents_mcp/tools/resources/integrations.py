"""Integration tools: the Slack channels, Jira issues and Teams chats linked to an incident."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context
from pydantic import Field, with_config
from typing_extensions import TypedDict

from datadog_incidents_mcp.calls import resolve
from datadog_incidents_mcp.calls.errors import ArgumentError
from datadog_incidents_mcp.calls.output import Deleted, Output, listed, quoted
from datadog_incidents_mcp.calls.params import CLOSED, Detail, IncidentRef, Named, id_from
from datadog_incidents_mcp.calls.state import AppState
from datadog_incidents_mcp.datadog.models.integrations import (
    INTEGRATION_STATUSES,
    IntegrationWriteRequest,
)
from datadog_incidents_mcp.tools.registry import tool
from datadog_incidents_mcp.tools.shared import (
    IntegrationResult,
    IntegrationShown,
    render_integration,
)

# What names a linked channel or issue, by kind (Slack, Jira, Microsoft Teams).
_LINK_NAMES = ("channel_name", "issue_key", "ms_channel_name", "redirect_url")


async def _integration_words(
    state: AppState, argument: str, arguments: Mapping[str, str]
) -> tuple[str, str]:
    """Its kind and the channels or issues it links: `slack "#inc-12"`."""
    uuid = await resolve.incident_id(state, arguments["incident_id"])
    shown = render_integration(
        (await state.client.integrations.get(uuid, arguments[argument])).data
    )
    links = [
        next((str(link[k]) for k in _LINK_NAMES if link.get(k)), "")
        for link in shown.get("links", [])
    ]
    return f"{shown.get('kind', '')} {quoted(', '.join(links))}".strip(), shown["id"]


IntegrationRef = Annotated[
    str,
    id_from("Integration", "list_incident_integrations", pattern=None),
    Named(_integration_words),
]
# The spec documents the numbers of these two kinds only (1 Slack, 8 Jira).
Kind = Literal["slack", "jira"]
_KINDS: tuple[Kind, ...] = ("slack", "jira")
_TYPE = {"slack": 1, "jira": 8}
_LIST_KEY = {"slack": "channels", "jira": "issues"}


@with_config(CLOSED)
class Link(TypedDict, total=False):
    """A linked Slack channel or Jira issue, with the keys Datadog's spec gives each; a null
    key is left out."""

    channel_id: str | None
    channel_name: str | None
    team_id: str | None
    account: str | None
    project_key: str | None
    issue_key: str | None
    issue_type_id: str | None
    redirect_url: str | None


Links = Annotated[
    list[Link],
    Field(
        min_length=1,
        max_length=20,
        description="slack: {channel_id, channel_name, redirect_url}; "
        "jira: {account, project_key, issue_key, redirect_url}",
    ),
]
Status = Annotated[
    Literal["pending", "complete", "manually_created", "manually_updated", "failed"],
    Field(description="Sync state of the link"),
]


class IntegrationList(Output):
    integrations: list[IntegrationShown]
    notice: str | None = None


def _body(
    kind: Kind, links: Sequence[Mapping[str, object]], status: Status | None
) -> IntegrationWriteRequest:
    codes = {name: code for code, name in INTEGRATION_STATUSES.items()}
    given = [{key: value for key, value in link.items() if value is not None} for link in links]
    return IntegrationWriteRequest.of(
        integration_type=_TYPE[kind],
        metadata={_LIST_KEY[kind]: given},
        status=codes[status] if status else None,
    )


@tool("integrations", "List incident integrations", "read")
async def list_incident_integrations(
    ctx: Context[Any], incident_id: IncidentRef, detail: Detail = "compact"
) -> IntegrationList:
    """Show which Slack channel (war room) and Jira tickets an incident is using."""
    state, uuid = await resolve.incident_state(ctx, incident_id)
    found = await state.client.integrations.list(uuid)
    shown, notice = listed([render_integration(i, detail) for i in found.data])
    return IntegrationList(integrations=shown, notice=notice)


@tool("integrations", "Get incident integration", "read")
async def get_incident_integration(
    ctx: Context[Any],
    incident_id: IncidentRef,
    integration_id: IntegrationRef,
    detail: Detail = "compact",
) -> IntegrationResult:
    """Show one Slack channel or Jira ticket link of an incident."""
    state, uuid = await resolve.incident_state(ctx, incident_id)
    found = await state.client.integrations.get(uuid, integration_id)
    return IntegrationResult(integration=render_integration(found.data, detail))


@tool("integrations", "Link integration", "create")
async def create_incident_integration(
    ctx: Context[Any],
    incident_id: IncidentRef,
    kind: Annotated[Kind, Field(description="What is linked")],
    links: Links,
    status: Status | None = None,
) -> IntegrationResult:
    """Link an existing Slack channel or Jira ticket (issue) to an incident."""
    state, uuid = await resolve.incident_state(ctx, incident_id)
    made = await state.client.integrations.create(uuid, _body(kind, links, status))
    return IntegrationResult(integration=render_integration(made.data))


@tool("integrations", "Update integration", "update")
async def update_incident_integration(
    ctx: Context[Any],
    incident_id: IncidentRef,
    integration_id: IntegrationRef,
    links: Links | None = None,
    status: Status | None = None,
) -> IntegrationResult:
    """Update a linked Slack channel or Jira ticket: replace its link or status."""
    state, uuid = await resolve.incident_state(ctx, incident_id)
    current = (await state.client.integrations.get(uuid, integration_id)).data.attributes
    kinds: list[Kind] = [k for k in _KINDS if _TYPE[k] == current.integration_type]
    if not kinds:
        raise ArgumentError(
            "integration_id", f"integration type {current.integration_type} cannot be edited here"
        )
    kind = kinds[0]
    kept: list[dict[str, str]] = (current.metadata or {}).get(_LIST_KEY[kind]) or []
    updated = await state.client.integrations.update(
        uuid, integration_id, _body(kind, links or kept, status)
    )
    return IntegrationResult(integration=render_integration(updated.data))


@tool("integrations", "Unlink integration", "delete", deletes="integration record {integration_id}")
async def delete_incident_integration(
    ctx: Context[Any], incident_id: IncidentRef, integration_id: IntegrationRef
) -> Deleted:
    """Unlink a Slack channel or Jira ticket from an incident (the channel or issue itself
    stays).
    """
    state, uuid = await resolve.incident_state(ctx, incident_id)
    await state.client.integrations.delete(uuid, integration_id)
    return Deleted(deleted=integration_id)
