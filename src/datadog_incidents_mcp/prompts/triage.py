"""The `triage_incident` prompt: one incident's known facts, who is on it, what is open, what
changed recently, and the next questions with the tools that answer them. Without an ID it
lists the open incidents, most severe first, to pick one from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from mcp.server.mcpserver import Context, UserMessage
from pydantic import Field

from datadog_incidents_mcp.calls.output import iso
from datadog_incidents_mcp.calls.state import app_state
from datadog_incidents_mcp.prompts._common import Gap, ToolNames, messages

if TYPE_CHECKING:
    from datadog_incidents_mcp.prompts._incident import Snapshot

RECENT = 10
NO_TOOL = "none on this server: ask the team or check deploy and change history"
# Questions every triage asks, whatever the record holds.
STANDING = (
    Gap(
        "Has this happened before, and what fixed it then?",
        "past incidents hold the answer",
        ("search_incidents",),
    ),
    Gap(
        "What changed just before it began (deploys, configuration, traffic)?",
        "Datadog's incident record does not hold change history",
        (),
    ),
)


def questions(gaps: list[Gap], names: ToolNames) -> list[dict[str, Any]]:
    return [
        {
            "question": gap.question,
            "seen": gap.seen,
            "tools": [names.cite(t) for t in gap.tools] or NO_TOOL,
        }
        for gap in gaps
    ]


def _facts(snap: Snapshot, names: ToolNames) -> dict[str, Any]:
    return {
        "now": iso(snap.now),
        "known": snap.known(),
        "who_is_on_it": {
            "commander": snap.commander() or "none assigned",
            "responders": snap.responders() or "none recorded",
        },
        "open": {
            "todos": [snap.todo(t) for t in snap.open_todos()] or "no open todos",
            "impacts": snap.impacts() or "no impact records",
            "integrations": snap.integrations() or "no channels or tickets linked",
        },
        "documents": snap.documents(),
        "recent_changes": snap.recent(RECENT) or "no timed events recorded",
        "next_questions": questions([*snap.gaps(), *STANDING], names),
    }


async def _pick_list(ctx: Context[Any]) -> list[UserMessage]:
    from datadog_incidents_mcp.prompts._incident import MAX_OPEN, listed, open_incidents

    ranked, people, total = await open_incidents(app_state(ctx))
    data: dict[str, Any] = {"open_incidents": [listed(i, people) for i in ranked]}
    if total > len(ranked):
        data["note"] = f"showing the first {MAX_OPEN} of {total} open incidents"
    if not ranked:
        return messages(
            "There are no active or stable incidents in Datadog right now. Say so in one line; "
            "to look at a resolved one, run triage_incident with its ID.",
            {"open_incidents": "none"},
        )
    return messages(
        "No incident was named. Show the open (active and stable) incidents below as a short "
        "table, most severe first as listed: ID, severity, state, title, commander, customer "
        "impact. An UNKNOWN severity has not been assessed yet, so it is listed before the "
        "minor ones. Then ask which one to triage, and run triage_incident again with its ID.",
        data,
    )


async def triage_incident(
    ctx: Context[Any],
    incident_id: Annotated[
        str,
        Field(
            description="Incident public ID (IR-123) or UUID; "
            "leave empty to pick from the open incidents"
        ),
    ] = "",
) -> list[UserMessage]:
    """Triage an incident: what is known, who is on it, what is open, what changed, and the
    next questions with the tools that answer them; without an ID, pick an open incident."""
    from datadog_incidents_mcp.prompts._incident import load, public_ref

    if not incident_id.strip():
        return await _pick_list(ctx)
    state = app_state(ctx)
    snap = await load(state, incident_id)
    names = await ToolNames.of(ctx)
    return messages(
        f"Triage incident {public_ref(snap.incident)} for the on-call engineer from the data "
        "below. Answer in Markdown with these sections, as short bullets:\n"
        "1. **Known**: what is happening, severity, state, customer impact, since when.\n"
        "2. **Who is on it**: commander and responders.\n"
        "3. **Open**: open todos with their owners, impacts, linked channels and tickets.\n"
        "4. **Recent changes**: the latest events, newest last.\n"
        "5. **Next questions**: the questions in next_questions, most urgent first, each with "
        "the tools listed for it (a tool marked off or not enabled cannot be called here); "
        "add any question the facts raise.\n"
        "Change nothing yet: before calling a tool that writes, ask the user.",
        _facts(snap, names),
    )
