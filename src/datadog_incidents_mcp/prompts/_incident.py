"""One incident as the on-call prompts read it: the postmortem's facts and timeline, viewed
as who is on it, what is still open, and what still needs an answer or a decision.

Every view returns plain data for the fenced block. Where the reader must know that
something is missing (no commander, no open todos) the view says so in words; other empty
views are dropped, and the instructions tell the model to call anything absent unrecorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from datadog_incidents_mcp.calls import resolve
from datadog_incidents_mcp.calls.output import iso, people_by_id
from datadog_incidents_mcp.calls.state import AppState
from datadog_incidents_mcp.datadog.models.incidents import Incident
from datadog_incidents_mcp.datadog.models.integrations import INTEGRATION_TYPES
from datadog_incidents_mcp.datadog.models.todos import Assignee, Todo
from datadog_incidents_mcp.postmortem.facts import Facts, gather, incident_events
from datadog_incidents_mcp.postmortem.timeline import Event, merge
from datadog_incidents_mcp.prompts._common import OPEN_QUERY, Gap

MAX_OPEN = 50  # open incidents listed; a note says when there are more
# Most severe first. An incident whose severity is not assessed yet (UNKNOWN, empty, or a
# label this list lacks) could be serious: it comes before the known minor ones, so a cut
# list or a handoff never hides it.
_RANKS = ("SEV-0", "SEV-1", "SEV-2", "UNKNOWN", "SEV-3", "SEV-4", "SEV-5")


def severity_rank(severity: str | None) -> int:
    return _RANKS.index(severity if severity in _RANKS else "UNKNOWN")


def assessed(severity: str | None) -> bool:
    return severity in _RANKS and severity != "UNKNOWN"


def public_ref(incident: Incident) -> str:
    return incident.attributes.public_ref or incident.id


@dataclass
class Snapshot:
    facts: Facts
    events: list[Event]  # Datadog's own records in time order; unknown times last
    now: datetime

    @property
    def incident(self) -> Incident:
        return self.facts.incident

    def _person(self, user_id: str | None) -> str | None:
        return self.facts.people.get(user_id, user_id) if user_id else None

    def commander(self) -> str | None:
        return self._person(self.incident.related_id("commander_user"))

    def responders(self) -> list[dict[str, Any]]:
        return [
            {"name": self._person(r.related_id("user")), "joined": iso(r.attributes.created)}
            for r in self.facts.responders
        ]

    def open_todos(self) -> list[Todo]:
        return [t for t in self.facts.todos if not t.attributes.completed]

    def todo(self, todo: Todo, *, owners: bool = True) -> dict[str, Any]:
        a = todo.attributes
        shown: dict[str, Any] = {"content": a.content, "due": a.due_date}
        if owners:
            shown["owners"] = [_assignee(x) for x in a.assignees or []] or "nobody assigned"
        if a.completed:
            shown["completed"] = a.completed
        elif self._overdue(todo):
            shown["overdue"] = True
        return shown

    def _overdue(self, todo: Todo) -> bool:
        due = todo.attributes.due_date
        try:
            return bool(due) and date.fromisoformat(str(due)[:10]) < self.now.date()
        except ValueError:
            return False

    def impact_status(self) -> str:
        return self.facts.impact_status()

    def impact(self) -> dict[str, Any]:
        """Customer impact: its status, scope, start and end."""
        status = self.impact_status()
        if status == "none recorded":
            return {"status": status}
        start, end = self.facts.impact_window()
        return {
            "status": status,
            "scope": self.incident.attributes.customer_impact_scope,
            "started": iso(start),
            "ended": iso(end),
        }

    def impacts(self) -> list[dict[str, Any]]:
        """Impact records; a record left open ends with the incident's customer impact."""
        shown: list[dict[str, Any]] = []
        for i in self.facts.impacts:
            end = self.facts.impact_end(i)
            shown.append(
                {
                    "description": i.attributes.description,
                    "started": iso(i.attributes.start_at),
                    "ended": iso(end) if end else self.impact_status(),
                }
            )
        return shown

    def integrations(self) -> list[dict[str, Any]]:
        """Where the response is coordinated and tracked: channels and tickets, by name."""
        shown: list[dict[str, Any]] = []
        for integration in self.facts.integrations:
            a = integration.attributes
            metadata: dict[str, Any] = a.metadata or {}
            links: list[dict[str, Any]] = [
                *(metadata.get("channels") or []),
                *(metadata.get("teams") or []),
                *(metadata.get("issues") or []),
            ]
            names = [_link_name(link) for link in links]
            shown.append(
                {
                    "kind": INTEGRATION_TYPES.get(a.integration_type or -1, "integration"),
                    "names": [str(n) for n in names if n],
                }
            )
        return shown

    def documents(self) -> list[dict[str, Any]]:
        """Attached documents by kind and title; their links stay out of prompts (a model
        told to open an untrusted link can leak), list_incident_attachments gives them."""
        return [
            {"kind": a.attributes.attachment_type or "link", "title": a.attributes.attachment.title}
            for a in self.facts.attachments
            if a.attributes.attachment
        ]

    def known(self) -> dict[str, Any]:
        """The headline facts, for an internal reader."""
        a = self.incident.attributes
        return {
            "id": public_ref(self.incident),
            "title": a.title,
            "severity": a.severity or "UNKNOWN",
            "state": a.state,
            "is_test": a.is_test or None,
            "declared": iso(self.facts.moment("declared")),
            "detected": iso(self.facts.moment("detected")),
            "resolved": iso(self.facts.moment("resolved")),
            "last_modified": iso(a.modified),
            "customer_impact": self.impact(),
            "services": a.field_value("services"),
            "teams": a.field_value("teams"),
            "root_cause": a.field_value("root_cause"),
        }

    def work(self) -> dict[str, Any]:
        """Who is on it and what is open, for the internal views."""
        return {
            "commander": self.commander() or "none assigned",
            "responders": self.responders() or "none recorded",
            "open_todos": [self.todo(t) for t in self.open_todos()] or "no open todos",
            "impacts": self.impacts(),
            "integrations": self.integrations(),
        }

    def recent(self, count: int, *, since: datetime | None = None) -> list[dict[str, Any]]:
        """The last `count` timed events (after `since` if given), oldest first."""
        picked = [e for e in self.events if e.at and (since is None or e.at >= since)]
        return [{"time": iso(e.at), "what": e.text, "source": e.source} for e in picked[-count:]]

    def gaps(self) -> list[Gap]:
        """What the record leaves open, each with the fact that shows it and its tools."""
        a = self.incident.attributes
        found: list[Gap] = []
        if not assessed(a.severity):
            found.append(Gap("How severe is it?", "severity is not set", ("update_incident",)))
        if not self.commander():
            found.append(
                Gap(
                    "Who commands the response?",
                    "no commander is assigned",
                    ("search_users", "update_incident"),
                )
            )
        if not self.facts.responders:
            found.append(
                Gap(
                    "Who else must work on it?",
                    "no responders have joined",
                    ("list_teams", "search_users", "add_incident_responder"),
                )
            )
        found += self._impact_gaps()
        if not any(_chat(i.attributes.metadata) for i in self.facts.integrations):
            found.append(
                Gap(
                    "Where is the response coordinated?",
                    "no chat channel is linked",
                    ("list_incident_integrations", "create_incident_integration"),
                )
            )
        for todo in self.open_todos():
            content = todo.attributes.content or "(untitled todo)"
            if not todo.attributes.assignees:
                found.append(
                    Gap(
                        f"Who owns the todo {content!r}?",
                        "nobody is assigned",
                        ("update_incident_todo",),
                    )
                )
            if self._overdue(todo):
                found.append(
                    Gap(
                        f"Is the todo {content!r} still needed, and by when?",
                        f"it was due {todo.attributes.due_date}",
                        ("update_incident_todo",),
                    )
                )
        if a.state == "stable":
            found.append(Gap("Can it be resolved?", "the incident is stable", ("update_incident",)))
        return found

    def _impact_gaps(self) -> list[Gap]:
        if self.incident.attributes.state == "resolved":
            return []
        impact = self.impact()
        if impact["status"] == "none recorded":
            return [
                Gap(
                    "Are customers affected?",
                    "no customer impact is recorded",
                    ("update_incident", "create_incident_impact"),
                )
            ]
        if impact["status"] == "ongoing":
            return [
                Gap(
                    "Is customer impact still going on, and when is it expected to end?",
                    f"customer impact began {impact.get('started') or 'at an unrecorded time'} "
                    "and has no end time",
                    ("update_incident", "update_incident_impact"),
                )
            ]
        return []


