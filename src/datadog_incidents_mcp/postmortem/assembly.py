"""One trip from an incident to what its postmortem is drafted from: facts, then the merged
timeline (records and a pasted chat or export), then the metrics and template sections.

The drafting tool, the prompt and the incident resources all start here; they resolve what
a person typed (the incident reference, the time zone name) before they call.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

import anyio

from datadog_incidents_mcp.datadog import DatadogClient
from datadog_incidents_mcp.postmortem.draft import Section, template_sections
from datadog_incidents_mcp.postmortem.facts import Facts, Metrics, gather, metrics, timeline_of
from datadog_incidents_mcp.postmortem.reader import read_timeline
from datadog_incidents_mcp.postmortem.stamps import DateOrder
from datadog_incidents_mcp.postmortem.timeline import Timeline

TIMELINE_BUDGET = 80
# done, total, message: the MCP progress callback's shape
Progress = Callable[[float, float | None, str | None], Awaitable[None]]


@dataclass(frozen=True)
class Paste:
    """A timeline a person pasted, and how to read its times."""

    text: str = ""
    zone: tzinfo | None = None  # for times that name none; None: as the paste states, or UTC
    date_order: DateOrder | None = None  # for numeric dates such as 11/12/2026


def _timeline(facts: Facts, paste: Paste) -> Timeline:
    """The paste read, dated from the incident's declaration, and merged with its records."""
    anchor = facts.moment("declared") or facts.incident.attributes.created or datetime.now(UTC)
    reading = read_timeline(
        paste.text,
        anchor=anchor,
        zone=paste.zone,
        date_order=paste.date_order,
        people=facts.people.values(),
    )
    return timeline_of(facts, reading, TIMELINE_BUDGET)


@dataclass
class Draft:
    facts: Facts
    timeline: Timeline
    metrics: Metrics
    sections: list[Section]


async def assemble(
    client: DatadogClient,
    incident_uuid: str,
    template_id: str | None = None,
    paste: Paste = Paste(),
    progress: Progress | None = None,
) -> Draft:
    """Everything a postmortem is drafted from, fetched and merged."""
    if progress:
        await progress(1, 3, "gathering the incident's records")
    facts = await gather(client, incident_uuid)
    if progress:
        await progress(2, 3, "building the timeline")
    # Reading a paste is the one long stretch of CPU work here: in a worker thread, the
    # event loop goes on serving other sessions (every pattern it runs is linear, so the
    # thread never holds the interpreter for long in one go).
    timeline = await anyio.to_thread.run_sync(_timeline, facts, paste)
    sections = template_sections(None)
    if template_id:
        template = await client.postmortem_templates.get(template_id.strip())
        sections = template_sections(template.data.attributes.content)
    return Draft(facts, timeline, metrics(facts), sections)
