"""Todo tools: the follow-up tasks of an incident, with assignees and due dates."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Annotated, Any, Required

from mcp.server.mcpserver import Context
from pydantic import Field, with_config

from datadog_incidents_mcp.calls import resolve
from datadog_incidents_mcp.calls.errors import ArgumentError
from datadog_incidents_mcp.calls.output import (
    OPEN,
    Deleted,
    Detailed,
    Output,
    detailed,
    iso,
    listed,
    quoted,
)
from datadog_incidents_mcp.calls.params import Detail, Flag, IncidentRef, Named, id_from
from datadog_incidents_mcp.calls.state import AppState
from datadog_incidents_mcp.datadog.models import CLEAR
from datadog_incidents_mcp.datadog.models.todos import (
    Assignee,
    Todo,
    TodoCreateRequest,
    TodoUpdateRequest,
)
from datadog_incidents_mcp.tools.registry import tool


@with_config(OPEN)
class TodoShown(Detailed, total=False):
    id: Required[str]
    content: str
    assignees: list[str]
    due_date: str
    completed: str
    created: str


async def _todo_text(
    state: AppState, argument: str, arguments: Mapping[str, str]
) -> tuple[str, str]:
    uuid = await resolve.incident_id(state, arguments["incident_id"])
    found = (await state.client.todos.get(uuid, arguments[argument])).data
    return quoted(found.attributes.content), found.id


TodoRef = Annotated[str, id_from("Todo", "list_incident_todos", pattern=None), Named(_todo_text)]
Assignees = Annotated[
    list[str], Field(max_length=20, description='People: email, handle, full name, UUID or "me"')
]
Content = Annotated[str, Field(min_length=1, max_length=4000, description="The task")]
DueDate = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")]


class TodoResult(Output):
    todo: TodoShown


class TodoList(Output):
    todos: list[TodoShown]
    notice: str | None = None


def render(state: AppState, todo: Todo, detail: str = "compact") -> TodoShown:
    """A todo as tools show it; an assignee this server knows shows as `Name <email>`."""
    a = todo.attributes
    return detailed(
        {
            "id": todo.id,
            "content": a.content,
            "assignees": [
                resolve.known_as(state, x) if isinstance(x, str) else str(x)
                for x in a.assignees or []
            ],
            "due_date": a.due_date,
            "completed": a.completed,
            "created": iso(a.created),
        },
        todo,
        detail,
    )


async def _handles(state: AppState, people: list[str]) -> list[Assignee]:
    """Datadog takes todo assignees as `@handle` strings and stores any string it gets, so
    each person is first resolved like every other person: exactly one user, or an error."""
    handles: list[Assignee] = []
    for ref in people:
        a = (await resolve.user(state, ref, "assignees")).attributes
        handle = a.handle or a.email
        if not handle:
            raise ArgumentError("assignees", f"{ref!r} has no handle a todo can be assigned to")
        handles.append(f"@{handle}")
    return handles


@tool("todos", "List incident todos", "read")
async def list_incident_todos(
    ctx: Context[Any], incident_id: IncidentRef, detail: Detail = "compact"
) -> TodoList:
    """List an incident's todos (task list): action items and follow-ups left to do, and their
    owners.
    """
    state, uuid = await resolve.incident_state(ctx, incident_id)
    found = await state.client.todos.list(uuid)
    shown, notice = listed([render(state, t, detail) for t in found.data])
    return TodoList(todos=shown, notice=notice)


@tool("todos", "Get incident todo", "read")
async def get_incident_todo(
    ctx: Context[Any], incident_id: IncidentRef, todo_id: TodoRef, detail: Detail = "compact"
) -> TodoResult:
    """Show one todo's details: what it says, who it is assigned to, due date, whether done."""
    state, uuid = await resolve.incident_state(ctx, incident_id)
    found = await state.client.todos.get(uuid, todo_id)
    return TodoResult(todo=render(state, found.data, detail))


@tool("todos", "Add incident todo", "create")
async def create_incident_todo(
    ctx: Context[Any],
    incident_id: IncidentRef,
    content: Content,
    assignees: Assignees | None = None,
    due_date: DueDate | None = None,
) -> TodoResult:
    """Add a todo to an incident: an action item or follow-up task to remind people, optionally
    assign it to someone with a due date.
    """
    state, uuid = await resolve.incident_state(ctx, incident_id)
    body = TodoCreateRequest.of(
        content=content, assignees=await _handles(state, assignees or []), due_date=due_date
    )
    made = await state.client.todos.create(uuid, body)
    return TodoResult(todo=render(state, made.data))


@tool("todos", "Update incident todo", "update")
async def update_incident_todo(
    ctx: Context[Any],
    incident_id: IncidentRef,
    todo_id: TodoRef,
    content: Content | None = None,
    assignees: Assignees | None = None,
    due_date: DueDate | None = None,
    completed: Annotated[
        Flag | None, Field(description="true marks it done, false reopens it")
    ] = None,
) -> TodoResult:
    """Update a todo (action item): mark it done or complete (check it off), reopen, assign,
    reassign or reword it, push its due date.
    """
    state, uuid = await resolve.incident_state(ctx, incident_id)
    current = (await state.client.todos.get(uuid, todo_id)).data.attributes
    done: Any = current.completed
    if completed is True:
        done = current.completed or iso(datetime.now(UTC))
    elif completed is False:
        done = CLEAR
    body = TodoUpdateRequest.of(
        content=content or current.content,
        assignees=await _handles(state, assignees)
        if assignees is not None
        else current.assignees or [],
        due_date=due_date or current.due_date,
        completed=done,
    )
    updated = await state.client.todos.update(uuid, todo_id, body)
    return TodoResult(todo=render(state, updated.data))


@tool("todos", "Delete incident todo", "delete", deletes="todo {todo_id}")
async def delete_incident_todo(
    ctx: Context[Any], incident_id: IncidentRef, todo_id: TodoRef
) -> Deleted:
    """Delete a todo (action item) not needed, after the user confirms; to finish one, complete
    it.
    """
    state, uuid = await resolve.incident_state(ctx, incident_id)
    await state.client.todos.delete(uuid, todo_id)
    return Deleted(deleted=todo_id)
