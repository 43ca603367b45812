"""Gather what Datadog knows about an incident, and derive its events and metrics.

Datadog has no API to read an incident's timeline, so the timeline is rebuilt from the
incident's timestamps (corrected by timestamp overrides), impacts, responders, todos,
attachments and integration records.
"""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

import anyio

from datadog_incidents_mcp.datadog import DatadogClient
from datadog_incidents_mcp.datadog.models import IncludedItem
from datadog_incidents_mcp.datadog.models.attachments import Attachment, AttachmentsResponse
from datadog_incidents_mcp.datadog.models.impacts import Impact, ImpactsResponse
from datadog_incidents_mcp.datadog.models.incidents import Incident
from datadog_incidents_mcp.datadog.models.integrations import (
    INTEGRATION_TYPES,
    Integration,
    IntegrationsResponse,
)
from datadog_incidents_mcp.datadog.models.responders import Responder, RespondersResponse
from datadog_incidents_mcp.datadog.models.timestamps import (
    TimestampOverride,
    TimestampOverridesResponse,
)
from datadog_incidents_mcp.datadog.models.todos import Todo, TodosResponse
from datadog_incidents_mcp.postmortem.reader import Reading
from datadog_incidents_mcp.postmortem.timeline import Event, Timeline, fold, merge, trim

T = TypeVar("T")


@dataclass
class Facts:
    incident: Incident
    people: dict[str, str]
    overrides: list[TimestampOverride]
    impacts: list[Impact]
    responders: list[Responder]
    todos: list[Todo]
    attachments: list[Attachment]
    integrations: list[Integration]

    def moment(self, name: str) -> datetime | None:
        """An incident timestamp, corrected by the newest override of it if there is one."""
        corrected = [
            o
            for o in self.overrides
            if o.attributes.timestamp_type == name and o.attributes.timestamp_value
        ]
        if corrected:
            newest = max(
                corrected,
                key=lambda o: o.attributes.modified_at or o.attributes.created_at or datetime.min,
            )
            return newest.attributes.timestamp_value
        return getattr(self.incident.attributes, name, None)

    def impact_window(self) -> tuple[datetime | None, datetime | None]:
        """The incident's customer impact, by the rule in docs/prompts.md: the incident's own
        customer_impact_start/end when set (Datadog computes its durations from them),
        else the impacts records' earliest start and, once every record has one, latest end."""
        a = self.incident.attributes
        starts = [i.attributes.start_at for i in self.impacts if i.attributes.start_at]
        start = a.customer_impact_start or (min(starts) if starts else None)
        ends = [i.attributes.end_at for i in self.impacts]
        end = a.customer_impact_end or (
            max(e for e in ends if e) if ends and None not in ends else None
        )
        return start, end

    def impacted(self) -> bool:
        return bool(self.incident.attributes.customer_impacted or self.impacts)

    def impact_status(self) -> str:
        """`none recorded`, `ongoing`, `ended`, or `end not recorded` (resolved without one)."""
        start, end = self.impact_window()
        if not self.impacted():
            return "none recorded"
        if end is not None:
            return "ended"
        resolved = self.moment("resolved") or self.incident.attributes.state == "resolved"
        return "end not recorded" if resolved or start is None else "ongoing"

    def impact_end(self, impact: Impact) -> datetime | None:
        """When one impact record ended: its own end, or the incident's impact end, which
        closes every record left open."""
        return impact.attributes.end_at or self.incident.attributes.customer_impact_end


