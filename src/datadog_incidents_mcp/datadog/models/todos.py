"""Incident todo models (`/incidents/{id}/relationships/todos`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from datadog_incidents_mcp.datadog.models._base import (
    Collection,
    Document,
    Envelope,
    RequestModel,
    Resource,
    WireModel,
)


class TodoAttributes(WireModel):
    content: str | None = None
    assignees: list[str | dict[str, Any]] | None = None
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
    assignees: list[str]
    completed: str | None = None
    due_date: str | None = None
    incident_id: str | None = None


class TodoCreateData(RequestModel):
    type: Literal["incident_todos"] = "incident_todos"
    attributes: TodoWriteAttributes


class TodoCreateRequest(Envelope):
    data: TodoCreateData


TodoUpdateRequest = TodoCreateRequest
