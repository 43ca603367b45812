"""User lookup: find the people to name as commander, responder or assignee."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog.models.teams import MembershipsResponse
from datadog_incidents_mcp.datadog.models.users import UserResponse, UsersResponse
from datadog_incidents_mcp.datadog.resources._base import ResourceBase

_ONE = "/api/v2/users/{user_id}"


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
        params = {
            "filter": filter_text,
            "filter[status]": status,
            "page[size]": page_size,
            "page[number]": page_number,
        }
        return await self._read(UsersResponse, "/api/v2/users", params)

    async def get(self, user_id: str) -> UserResponse:
        return await self._read(UserResponse, build_path(_ONE, user_id=user_id))

    async def current(self) -> UserResponse:
        """The owner of the application key (a user or a service account): Datadog's
        `GET /api/v2/current_user`, which needs no permission beyond valid keys."""
        return await self._read(UserResponse, "/api/v2/current_user")

    async def memberships(self, user_id: str) -> MembershipsResponse:
        """The teams a user belongs to."""
        path = build_path(_ONE + "/memberships", user_id=user_id)
        return await self._read(MembershipsResponse, path)
