"""Team tools: Datadog teams (the Teams API) and their members."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Required

from mcp.server.mcpserver import Context
from pydantic import Field, with_config

from datadog_incidents_mcp.calls import resolve
from datadog_incidents_mcp.calls.output import (
    OPEN,
    Deleted,
    Output,
    Shown,
    next_page,
    person,
    prune,
    quoted,
)
from datadog_incidents_mcp.calls.params import (
    About,
    Flag,
    Name,
    Named,
    Page,
    PageSize,
    UserRef,
    id_from,
)
from datadog_incidents_mcp.calls.state import AppState, app_state
from datadog_incidents_mcp.datadog.models import CLEAR, user_relationship
from datadog_incidents_mcp.datadog.models.teams import (
    Membership,
    MembershipCreateRequest,
    MembershipUpdateRequest,
    Team,
    TeamCreateRequest,
    TeamUpdateRequest,
)
from datadog_incidents_mcp.tools.registry import tool


@with_config(OPEN)
class TeamShown(Shown, total=False):
    id: Required[str]
    handle: str
    name: str
    description: str
    members: int


@with_config(OPEN)
class MemberShown(Shown, total=False):
    user: str
    user_id: str
    role: Required[str]


async def _team_name(
    state: AppState, argument: str, arguments: Mapping[str, str]
) -> tuple[str, str]:
    found = (await state.client.teams.get(arguments[argument])).data
    return quoted(found.attributes.name or found.attributes.handle), found.id


TeamRef = Annotated[str, id_from("Team", "list_teams", pattern=None), Named(_team_name)]
Handle = Annotated[
    str,
    Field(
        min_length=1,
        max_length=195,
        pattern=r"^[a-z0-9][a-z0-9._-]*$",
        description="Short lowercase ID, e.g. payments",
    ),
]
Admin = Annotated[Flag, Field(description="true: team admin; false: plain member")]


class TeamResult(Output):
    team: TeamShown


class TeamList(Output):
    teams: list[TeamShown]
    total: int | None = None
    notice: str | None = None


class MemberResult(Output):
    member: MemberShown


class MemberList(Output):
    members: list[MemberShown]
    notice: str | None = None


def render_team(team: Team) -> TeamShown:
    a = team.attributes
    return prune(
        {
            "id": team.id,
            "handle": a.handle,
            "name": a.name,
            "description": a.description,
            "members": a.user_count,
        }
    )


async def render_member(state: AppState, membership: Membership) -> MemberShown:
    user_id = next(iter(membership.related_ids("user")), "")
    user = await state.client.users.get(user_id)
    a = user.data.attributes
    return prune(
        {
            "user": f"{a.name} <{a.email}>",
            "user_id": user_id,
            "role": membership.attributes.role or "member",
        }
    )


@tool("teams", "List teams", "read")
async def list_teams(
    ctx: Context[Any],
    keyword: Annotated[
        str | None, Field(max_length=200, description="Part of a team's name or handle")
    ] = None,
    page_size: PageSize = 25,
    page: Page = 0,
) -> TeamList:
    """Find Datadog teams by name or handle."""
    state = app_state(ctx)
    found = await state.client.teams.list(keyword=keyword, page_size=page_size, page_number=page)
    total = getattr(found.meta.pagination, "total", None) if found.meta else None
    notice = next_page(page, page_size, len(found.data), total, "teams")
    return TeamList(teams=[render_team(t) for t in found.data], total=total, notice=notice)


@tool("teams", "Get team", "read")
async def get_team(ctx: Context[Any], team_id: TeamRef) -> TeamResult:
    """Show one team: its name, handle and description."""
    return TeamResult(team=render_team((await app_state(ctx).client.teams.get(team_id)).data))


@tool("teams", "Create team", "create", needs=("teams_read", "teams_manage"))
async def create_team(
    ctx: Context[Any],
    handle: Handle,
    name: Name,
    description: About | None = None,
    members: Annotated[
        list[str] | None,
        Field(max_length=50, description='People: email, handle, full name, UUID or "me"'),
    ] = None,
) -> TeamResult:
    """Create a Datadog team, optionally with its first members."""
    state = app_state(ctx)
    users = [
        {"id": await resolve.user_id(state, m, "members"), "type": "users"} for m in members or []
    ]
    body = TeamCreateRequest.of(
        handle=handle,
        name=name,
        description=description,
        relationships={"users": {"data": users}} if users else None,
    )
    return TeamResult(team=render_team((await state.client.teams.create(body)).data))


@tool("teams", "Update team", "update", needs=("teams_read",))
async def update_team(
    ctx: Context[Any],
    team_id: TeamRef,
    name: Name | None = None,
    handle: Handle | None = None,
    description: About | None = None,
) -> TeamResult:
    """Rename a team or change its handle or description."""
    state = app_state(ctx)
    current = (await state.client.teams.get(team_id)).data.attributes
    body = TeamUpdateRequest.of(
        handle=handle or current.handle,
        name=name or current.name,
        description=description if description is not None else current.description,
    )
    return TeamResult(team=render_team((await state.client.teams.update(team_id, body)).data))


@tool(
    "teams", "Delete team", "delete", needs=("teams_read", "teams_manage"), deletes="team {team_id}"
)
async def delete_team(ctx: Context[Any], team_id: TeamRef) -> Deleted:
    """Delete a Datadog team, after the user confirms."""
    await app_state(ctx).client.teams.delete(team_id)
    return Deleted(deleted=team_id)


@tool("teams", "List team members", "read")
async def list_team_members(
    ctx: Context[Any], team_id: TeamRef, page_size: PageSize = 50, page: Page = 0
) -> MemberList:
    """List who is on a team: its members and their roles."""
    state = app_state(ctx)
    found = await state.client.teams.list_memberships(
        team_id, page_size=page_size, page_number=page
    )
    members = [await render_member(state, m) for m in found.data]
    notice = (
        f"more members may exist: call again with page={page + 1}"
        if len(members) >= page_size
        else None
    )
    return MemberList(members=members, notice=notice)


@tool("teams", "Add team member", "create", needs=("teams_read",))
async def add_team_member(
    ctx: Context[Any], team_id: TeamRef, user: UserRef, admin: Admin = False
) -> MemberResult:
    """Add a person to a team, as member or admin."""
    state = app_state(ctx)
    user_id = await resolve.user_id(state, user, "user")
    body = MembershipCreateRequest.of(
        role="admin" if admin else None,
        relationships={
            "team": {"data": {"id": team_id, "type": "team"}},
            "user": user_relationship(user_id),
        },
    )
    return MemberResult(
        member=await render_member(
            state, (await state.client.teams.add_membership(team_id, body)).data
        )
    )


@tool("teams", "Change team role", "update", needs=("teams_read",))
async def update_team_member(
    ctx: Context[Any], team_id: TeamRef, user: UserRef, admin: Admin
) -> MemberResult:
    """Make a team member an admin, or a plain member again."""
    state = app_state(ctx)
    user_id = await resolve.user_id(state, user, "user")
    body = MembershipUpdateRequest.of(role="admin" if admin else CLEAR)
    updated = await state.client.teams.update_membership(team_id, user_id, body)
    return MemberResult(member=await render_member(state, updated.data))


@tool(
    "teams",
    "Remove team member",
    "delete",
    needs=("teams_read",),
    deletes="{user}'s membership of team {team_id}",
)
async def remove_team_member(ctx: Context[Any], team_id: TeamRef, user: UserRef) -> Deleted:
    """Take a person out of a team, after the user confirms."""
    state = app_state(ctx)
    found = await resolve.user(state, user, "user")
    await state.client.teams.remove_membership(team_id, found.id)
    return Deleted(deleted=f"{person(found.attributes.model_dump()) or user} from team {team_id}")
