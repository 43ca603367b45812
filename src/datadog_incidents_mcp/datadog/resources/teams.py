"""Datadog's Teams API (`/api/v2/team`), which replaced the removed incident-teams API."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog._transport import parse, query
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
        params = query(
            {"filter[keyword]": keyword, "page[size]": page_size, "page[number]": page_number}
        )
        response = await self._requester.request("GET", _ROOT, params=params, retry_safe=True)
        return parse(TeamsResponse, response)

    async def get(self, team_id: str) -> TeamResponse:
        response = await self._requester.request(
            "GET", build_path(_ONE, team_id=team_id), retry_safe=True
        )
        return parse(TeamResponse, response)

    async def create(self, body: TeamCreateRequest) -> TeamResponse:
        return await self._requester.create(
            TeamResponse,
            _ROOT,
            body,
            check_hint=f'Look for a team with handle "{body.data.attributes.handle}" first.',
        )

    async def update(self, team_id: str, body: TeamUpdateRequest) -> TeamResponse:
        response = await self._requester.request(
            "PATCH", build_path(_ONE, team_id=team_id), body=body, retry_safe=True
        )
        return parse(TeamResponse, response)

    async def delete(self, team_id: str) -> None:
        await self._requester.request("DELETE", build_path(_ONE, team_id=team_id), retry_safe=True)

    async def list_memberships(
        self, team_id: str, *, page_size: int = 10, page_number: int = 0
    ) -> MembershipsResponse:
        response = await self._requester.request(
            "GET",
            build_path(_MEMBERS, team_id=team_id),
            params=query({"page[size]": page_size, "page[number]": page_number}),
            retry_safe=True,
        )
        return parse(MembershipsResponse, response)

    async def add_membership(
        self, team_id: str, body: MembershipCreateRequest
    ) -> MembershipResponse:
        # Adding a member twice answers 409 rather than duplicating, so a retry is harmless.
        response = await self._requester.request(
            "POST", build_path(_MEMBERS, team_id=team_id), body=body, retry_safe=True
        )
        return parse(MembershipResponse, response)

    async def update_membership(
        self, team_id: str, user_id: str, body: MembershipUpdateRequest
    ) -> MembershipResponse:
        response = await self._requester.request(
            "PATCH",
            build_path(_MEMBER, team_id=team_id, user_id=user_id),
            body=body,
            retry_safe=True,
        )
        return parse(MembershipResponse, response)

    async def remove_membership(self, team_id: str, user_id: str) -> None:
        await self._requester.request(
            "DELETE", build_path(_MEMBER, team_id=team_id, user_id=user_id), retry_safe=True
        )
