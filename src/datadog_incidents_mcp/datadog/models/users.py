"""User models (`/api/v2/users`), used to resolve commanders, responders and assignees."""

from __future__ import annotations

from datetime import datetime

from datadog_incidents_mcp.datadog.models._base import Collection, Document, Resource, WireModel


class UserAttributes(WireModel):
    name: str | None = None
    handle: str | None = None
    email: str | None = None
    title: str | None = None
    status: str | None = None
    disabled: bool | None = None
    service_account: bool | None = None
    icon: str | None = None
    uuid: str | None = None
    created_at: datetime | None = None
    modified_at: datetime | None = None


User = Resource[UserAttributes]
UserResponse = Document[UserAttributes]
UsersResponse = Collection[UserAttributes]
