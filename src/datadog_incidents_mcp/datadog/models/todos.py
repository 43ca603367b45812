"""Incident todo models (`/incidents/{id}/relationships/todos`)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from datadog_incidents_mcp.datadog.models._base import (
    Collection,
    Document,
    Request,
    RequestModel,
    Resource,
    WireModel,
)


class AnonymousAssignee(WireModel):
    """An assignee who is not a Datadog user: a Slack or Microsoft Teams user, sent and
    returned as `{"id": "USLACKBOT", "name": "Slackbot", "source": "slack", "icon": URL}`."""

    id: str
    name: str
    source: str
    icon: str

    def __str__(self) -> str:
        return f"{self.name} ({self.source} user {self.id})"


# A Datadog user by `@handle`, or someone from a chat tool.
Assignee = str | AnonymousAssignee


class TodoAttributes(WireModel):
    content: str | None = None
    assignees: list[Assignee] | None = None
    completed: str | None = None
    due_date: str | None = None
    incident_id: str | None = None
    created: datetime | None = None
    modified: datetime | None = None


Todo = Resource[TodoAttributes]
TodoResponse = Document[TodoAttributes]
TodosResponse = Collection[TodoAttributes]


class TodoWriteAttributes(RequestModel):
    """Todo attributes for create and update; Datadog requires content and assignees on both."""

    content: str = Field(min_length=1)
    assignees: list[Assignee]
    completed: str | None = None
    due_date: str | None = None
    incident_id: str | None = None


TodoCreateRequest = Request[Literal["incident_todos"], TodoWriteAttributes]


TodoUpdateRequest = TodoCreateRequest
