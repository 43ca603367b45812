"""Incident role models (`/incidents/config/user-defined-roles`): the roles people take
in an incident (communications lead, scribe...)."""

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
    WireModel,
)
from datadog_incidents_mcp.datadog.models.shared import TypeLink


class RolePolicy(WireModel):
    is_single: bool | None = None


class RoleAttributes(WireModel):
    name: str | None = None
    description: str | None = None
    policy: RolePolicy | None = None
    created: datetime | None = None
    modified: datetime | None = None


Role = Resource[RoleAttributes]
RoleResponse = Document[RoleAttributes]
RolesResponse = Collection[RoleAttributes]


class RolePolicyRequest(RequestModel):
    is_single: bool


class RoleCreateAttributes(RequestModel):
    name: str = Field(min_length=1, max_length=200)
    description: str | None = None
    policy: RolePolicyRequest | None = None


RoleCreateRequest = Request[Literal["incident_user_defined_roles"], RoleCreateAttributes, TypeLink]


class RolePatchAttributes(RequestModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = None
    policy: RolePolicyRequest | None = None


RolePatchRequest = Request[Literal["incident_user_defined_roles"], RolePatchAttributes, None, str]
