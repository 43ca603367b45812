"""Integration tools: the Slack channels, Jira issues and Teams chats linked to an incident."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context
from pydantic import Field

from datadog_incidents_mcp.datadog.models.integrations import (
    INTEGRATION_STATUSES,
    INTEGRATION_TYPES,
    Integration,
    IntegrationWriteRequest,
)
from datadog_incidents_mcp.tools import _resolve as resolve
from datadog_incidents_mcp.tools._context import app_state
from datadog_incidents_mcp.tools._errors import ArgumentError
from datadog_incidents_mcp.tools._output import Deleted, Output, detailed, iso, listed
from datadog_incidents_mcp.tools._params import Detail, IncidentRef, id_from
from datadog_incidents_mcp.tools._registry import tool

KEYS = "id, kind (slack, jira, ...), status, links (channels or issues) or details, created"
IntegrationRef = Annotated[str, id_from("Integration", "list_incident_integrations", pattern=None)]
# The spec documents the numbers of these two kinds only (1 Slack, 8 Jira).
Kind = Literal["slack", "jira"]
_KINDS: tuple[Kind, ...] = ("slack", "jira")
_TYPE = {"slack": 1, "jira": 8}
_LIST_KEY = {"slack": "channels", "jira": "issues"}
Links = Annotated[
    list[dict[str, str]],
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


class IntegrationResult(Output):
    integration: dict[str, Any] = Field(default_factory=dict[str, Any], description=KEYS)


class IntegrationList(Output):
    integrations: list[dict[str, Any]] = Field(
        default_factory=list[dict[str, Any]], description=KEYS
    )
    notice: str | None = None


def render(integration: Integration, detail: str = "compact") -> dict[str, Any]:
    a = integration.attributes
    links: list[Any] = []
    for key in ("channels", "issues", "teams"):
        links.extend((a.metadata or {}).get(key) or [])
    return detailed(
        {
            "id": integration.id,
            "kind": INTEGRATION_TYPES.get(a.integration_type or -1, a.integration_type),
            "status": INTEGRATION_STATUSES.get(a.status or 0),
            "links": links,
            # On-Call pages and ServiceNow records carry their own metadata, shown as it is.
            "details": None if links else a.metadata,
            "created": iso(a.created),
        },
        integration,
        detail,
    )


def _body(
    kind: Kind, links: list[dict[str, str]], status: Status | None
) -> IntegrationWriteRequest:
    codes = {name: code for code, name in INTEGRATION_STATUSES.items()}
    return IntegrationWriteRequest.of(
        integration_type=_TYPE[kind],
        metadata={_LIST_KEY[kind]: links},
        status=codes[status] if status else None,
    )


@tool("integrations", "List incident integrations", "read")
async def list_incident_integrations(
    ctx: Context[Any], incident_id: IncidentRef, detail: Detail = "compact"
) -> IntegrationList:
    """List the Slack channels and Jira issues linked to an incident."""
    state = app_state(ctx)
    found = await state.client.integrations.list(await resolve.incident_id(state, incident_id))
    shown, notice = listed([render(i, detail) for i in found.data])
    return IntegrationList(integrations=shown, notice=notice)


@tool("integrations", "Get incident integration", "read")
async def get_incident_integration(
    ctx: Context[Any],
    incident_id: IncidentRef,
    integration_id: IntegrationRef,
    detail: Detail = "compact",
) -> IntegrationResult:
    """Read one integration record of an incident."""
    state = app_state(ctx)
    found = await state.client.integrations.get(
        await resolve.incident_id(state, incident_id), integration_id
    )
    return IntegrationResult(integration=render(found.data, detail))


@tool("integrations", "Link integration", "create")
async def create_incident_integration(
    ctx: Context[Any],
    incident_id: IncidentRef,
    kind: Annotated[Kind, Field(description="What is linked")],
    links: Links,
    status: Status | None = None,
) -> IntegrationResult:
    """Link a Slack channel or Jira issue that already exists to an incident."""
    state = app_state(ctx)
    uuid = await resolve.incident_id(state, incident_id)
    made = await state.client.integrations.create(uuid, _body(kind, links, status))
    return IntegrationResult(integration=render(made.data))


@tool("integrations", "Update integration", "update")
async def update_incident_integration(
    ctx: Context[Any],
    incident_id: IncidentRef,
    integration_id: IntegrationRef,
    links: Links | None = None,
    status: Status | None = None,
) -> IntegrationResult:
    """Replace an integration's links or change its status."""
    state = app_state(ctx)
    uuid = await resolve.incident_id(state, incident_id)
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
    return IntegrationResult(integration=render(updated.data))


@tool("integrations", "Unlink integration", "delete", deletes="integration record {integration_id}")
async def delete_incident_integration(
    ctx: Context[Any], incident_id: IncidentRef, integration_id: IntegrationRef
) -> Deleted:
    """Remove an integration record from an incident (the channel or issue itself stays)."""
    state = app_state(ctx)
    await state.client.integrations.delete(
        await resolve.incident_id(state, incident_id), integration_id
    )
    return Deleted(deleted=integration_id)
