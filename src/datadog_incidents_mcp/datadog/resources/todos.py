"""Incident todos: follow-up tasks with assignees and due dates."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog._transport import parse
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
        response = await self._requester.request(
            "GET", build_path(_ALL, incident_id=incident_id), retry_safe=True
        )
        return parse(TodosResponse, response)

    async def get(self, incident_id: str, todo_id: str) -> TodoResponse:
        response = await self._requester.request(
            "GET", build_path(_ONE, incident_id=incident_id, todo_id=todo_id), retry_safe=True
        )
        return parse(TodoResponse, response)

    async def create(self, incident_id: str, body: TodoCreateRequest) -> TodoResponse:
        return await self._requester.create(
            TodoResponse,
            build_path(_ALL, incident_id=incident_id),
            body,
            check_hint="List the incident's todos before trying again.",
        )

    async def update(self, incident_id: str, todo_id: str, body: TodoUpdateRequest) -> TodoResponse:
        response = await self._requester.request(
            "PATCH",
            build_path(_ONE, incident_id=incident_id, todo_id=todo_id),
            body=body,
            retry_safe=True,
        )
        return parse(TodoResponse, response)

    async def delete(self, incident_id: str, todo_id: str) -> None:
        await self._requester.request(
            "DELETE", build_path(_ONE, incident_id=incident_id, todo_id=todo_id), retry_safe=True
        )
