"""Incident todos: follow-up tasks with assignees and due dates."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog.models.todos import (
    TodoCreateRequest,
    TodoResponse,
    TodosResponse,
    TodoUpdateRequest,
)
from datadog_incidents_mcp.datadog.resources._base import ResourceBase

_ALL = "/api/v2/incidents/{incident_id}/relationships/todos"
_ONE = "/api/v2/incidents/{incident_id}/relationships/todos/{todo_id}"


class Todos(ResourceBase):
    async def list(self, incident_id: str) -> TodosResponse:
        return await self._read(TodosResponse, build_path(_ALL, incident_id=incident_id))

    async def get(self, incident_id: str, todo_id: str) -> TodoResponse:
        path = build_path(_ONE, incident_id=incident_id, todo_id=todo_id)
        return await self._read(TodoResponse, path)

    async def create(self, incident_id: str, body: TodoCreateRequest) -> TodoResponse:
        path = build_path(_ALL, incident_id=incident_id)
        hint = "List the incident's todos before trying again."
        return await self._create(TodoResponse, path, body, hint)

    async def update(self, incident_id: str, todo_id: str, body: TodoUpdateRequest) -> TodoResponse:
        path = build_path(_ONE, incident_id=incident_id, todo_id=todo_id)
        return await self._write(TodoResponse, "PATCH", path, body)

    async def delete(self, incident_id: str, todo_id: str) -> None:
        await self._remove(build_path(_ONE, incident_id=incident_id, todo_id=todo_id))
