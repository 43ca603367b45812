"""User tools: find the people to name as commander, responder, assignee or team member."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Required

from mcp.server.mcpserver import Context
from pydantic import Field, with_config

from datadog_incidents_mcp.calls import resolve
from datadog_incidents_mcp.calls.output import OPEN, Output, Shown, next_page, prune
from datadog_incidents_mcp.calls.params import Page, PageSize, UserRef
from datadog_incidents_mcp.calls.state import app_state
from datadog_incidents_mcp.datadog.models.users import User
from datadog_incidents_mcp.tools.registry import KEYS_ONLY, tool


@with_config(OPEN)
class UserShown(Shown, total=False):
    id: Required[str]
    name: str
    email: str
    handle: str
    title: str
    status: str


@with_config(OPEN)
class TeamRole(Shown, total=False):
    id: str
    role: Required[str]


class UserResult(Output):
    user: UserShown


class UserList(Output):
    users: list[UserShown]
    total: int | None = None
    notice: str | None = None


class TeamNames(Output):
    teams: list[TeamRole]


def render(user: User) -> UserShown:
    a = user.attributes
    return prune(
        {
            "id": user.id,
            "name": a.name,
            "email": a.email,
            "handle": a.handle,
            "title": a.title,
            "status": a.status,
        }
    )


@tool("users", "Search users", "read")
async def search_users(
    ctx: Context[Any],
    query: Annotated[
        str | None, Field(max_length=200, description="Part of a name, email or handle")
    ] = None,
    status: Annotated[
        Literal["Active", "Pending", "Disabled", "any"],
        Field(description="Account status; any: every status"),
    ] = "Active",
    page_size: PageSize = 10,
    page: Page = 0,
) -> UserList:
    """Find a person (user) by name, email (jane@example.com) or handle: someone's user ID for
    other tools.
    """
    state = app_state(ctx)
    found = await state.client.users.list(
        filter_text=query,
        status=None if status == "any" else status,
        page_size=page_size,
        page_number=page,
    )
    page_meta = (found.meta.page or {}) if found.meta else {}
    total = page_meta.get("total_filtered_count")
    return UserList(
        users=[render(u) for u in found.data],
        total=total,
        notice=next_page(page, page_size, len(found.data), total, "users"),
    )


@tool("users", "Get user", "read")
async def get_user(ctx: Context[Any], user: UserRef) -> UserResult:
    """Look up who a user is (jane@example.com), by UUID, email, handle, full name or "me"."""
    return UserResult(user=render(await resolve.user(app_state(ctx), user, "user")))


@tool("users", "Who am I", "read", needs=KEYS_ONLY)
async def get_current_user(ctx: Context[Any]) -> UserResult:
    """Who am I: the user the application key is connected as (on a server people sign in
    to, the signed-in person); "me" in other tools (e.g. what is assigned to me).
    """
    return UserResult(user=render(await resolve.user(app_state(ctx), "me", "user")))


@tool("teams", "List a user's teams", "read")
async def list_user_teams(ctx: Context[Any], user: UserRef) -> TeamNames:
    """List the teams a person is a member of, e.g. my teams (team IDs for get_team)."""
    state = app_state(ctx)
    found = await state.client.users.memberships(await resolve.user_id(state, user, "user"))
    teams = [
        prune(
            {"id": next(iter(m.related_ids("team")), None), "role": m.attributes.role or "member"}
        )
        for m in found.data
    ]
    return TeamNames(teams=teams)
