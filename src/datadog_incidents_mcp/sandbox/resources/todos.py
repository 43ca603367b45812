# The sandbox reads arbitrary JSON request bodies, whose types are unknown by nature.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false
# pyright: reportUnknownArgumentType=false
"""An incident's todos, served by Datadog's original incident service (legacy style)."""

from __future__ import annotations

from typing import Any

from datadog_incidents_mcp.sandbox.collection import Collection, EchoedUsers
from datadog_incidents_mcp.sandbox.responses import ApiError, require_str


def _todo_attributes(attrs: dict[str, Any], partial: bool) -> dict[str, Any]:
    """Every update sends the whole todo, as a create does."""
    content = require_str(attrs, "content", "legacy")
    assignees = attrs.get("assignees")
    if not isinstance(assignees, list):
        raise ApiError(400, "assignees is required and must be a list")
    for item in assignees:
        if not (
            isinstance(item, str)
            or (isinstance(item, dict) and {"id", "name", "icon", "source"} <= item.keys())
        ):
            raise ApiError(400, "each assignee is a @handle string or {id, name, icon, source}")
    for name in ("completed", "due_date"):
        if attrs.get(name) is not None and not isinstance(attrs[name], str):
            raise ApiError(400, f"{name} must be a string or null")
    return {
        "content": content,
        "assignees": assignees,
        "completed": attrs.get("completed"),
        "due_date": attrs.get("due_date"),
    }


# Recorded live: a todo's POST answer embeds its users but leaves the `*_uuid` twins null,
# and reading one todo embeds them too.
TODOS = Collection(
    "todos",
    "incident_todos",
    "todo_id",
    parse=_todo_attributes,
    per_incident=True,
    style="legacy",
    legacy_stamps=True,
    echo_incident=True,
    users=EchoedUsers(embeds=frozenset({"create", "get", "update"}), blank=frozenset({"create"})),
    body_first=False,
    check_id=False,
    paginated=True,
)


ROUTES = TODOS.routes("/api/v2/incidents/{incident_id}/relationships/todos")
