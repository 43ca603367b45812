"""Teams API models (`/api/v2/team`), the current home of Datadog teams."""

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
    UserLink,
    UserRef,
    WireModel,
)


class TeamAttributes(WireModel):
    handle: str | None = None
    name: str | None = None
    description: str | None = None
    summary: str | None = None
    user_count: int | None = None
    link_count: int | None = None
    is_managed: bool | None = None
    created_at: datetime | None = None
    modified_at: datetime | None = None


Team = Resource[TeamAttributes]
TeamResponse = Document[TeamAttributes]
TeamsResponse = Collection[TeamAttributes]


class MembershipAttributes(WireModel):
    role: str | None = None
    provisioned_by: str | None = None
    provisioned_by_id: str | None = None


Membership = Resource[MembershipAttributes]
MembershipResponse = Document[MembershipAttributes]
MembershipsResponse = Collection[MembershipAttributes]


class TeamWriteAttributes(RequestModel):
    handle: str = Field(min_length=1, max_length=195)
    name: str = Field(min_length=1, max_length=200)
    description: str | None = None


class TeamUsers(RequestModel):
    data: list[UserRef]


class TeamCreateRelationships(RequestModel):
    users: TeamUsers


TeamCreateRequest = Request[Literal["team"], TeamWriteAttributes, TeamCreateRelationships | None]


TeamUpdateRequest = Request[Literal["team"], TeamWriteAttributes]


class MembershipWriteAttributes(RequestModel):
    role: Literal["admin"] | None = None


class TeamRef(RequestModel):
    id: str
    type: Literal["team"] = "team"


class MembershipTeam(RequestModel):
    data: TeamRef


class MembershipRelationships(RequestModel):
    team: MembershipTeam
    user: UserLink


MembershipCreateRequest = Request[
    Literal["team_memberships"], MembershipWriteAttributes | None, MembershipRelationships
]


MembershipUpdateRequest = Request[Literal["team_memberships"], MembershipWriteAttributes]
