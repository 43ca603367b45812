"""Reaching people outside the incident: Datadog On-Call pages and ServiceNow records."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from datadog_incidents_mcp.datadog.models._base import Ref, Request, RequestModel, WireModel

PageTargetType = Literal["team_handle", "team_uuid", "user_uuid"]


class PageTarget(RequestModel):
    type: PageTargetType
    identifier: str = Field(min_length=1, max_length=200)


class PageRole(RequestModel):
    id: str = Field(min_length=1)
    type: Literal["incident_user_defined_roles", "incident_reserved_roles"]


class PageAttributes(RequestModel):
    title: str | None = Field(default=None, max_length=500)
    description: str | None = Field(default=None, max_length=10_000)
    target: PageTarget | None = None
    role: PageRole | None = None
    services: list[str] | None = None
    tags: list[str] | None = None


PageRequest = Request[Literal["page"], PageAttributes]


class PageIdResponse(WireModel):
    """`{"data": {"id": <page UUID>, "type": "page_uuid"}}`: no attributes."""

    data: Ref


class PageLinkAttributes(RequestModel):
    key: str | None = Field(default=None, max_length=200)
    page_target: PageTarget | None = None


# The `id` is the On-Call page to link.
PageLinkRequest = Request[
    Literal["page"], PageLinkAttributes | None, None, Annotated[str, Field(min_length=1)]
]


class ServiceNowRecordAttributes(RequestModel):
    instance_name: str = Field(min_length=1, max_length=200)
    assignment_group: str = Field(min_length=1, max_length=200)
    configuration_item_mapping: str = Field(min_length=1, max_length=200)
    record_id: str | None = Field(default=None, max_length=64)


ServiceNowRecordRequest = Request[
    Literal["incident_servicenow_record_prompt"], ServiceNowRecordAttributes
]
