"""Datadog's Teams API (`/api/v2/team`), which replaced the removed incident-teams API."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog.models.teams import (
    MembershipCreateRequest,
    MembershipResponse,
    MembershipsResponse,
    MembershipUpdateRequest,
    TeamCreateRequest,
    TeamResponse,
    TeamsResponse,
    TeamUpdateRequest,
)
from datadog_incidents_mcp.datadog.resources._base import ResourceBase

_ROOT = "/api/v2/team"
_ONE = "/api/v2/team/{team_id}"
_MEMBERS = "/api/v2/team/{team_id}/memberships"
_MEMBER = "/api/v2/team/{team_id}/memberships/{user_id}"


class Teams(ResourceBase):
    async def list(
        self, *, keyword: str | None = None, page_size: int = 10, page_number: int = 0
    ) -> TeamsResponse:
        params = {"filter[keyword]": keyword, "page[size]": page_size, "page[number]": page_number}
        return await self._read(TeamsResponse, _ROOT, params)

    async def get(self, team_id: str) -> TeamResponse:
        return await self._read(TeamResponse, build_path(_ONE, team_id=team_id))

    async def create(self, body: TeamCreateRequest) -> TeamResponse:
        hint = f'Look for a team with handle "{body.data.attributes.handle}" first.'
        return await self._create(TeamResponse, _ROOT, body, hint)

    async def update(self, team_id: str, body: TeamUpdateRequest) -> TeamResponse:
        return await self._write(TeamResponse, "PATCH", build_path(_ONE, team_id=team_id), body)

    async def delete(self, team_id: str) -> None:
        await self._remove(build_path(_ONE, team_id=team_id))

    async def list_memberships(
        self, team_id: str, *, page_size: int = 10, page_number: int = 0
    ) -> MembershipsResponse:
        path = build_path(_MEMBERS, team_id=team_id)
        params = {"page[size]": page_size, "page[number]": page_number}
        return await self._read(MembershipsResponse, path, params)

    async def add_membership(
        self, team_id: str, body: MembershipCreateRequest
    ) -> MembershipResponse:
        """Adding a member twice answers 409 rather than duplicating, so a retry is harmless."""
        path = build_path(_MEMBERS, team_id=team_id)
        return await self._repeatable(MembershipResponse, path, body)

    async def update_membership(
        self, team_id: str, user_id: str, body: MembershipUpdateRequest
    ) -> MembershipResponse:
        path = build_path(_MEMBER, team_id=team_id, user_id=user_id)
        return await self._write(MembershipResponse, "PATCH", path, body)

    async def remove_membership(self, team_id: str, user_id: str) -> None:
        await self._remove(build_path(_MEMBER, team_id=team_id, user_id=user_id))
