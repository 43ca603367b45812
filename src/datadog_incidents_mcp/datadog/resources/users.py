"""User lookup: find the people to name as commander, responder or assignee."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog._transport import parse, query
from datadog_incidents_mcp.datadog.models.teams import MembershipsResponse
from datadog_incidents_mcp.datadog.models.users import UserResponse, UsersResponse
from datadog_incidents_mcp.datadog.resources._base import ResourceBase


class Users(ResourceBase):
    async def list(
        self,
        *,
        filter_text: str | None = None,
        status: str | None = None,
        page_size: int = 10,
        page_number: int = 0,
    ) -> UsersResponse:
        """Users whose email, handle or name contains `filter_text`."""
        params = query(
            {
                "filter": filter_text,
                "filter[status]": status,
                "page[size]": page_size,
                "page[number]": page_number,
            }
        )
        response = await self._requester.request(
            "GET", "/api/v2/users", params=params, retry_safe=True
        )
        return parse(UsersResponse, response)

    async def get(self, user_id: str) -> UserResponse:
        response = await self._requester.request(
            "GET", build_path("/api/v2/users/{user_id}", user_id=user_id), retry_safe=True
        )
        return parse(UserResponse, response)

    async def current(self) -> UserResponse:
        """The owner of the application key (a user or a service account): Datadog's
        `GET /api/v2/current_user`, which needs no permission beyond valid keys."""
        response = await self._requester.request("GET", "/api/v2/current_user", retry_safe=True)
        return parse(UserResponse, response)

    async def memberships(self, user_id: str) -> MembershipsResponse:
        """The teams a user belongs to."""
        response = await self._requester.request(
            "GET",
            build_path("/api/v2/users/{user_id}/memberships", user_id=user_id),
            retry_safe=True,
        )
        return parse(MembershipsResponse, response)