def _people(included: list[IncludedItem]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in included:
        if item.type == "users" and item.id and item.attributes:
            name = item.attributes.get("name") or item.attributes.get("email") or item.id
            out[item.id] = str(name)
    return out


async def _into(box: list[T], call: Awaitable[T]) -> None:
    box.append(await call)


async def gather(client: DatadogClient, incident_id: str) -> Facts:
    """Every source, fetched concurrently; `incident_id` must be a UUID."""
    found = await client.incidents.get(incident_id, include=["users"])
    overrides: list[TimestampOverridesResponse] = []
    impacts: list[ImpactsResponse] = []
    responders: list[RespondersResponse] = []
    todos: list[TodosResponse] = []
    attachments: list[AttachmentsResponse] = []
    integrations: list[IntegrationsResponse] = []
    async with anyio.create_task_group() as group:
        group.start_soon(_into, overrides, client.timestamps.list(incident_id))
        group.start_soon(_into, impacts, client.impacts.list(incident_id))
        group.start_soon(_into, responders, client.responders.list(incident_id))
        group.start_soon(_into, todos, client.todos.list(incident_id))
        group.start_soon(_into, attachments, client.attachments.list(incident_id))
        group.start_soon(_into, integrations, client.integrations.list(incident_id))
    return Facts(
        incident=found.data,
        people=_people(found.included) | _people(responders[0].included),
        overrides=overrides[0].data,
        impacts=impacts[0].data,
        responders=responders[0].data,
        todos=todos[0].data,
        attachments=attachments[0].data,
        integrations=integrations[0].data,
    )


def incident_events(facts: Facts) -> list[Event]:
    """Events from Datadog's records of the incident."""
    a = facts.incident.attributes
    corrected = {o.attributes.timestamp_type for o in facts.overrides}
    events: list[Event] = []

    def milestone(name: str, text: str) -> None:
        at = facts.moment(name)
        if at:
            note = " (corrected)" if name in corrected else ""
            events.append(Event(at, text + note, "incident", important=True, kind=name))

    start, end = facts.impact_window()
    if start:
        events.append(Event(start, "Customer impact began", "incident", important=True))
    milestone("detected", "Incident detected")
    milestone("declared", f"Incident declared: {a.title} ({a.severity or 'UNKNOWN'})")
    if end:
        events.append(Event(end, "Customer impact ended", "incident", important=True))
    milestone("resolved", "Incident resolved")
    for impact in facts.impacts:
        i = impact.attributes
        if i.start_at:
            events.append(Event(i.start_at, f"Impact: {i.description}", "impact"))
    for responder in facts.responders:
        user = next(iter(responder.related_ids("user")), "")
        if responder.attributes.created:
            who = facts.people.get(user, "a responder")
            events.append(
                Event(responder.attributes.created, f"{who} joined as responder", "responder")
            )
    for todo in facts.todos:
        t = todo.attributes
        if t.created:
            events.append(Event(t.created, f"Todo added: {t.content}", "todo"))
        completed = _parse(t.completed)
        if completed:
            events.append(Event(completed, f"Todo completed: {t.content}", "todo"))
    for attachment in facts.attachments:
        body = attachment.attributes.attachment
        if attachment.attributes.modified and body:
            kind = attachment.attributes.attachment_type or "link"
            events.append(
                Event(
                    attachment.attributes.modified,
                    f"{kind.capitalize()} attached: {body.title}",
                    "attachment",
                )
            )
    for integration in facts.integrations:
        i = integration.attributes
        if i.created:
            kind = INTEGRATION_TYPES.get(i.integration_type or -1, "integration")
            metadata: dict[str, Any] = i.metadata or {}
            links: list[dict[str, Any]] = [
                *(metadata.get("channels") or []),
                *(metadata.get("issues") or []),
            ]
            names = [link.get("channel_name") or link.get("issue_key") for link in links]
            shown = ", ".join(str(n) for n in names if n) or kind
            events.append(Event(i.created, f"{kind.capitalize()} linked: {shown}", "integration"))
    return events


def timeline_of(facts: Facts, reading: Reading, budget: int) -> Timeline:
    """Datadog's events and the pasted ones in one timeline: repeats folded, at most
    `budget` events, with notes on what was capped, cut or left without a time."""
    recorded, pasted = fold(incident_events(facts), reading.events)
    timeline = trim(merge(recorded, pasted), budget)
    timeline.notes[:0] = reading.notes
    untimed = sum(len(e.lines) or 1 for e in pasted if e.at is None)
    if untimed:
        timeline.notes.append(
            f"{untimed} pasted lines had no readable time; they are listed last with the reason"
        )
    return timeline


def _parse(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


@dataclass(frozen=True)
class Metrics:
    """Durations in seconds; None where a timestamp is missing."""

    time_to_detect: int | None  # customer impact start -> detected
    time_to_respond: int | None  # detected -> first responder joined
    time_to_repair: int | None  # detected -> customer impact end
    time_to_resolve: int | None  # declared -> resolved
    impact_duration: int | None  # customer impact start -> end


def metrics(facts: Facts) -> Metrics:
    def span(start: datetime | None, end: datetime | None) -> int | None:
        if start is None or end is None:
            return None
        return max(0, int((end - start).total_seconds()))

    start, end = facts.impact_window()
    detected = facts.moment("detected")
    joined = [r.attributes.created for r in facts.responders if r.attributes.created]
    first_response = min(joined) if joined else None
    return Metrics(
        time_to_detect=span(start, detected),
        time_to_respond=span(detected, first_response),
        time_to_repair=span(detected, end),
        time_to_resolve=span(facts.moment("declared"), facts.moment("resolved")),
        impact_duration=span(start, end),
    )


def duration(seconds: int | None) -> str:
    """`2d 3h 05m`, `1h 05m`, `7m`, `45s`, or `unknown`."""
    if seconds is None:
        return "unknown"
    delta = timedelta(seconds=seconds)
    hours, rest = divmod(int(delta.total_seconds()), 3600)
    minutes, secs = divmod(rest, 60)
    if hours >= 24:
        return f"{hours // 24}d {hours % 24}h {minutes:02d}m"
    if hours:
        return f"{hours}h {minutes:02d}m"
    return f"{minutes}m" if minutes else f"{secs}s"
