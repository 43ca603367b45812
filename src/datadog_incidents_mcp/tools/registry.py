"""Every tool declares its toolset, kind and permission next to its function.

The kind decides the MCP annotations, so they stay honest by construction:
read -> readOnly; create -> neither idempotent nor destructive; update -> idempotent;
delete -> destructive and idempotent. Every tool calls Datadog, so openWorld is true.
"""

from __future__ import annotations

import inspect
import string
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from mcp.types import ToolAnnotations

# Datadog documents no permission for some operations: the API and application keys suffice.
KEYS_ONLY: tuple[str, ...] = ()
Kind = Literal["read", "create", "update", "delete"]
ToolFn = Callable[..., Awaitable[Any]]
F = TypeVar("F", bound=ToolFn)


@dataclass(frozen=True)
class Toolset:
    name: str
    summary: str
    read_permission: str
    write_permission: str
    default: bool = True


TOOLSETS: dict[str, Toolset] = {
    t.name: t
    for t in (
        Toolset(
            "incidents",
            "Find, declare, update and resolve incidents",
            "incident_read",
            "incident_write",
        ),
        Toolset(
            "incident_admin",
            "Delete incidents and import past ones: rare, and a delete cannot be undone",
            "incident_read",
            "incident_write",
            default=False,
        ),
        Toolset(
            "attachments",
            "Links and postmortems attached to incidents",
            "incident_read",
            "incident_write",
        ),
        Toolset("todos", "Follow-up tasks of an incident", "incident_read", "incident_write"),
        Toolset("responders", "Who is working an incident", "incident_read", "incident_write"),
        Toolset(
            "impacts",
            "Impact records: what an incident affected, and when",
            "incident_read",
            "incident_write",
            default=False,
        ),
        Toolset(
            "integrations",
            "Slack channels, Jira issues and Teams chats of an incident",
            "incident_read",
            "incident_write",
            default=False,
        ),
        Toolset(
            "timestamps",
            "Corrections to detected, declared and resolved times",
            "incident_read",
            "incident_write",
            default=False,
        ),
        Toolset(
            "postmortems",
            "Draft postmortems from an incident's timeline",
            "incident_read",
            "incident_write",
        ),
        Toolset(
            "teams",
            "Datadog teams, their members, and a person's teams",
            "teams_read",
            "teams_manage",
            default=False,
        ),
        Toolset(
            "users",
            "Find people to name as commander, responder or assignee",
            "user_access_read",
            "user_access_read",
        ),
        Toolset(
            "config",
            "How incidents are set up: types, fields, roles, templates, impact fields, settings, "
            "Google Chat and Meet",
            "incident_read",
            "incident_settings_write",
            default=False,
        ),
        Toolset(
            "notifications",
            "Notification rules and templates, and the org's global incident handles",
            "incident_notification_settings_read",
            "incident_notification_settings_write",
            default=False,
        ),
        Toolset(
            "automation",
            "Incident rules that run tasks (Slack channel, Jira issue...) and per-incident "
            "automation switches",
            "incident_settings_read",
            "incident_settings_write",
            default=False,
        ),
        Toolset(
            "paging",
            "Page On-Call teams or people from an incident, link pages, open ServiceNow records",
            "incident_read",
            "incident_write",
            default=False,
        ),
        Toolset(
            "ai",
            "Datadog's AI-written postmortem sections (where the org has them)",
            "incident_write",
            "incident_write",
            default=False,
        ),
    )
}


@dataclass(frozen=True)
class ToolSpec:
    fn: ToolFn
    name: str
    toolset: str
    title: str
    kind: Kind
    needs: tuple[str, ...] | None = None  # where Datadog asks other than the toolset's
    deletes: str | None = None  # a delete's object, e.g. "todo {todo_id}"; asked about first
    says: str | None = None  # what another write does, in words, when the policy asks first
    notifies: bool = False  # its effect reaches people: --confirm notify asks about it

    @property
    def asks_about(self) -> str:
        """The words the user is asked about, naming arguments in braces (see `confirm`)."""
        if self.deletes is not None:
            return self.deletes
        if self.says is not None:
            return self.says
        takes = inspect.signature(self.fn).parameters
        return self.title + (" on incident {incident_id}" if "incident_id" in takes else "")

    @property
    def read_only(self) -> bool:
        return self.kind == "read"

    @property
    def permissions(self) -> tuple[str, ...]:
        """All of these, on the application key's role (none: the keys suffice)."""
        if self.needs is not None:
            return self.needs
        toolset = TOOLSETS[self.toolset]
        return (toolset.read_permission if self.read_only else toolset.write_permission,)

    @property
    def annotations(self) -> ToolAnnotations:
        return ToolAnnotations(
            title=self.title,
            read_only_hint=self.read_only,
            destructive_hint=self.kind == "delete",
            idempotent_hint=self.kind != "create",
            open_world_hint=True,
        )


REGISTRY: list[ToolSpec] = []


def named_in(deletes: str) -> list[str]:
    """The argument names a `deletes` description refers to, e.g. ["todo_id"]."""
    return [name for _, name, _, _ in string.Formatter().parse(deletes) if name]


def tool(
    toolset: str,
    title: str,
    kind: Kind,
    *,
    needs: tuple[str, ...] | None = None,
    deletes: str | None = None,
    says: str | None = None,
    notifies: bool = False,
) -> Callable[[F], F]:
    """Register the decorated function as a tool of `toolset`; `needs` names the permissions
    where Datadog asks others than the toolset's (KEYS_ONLY: none). A delete says what it
    deletes, naming its arguments in braces: the user is asked about exactly that first.
    Another write may say what it does the same way (`says`; default: its title), for when
    --confirm asks about every write; one whose effect reaches people (pages, notifies,
    fires notification rules) is marked `notifies`, so --confirm notify asks about it."""

    def register(fn: F) -> F:
        if toolset not in TOOLSETS:
            raise ValueError(f"{fn.__name__}: unknown toolset {toolset!r}")
        if (kind == "delete") != (deletes is not None):
            raise ValueError(f"{fn.__name__}: a delete, and only a delete, says what it deletes")
        if kind == "read" and (says is not None or notifies):
            raise ValueError(f"{fn.__name__}: a read neither says what it changes nor notifies")
        words = f"{deletes or ''} {says or ''}"
        unknown = set(named_in(words)) - set(inspect.signature(fn).parameters)
        if unknown:
            raise ValueError(f"{fn.__name__}: its question names no argument {sorted(unknown)}")
        REGISTRY.append(
            ToolSpec(fn, fn.__name__, toolset, title, kind, needs, deletes, says, notifies)
        )
        return fn

    return register
