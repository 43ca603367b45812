"""The `shift_handoff` prompt: what the next on-call engineer must know about one incident or
every open one: state, open todos with owners, recent timeline, and decisions pending."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

import anyio
from mcp.server.mcpserver import Context, UserMessage
from pydantic import Field

from datadog_incidents_mcp.calls.output import iso
from datadog_incidents_mcp.calls.state import AppState, app_state
from datadog_incidents_mcp.prompts._common import ToolNames, messages
from datadog_incidents_mcp.prompts.status_update import MAX_NOTES
from datadog_incidents_mcp.prompts.triage import questions

if TYPE_CHECKING:
    from datadog_incidents_mcp.prompts._incident import Snapshot

RECENT = 8
MAX_DETAILED = 10  # open incidents handed over in full; the rest are listed in one line each
PARALLEL = 4  # incidents fetched at once (each is seven Datadog calls)


def _block(snap: Snapshot, names: ToolNames) -> dict[str, Any]:
    return {
        "incident": snap.known(),
        **snap.work(),
        "recent_timeline": snap.recent(RECENT) or "no timed events recorded",
        "decisions_pending": questions(snap.gaps(), names) or "none seen in the record",
    }


async def _every_open(state: AppState) -> tuple[list[Snapshot], list[dict[str, Any]]]:
    """The most severe open incidents in full, and one line for each of the others."""
    from datadog_incidents_mcp.prompts._incident import listed, load, open_incidents

    ranked, people, _ = await open_incidents(state)
    detailed: dict[str, Snapshot] = {}
    limit = anyio.CapacityLimiter(PARALLEL)

    async def fetch(incident_id: str) -> None:
        async with limit:
            detailed[incident_id] = await load(state, incident_id)

    async with anyio.create_task_group() as group:
        for incident in ranked[:MAX_DETAILED]:
            group.start_soon(fetch, incident.id)
    snaps = [detailed[i.id] for i in ranked[:MAX_DETAILED]]
    return snaps, [listed(i, people) for i in ranked[MAX_DETAILED:]]


async def shift_handoff(
    ctx: Context[Any],
    incident_id: Annotated[
        str,
        Field(
            description="Incident public ID (IR-123) or UUID; "
            "leave empty to hand over every open incident"
        ),
    ] = "",
    notes: Annotated[
        str,
        Field(
            max_length=MAX_NOTES,
            description="Optional notes from the outgoing engineer, e.g. pasted from chat",
        ),
    ] = "",
) -> list[UserMessage]:
    """Hand over the shift: for one incident or every open one, the state, open todos with
    owners, recent timeline and the decisions still pending."""
    from datadog_incidents_mcp.prompts._incident import load

    state = app_state(ctx)
    names = await ToolNames.of(ctx)
    if incident_id.strip():
        snaps, others = [await load(state, incident_id)], []
    else:
        snaps, others = await _every_open(state)
    data: dict[str, Any] = {
        "now": iso(datetime.now(UTC)),
        "incidents": [_block(s, names) for s in snaps] or "no active or stable incidents",
        "also_open": others,
        "notes_from_outgoing_engineer": notes.strip() or None,
    }
    return messages(
        "Write a shift handoff for the next on-call engineer from the data below, one section "
        "per incident in the order given (most severe first), as short bullets:\n"
        "- **State**: severity, state, customer impact, and how long it has been open.\n"
        "- **Open todos** with their owners and due dates; flag unowned and overdue ones.\n"
        "- **Recent timeline**: the latest events, newest last.\n"
        "- **Decisions pending**: from decisions_pending and the notes, each with its tools "
        "(a tool marked off or not enabled cannot be called here).\n"
        "List the incidents in also_open in one line each. End with the first thing the "
        "next engineer should do. If there are no incidents, say the shift is quiet.",
        data,
    )
