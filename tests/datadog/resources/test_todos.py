"""`client.todos` against the sandbox over real HTTP."""

from __future__ import annotations

import pytest

from datadog_incidents_mcp.datadog import DatadogClient, NotFoundError
from datadog_incidents_mcp.datadog.models import todos as td
from tests.datadog.resources.shared import new_incident

pytestmark = pytest.mark.anyio


async def test_todo_round_trip(client: DatadogClient) -> None:
    incident_id = await new_incident(client)
    todo = await client.todos.create(
        incident_id,
        td.TodoCreateRequest.of(
            content="Page the DBA", assignees=["@mei.chen@example.com"], due_date="2026-12-01"
        ),
    )
    assert todo.data.attributes.completed is None
    await client.todos.update(
        incident_id,
        todo.data.id,
        td.TodoUpdateRequest.of(
            content="Page the DBA",
            assignees=["@mei.chen@example.com"],
            completed="2026-11-23T10:00:00+00:00",
        ),
    )
    assert (await client.todos.get(incident_id, todo.data.id)).data.attributes.completed
    await client.todos.delete(incident_id, todo.data.id)
    assert (await client.todos.list(incident_id)).data == []
    with pytest.raises(NotFoundError) as caught:
        await client.todos.delete(incident_id, todo.data.id)
    assert caught.value.messages == [f"{todo.data.id} not found"]
