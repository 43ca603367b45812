"""The `status_update` prompt: a stakeholder update in the usual shape (current status,
impact, what is being done, next update) for responders, executives or customers.

What each audience may read is decided here, not left to the model: the customers' data
block holds no people, teams, services, channels, IDs or incident title, so a careless
draft cannot leak them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Annotated, Any, Literal

from mcp.server.mcpserver import Context, UserMessage
from pydantic import BeforeValidator, Field

from datadog_incidents_mcp.calls.output import iso
from datadog_incidents_mcp.calls.params import Time
from datadog_incidents_mcp.calls.state import app_state
from datadog_incidents_mcp.prompts._common import messages

if TYPE_CHECKING:
    from datadog_incidents_mcp.prompts._incident import Snapshot

Audience = Literal["internal", "customers", "executives"]
# A common cadence for updates while an incident is open; teams with a policy override it.
CADENCE_MINUTES = {"SEV-0": 30, "SEV-1": 30, "SEV-2": 60, "SEV-3": 120}
DEFAULT_CADENCE_MINUTES = 240
MAX_NOTES = 20_000
SHAPE = (
    "Use the usual shape, as short Markdown: **Current status**, **Impact**, **What we are "
    "doing**, **Next update** (the time in next_update, or say this is the final update). "
    "Where the data is silent, say it is not known yet rather than guessing."
)
READERS: dict[str, str] = {
    "internal": (
        "Readers: responders and stakeholders inside the company. Name the commander and the "
        "owners of open work, and cite the incident ID, channels and services."
    ),
    "executives": (
        "Readers: executives. Lead with the effect on customers and the business, the "
        "severity and how long it has lasted; name the commander as the point of contact; "
        "at most one line of technical detail."
    ),
    "customers": (
        "Readers: customers, e.g. on a status page. Describe the effect on them in plain "
        "words. Leave out internal names and identifiers: no people, teams, services, "
        "systems, hosts, channels, tickets, incident IDs or severity labels, even where the "
        "notes contain them. Do not speculate about causes or promise a resolution time."
    ),
}
_STATE_FOR_CUSTOMERS = {
    "active": "investigating and working on a fix",
    "stable": "mitigated; monitoring",
    "resolved": "resolved",
}


def next_update(snap: Snapshot) -> dict[str, Any]:
    a = snap.incident.attributes
    if a.state == "resolved":
        return {"final": "the incident is resolved: this is the final update"}
    minutes = CADENCE_MINUTES.get(a.severity or "", DEFAULT_CADENCE_MINUTES)
    return {
        "at": iso(snap.now + timedelta(minutes=minutes)),
        "basis": f"every {minutes} minutes, a common cadence at this severity; "
        "use your team's policy if it differs",
    }


def _blank_is_none(value: object) -> object:
    """A slash-command form sends an optional argument left empty as ""."""
    return None if isinstance(value, str) and not value.strip() else value


def _changes(snap: Snapshot, since: datetime | None) -> dict[str, Any]:
    if since is None:
        return {"recent_events": snap.recent(10) or "no timed events recorded"}
    return {
        "last_update": iso(since),
        "changes_since_last_update": snap.recent(50, since=since) or "nothing recorded since",
    }


def _internal(snap: Snapshot, since: datetime | None) -> dict[str, Any]:
    return {
        "incident": snap.known(),
        **snap.work(),
        **_changes(snap, since),
    }


def _executives(snap: Snapshot, since: datetime | None) -> dict[str, Any]:
    known = snap.known()
    return {
        "incident": {
            k: known[k]
            for k in ("id", "title", "severity", "state", "declared", "resolved", "customer_impact")
        },
        "commander": snap.commander() or "none assigned",
        "open_work": [snap.todo(t, owners=False) for t in snap.open_todos()] or "no open todos",
        **_changes(snap, since),
    }


def _customers(snap: Snapshot, since: datetime | None) -> dict[str, Any]:
    """Only what may be said publicly: state, customer impact and its times. No title
    (it often names systems) and no event texts (they name people and channels)."""
    a = snap.incident.attributes
    impact = snap.impact()
    return {
        "status": _STATE_FOR_CUSTOMERS.get(a.state or "", a.state),
        "customer_impact": impact,
        "affected": [i["description"] for i in snap.impacts()],
        "detected": iso(snap.facts.moment("detected")),
        "resolved": iso(snap.facts.moment("resolved")),
        "last_update": iso(since),
    }


VIEWS = {"internal": _internal, "executives": _executives, "customers": _customers}


async def status_update(
    ctx: Context[Any],
    incident_id: Annotated[str, Field(description="Incident public ID (IR-123) or UUID")],
    audience: Annotated[
        Audience, Field(description="Who reads it: internal, customers or executives")
    ],
    since: Annotated[
        Time | None,
        BeforeValidator(_blank_is_none),
        Field(
            description="Optional time of the last update (ISO 8601 or now-1h): "
            "the update then says what changed since"
        ),
    ] = None,
    notes: Annotated[
        str,
        Field(
            max_length=MAX_NOTES,
            description="Optional latest findings from the responders, e.g. pasted from chat",
        ),
    ] = "",
) -> list[UserMessage]:
    """Write a stakeholder status update for an incident: current status, impact, what is
    being done, next update time; customer wording leaves out internal names and IDs."""
    from datadog_incidents_mcp.prompts._incident import load, public_ref

    snap = await load(app_state(ctx), incident_id)
    data: dict[str, Any] = {
        "now": iso(snap.now),
        **VIEWS[audience](snap, since),
        "next_update": next_update(snap),
        "notes_from_responders": notes.strip() or None,
    }
    subject = "this incident" if audience == "customers" else public_ref(snap.incident)
    return messages(
        f"Write a status update about {subject} for {audience} from the data below. "
        f"{READERS[audience]} {SHAPE}",
        data,
    )
