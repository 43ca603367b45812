"""Incident todos: follow-up tasks with assignees and due dates."""

from __future__ import annotations

from datadog_incidents_mcp.datadog.models.todos import (
    TodoCreateRequest,
    TodoResponse,
    TodosResponse,
    TodoUpdateRequest,
)
from datadog_incidents_mcp.datadog.resources._base import IncidentChildren


class Todos(IncidentChildren):
    _all = "/api/v2/incidents/{incident_id}/relationships/todos"
    _id_name = "todo_id"
    _noun = "todos"

    async def list(self, incident_id: str) -> TodosResponse:
        return await self._list(TodosResponse, incident_id)

    async def get(self, incident_id: str, todo_id: str) -> TodoResponse:
        return await self._get(TodoResponse, incident_id, todo_id)

    async def create(self, incident_id: str, body: TodoCreateRequest) -> TodoResponse:
        return await self._add(TodoResponse, incident_id, body)

    async def update(self, incident_id: str, todo_id: str, body: TodoUpdateRequest) -> TodoResponse:
        return await self._patch(TodoResponse, incident_id, todo_id, body)

    async def delete(self, incident_id: str, todo_id: str) -> None:
        await self._delete(incident_id, todo_id)
