"""The `draft_postmortem` prompt and incident resources.

The server gathers the facts; the client's model writes the prose. The prompt returns the
instructions and the incident's facts as a clearly delimited block of untrusted data, and
asks for cells in exactly the shape create_postmortem_attachment takes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from mcp.server import MCPServer
from mcp.server.mcpserver import Context, UserMessage
from mcp.shared.exceptions import MCPError
from mcp.types import INVALID_PARAMS
from pydantic import Field

from datadog_incidents_mcp.calls.errors import ArgumentError
from datadog_incidents_mcp.calls.orgs import Orgs
from datadog_incidents_mcp.calls.output import iso
from datadog_incidents_mcp.calls.state import app_state
from datadog_incidents_mcp.datadog import DatadogError
from datadog_incidents_mcp.prompts._common import add_prompt, one_message, read_in_org

if TYPE_CHECKING:
    from datadog_incidents_mcp.postmortem.assembly import Draft
    from datadog_incidents_mcp.postmortem.stamps import DateOrder

INCIDENT_URI = "datadog-incident://{incident_id}"
TIMELINE_URI = "datadog-incident://{incident_id}/timeline"
# With several orgs, a resource URI names the org first.
ORG_INCIDENT_URI = "datadog-incident://{org}/{incident_id}"
ORG_TIMELINE_URI = "datadog-incident://{org}/{incident_id}/timeline"


async def _draft(
    ctx: Context[Any],
    incident_id: str,
    timeline: str = "",
    template_id: str = "",
    timezone: str = "",
    date_order: DateOrder | None = None,
) -> Draft:
    """Assemble, turning failures into the INVALID_PARAMS error a prompt must raise."""
    from datadog_incidents_mcp.calls import resolve
    from datadog_incidents_mcp.postmortem.assembly import assemble

    state = app_state(ctx)
    try:
        paste = resolve.paste(timeline, timezone, date_order)
        uuid = await resolve.incident_id(state, incident_id)
        return await assemble(state.client, uuid, template_id or None, paste)
    except (ArgumentError, DatadogError) as exc:
        raise MCPError(code=INVALID_PARAMS, message=str(exc)) from exc


def _date_order(text: str) -> DateOrder | None:
    """A prompt argument is a string: the date_order hint, checked."""
    value = text.strip().lower().replace("-", "_")
    if value == "month_first" or value == "day_first":
        return value
    if not value:
        return None
    raise MCPError(
        code=INVALID_PARAMS, message="date_order must be month_first, day_first or empty"
    )


async def draft_postmortem(
    ctx: Context[Any],
    incident_id: Annotated[str, Field(description="Incident UUID or public ID, e.g. IR-123")],
    timeline: Annotated[
        str,
        Field(
            description="Optional timeline as pasted: a chat copy (Slack, Teams, Google Chat, "
            "Zoom), a log, a Slack or Teams JSON export, or CSV with a time column"
        ),
    ] = "",
    template_id: Annotated[str, Field(description="Optional Datadog postmortem template ID")] = "",
    timezone: Annotated[
        str, Field(description="IANA zone for pasted times without one, e.g. Europe/Berlin")
    ] = "",
    date_order: Annotated[
        str, Field(description="month_first or day_first, for numeric dates like 11/12/2026")
    ] = "",
    audience: Annotated[str, Field(description="Who reads it, e.g. engineering, executives")] = "",
    tone: Annotated[str, Field(description="e.g. concise, detailed, customer-friendly")] = "",
) -> list[UserMessage]:
    """Draft postmortem cells for an incident from its timeline, ready to publish."""
    from datadog_incidents_mcp.postmortem.draft import facts_block, instructions

    if not incident_id.strip():
        raise MCPError(code=INVALID_PARAMS, message="incident_id is required, e.g. IR-123")
    draft = await _draft(ctx, incident_id, timeline, template_id, timezone, _date_order(date_order))
    return one_message(
        instructions(draft.sections, audience or "engineering", tone or "concise, factual"),
        facts_block(draft.facts, draft.timeline, draft.metrics),
    )


async def incident_markdown(incident_id: str, ctx: Context[Any]) -> str:
    """An incident as compact Markdown, for clients that attach context."""
    from datadog_incidents_mcp.postmortem.draft import impact_summary

    draft = await _draft(ctx, incident_id)
    facts = draft.facts
    a = facts.incident.attributes
    resolved = iso(facts.moment("resolved")) or "not yet"
    lines = [
        f"# IR-{a.public_id}: {a.title}",
        f"- Severity: {a.severity or 'UNKNOWN'}; state: {a.state or 'active'}",
        f"- Declared: {iso(facts.moment('declared')) or 'unknown'}; resolved: {resolved}",
        f"- Customer impact: {impact_summary(facts, draft.metrics)}",
    ]
    lines.append(f"- Open todos: {sum(1 for t in facts.todos if not t.attributes.completed)}")
    return "\n".join(lines)


async def incident_timeline(incident_id: str, ctx: Context[Any]) -> str:
    """The assembled timeline of an incident as a Markdown table."""
    from datadog_incidents_mcp.postmortem.draft import timeline_table

    return timeline_table((await _draft(ctx, incident_id)).timeline)


def register(server: MCPServer[Any], orgs: Orgs | None = None) -> None:
    add_prompt(server, draft_postmortem, "Draft postmortem", orgs)
    for uri, org_uri, name, title, read in (
        (INCIDENT_URI, ORG_INCIDENT_URI, "incident", "Incident", incident_markdown),
        (
            TIMELINE_URI,
            ORG_TIMELINE_URI,
            "incident_timeline",
            "Incident timeline",
            incident_timeline,
        ),
    ):
        server.resource(
            uri if orgs is None else org_uri,
            name=name,
            title=title,
            description=read.__doc__,
            mime_type="text/markdown",
        )(read if orgs is None else read_in_org(read, orgs))