def _link_name(link: dict[str, Any]) -> Any:
    return link.get("channel_name") or link.get("ms_channel_name") or link.get("issue_key")


def _chat(metadata: dict[str, Any] | None) -> bool:
    """A Slack or Microsoft Teams channel, where responders talk."""
    return bool((metadata or {}).get("channels") or (metadata or {}).get("teams"))


def _assignee(assignee: Assignee) -> str:
    """A Datadog user's handle without its `@`, or a chat user as `Name (slack user ID)`."""
    return assignee.removeprefix("@") if isinstance(assignee, str) else str(assignee)


async def load(state: AppState, ref: str) -> Snapshot:
    """Everything Datadog records about one incident, with its timeline merged."""
    uuid = await resolve.incident_id(state, ref)
    facts = await gather(state.client, uuid)
    resolve.remember(state, [facts.incident])
    return Snapshot(facts, merge(incident_events(facts)), datetime.now(UTC))


async def open_incidents(state: AppState) -> tuple[list[Incident], dict[str, str], int]:
    """Active and stable incidents, most severe first, then newest; the people they name;
    and how many there are in all."""
    found = await state.client.incidents.search(
        query_text=OPEN_QUERY, sort="-created", page_size=MAX_OPEN, include="users"
    )
    resolve.remember(state, found.incidents)
    ranked = sorted(found.incidents, key=lambda i: severity_rank(i.attributes.severity))
    total = found.data.attributes.total or len(ranked)
    return ranked, people_by_id(found.included), total


def listed(incident: Incident, people: dict[str, str]) -> dict[str, Any]:
    """One line of an incident list, for picking one."""
    a = incident.attributes
    commander = incident.related_id("commander_user")
    return {
        "id": public_ref(incident),
        "title": a.title,
        "severity": a.severity or "UNKNOWN",
        "state": a.state,
        "declared": iso(a.declared),
        "commander": people.get(commander, commander) if commander else "none assigned",
        "customer_impact": a.customer_impact_scope if a.customer_impacted else None,
    }
