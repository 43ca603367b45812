"""Timestamp override tools: correct when an incident was detected, declared or resolved."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal, Required

from mcp.server.mcpserver import Context
from pydantic import Field, with_config

from datadog_incidents_mcp.calls import resolve
from datadog_incidents_mcp.calls.output import (
    OPEN,
    Deleted,
    Detailed,
    Output,
    detailed,
    iso,
    listed,
)
from datadog_incidents_mcp.calls.params import Detail, IncidentRef, Named, Time, id_from
from datadog_incidents_mcp.calls.state import AppState
from datadog_incidents_mcp.datadog.models.timestamps import (
    TimestampOverride,
    TimestampOverrideCreateRequest,
    TimestampOverridePatchRequest,
)
from datadog_incidents_mcp.tools.registry import tool


@with_config(OPEN)
class OverrideShown(Detailed, total=False):
    id: Required[str]
    timestamp: str
    value: str
    set: str


async def _override_words(
    state: AppState, argument: str, arguments: Mapping[str, str]
) -> tuple[str, str]:
    """Which time it corrects, to what: `of the detected time to 2026-11-02T08:57:00Z`."""
    found = await resolve.incident_child(
        state,
        arguments,
        argument,
        state.client.timestamps.list,
        "correction",
        "list_timestamp_overrides",
    )
    a = found.attributes
    return f"of the {a.timestamp_type} time to {iso(a.timestamp_value)}", found.id


OverrideRef = Annotated[
    str, id_from("Override", "list_timestamp_overrides", pattern=None), Named(_override_words)
]


class OverrideResult(Output):
    override: OverrideShown


class OverrideList(Output):
    overrides: list[OverrideShown]
    notice: str | None = None


def render(override: TimestampOverride, detail: str = "compact") -> OverrideShown:
    a = override.attributes
    return detailed(
        {
            "id": override.id,
            "timestamp": a.timestamp_type,
            "value": iso(a.timestamp_value),
            "set": iso(a.modified_at or a.created_at),
        },
        override,
        detail,
    )


@tool("timestamps", "List timestamp overrides", "read")
async def list_timestamp_overrides(
    ctx: Context[Any], incident_id: IncidentRef, detail: Detail = "compact"
) -> OverrideList:
    """List time corrections made to an incident's detected, declared and resolved times."""
    state, uuid = await resolve.incident_state(ctx, incident_id)
    found = await state.client.timestamps.list(uuid)
    shown, notice = listed([render(o, detail) for o in found.data])
    return OverrideList(overrides=shown, notice=notice)


@tool("timestamps", "Correct a timestamp", "create")
async def create_timestamp_override(
    ctx: Context[Any],
    incident_id: IncidentRef,
    timestamp: Annotated[
        Literal["detected", "declared", "resolved"], Field(description="Which time to correct")
    ],
    value: Time,
) -> OverrideResult:
    """Correct (fix) when an incident was detected, declared or resolved; metrics such as time
    to detect use the correction.
    """
    state, uuid = await resolve.incident_state(ctx, incident_id)
    body = TimestampOverrideCreateRequest.of(timestamp_type=timestamp, timestamp_value=value)
    return OverrideResult(override=render((await state.client.timestamps.create(uuid, body)).data))


@tool("timestamps", "Change a timestamp correction", "update")
async def update_timestamp_override(
    ctx: Context[Any], incident_id: IncidentRef, override_id: OverrideRef, value: Time
) -> OverrideResult:
    """Change the time of an existing time correction."""
    state, uuid = await resolve.incident_state(ctx, incident_id)
    body = TimestampOverridePatchRequest.of(id=override_id, timestamp_value=value)
    updated = await state.client.timestamps.update(uuid, override_id, body)
    return OverrideResult(override=render(updated.data))


@tool(
    "timestamps",
    "Remove a timestamp correction",
    "delete",
    deletes="timestamp correction {override_id}",
)
async def delete_timestamp_override(
    ctx: Context[Any], incident_id: IncidentRef, override_id: OverrideRef
) -> Deleted:
    """Undo a time correction so the recorded time applies again, after the user confirms."""
    state, uuid = await resolve.incident_state(ctx, incident_id)
    await state.client.timestamps.delete(uuid, override_id)
    return Deleted(deleted=override_id)
