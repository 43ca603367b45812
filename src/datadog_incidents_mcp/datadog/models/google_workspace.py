"""Google Chat spaces and Google Meet calls opened for incidents of one type."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from datadog_incidents_mcp.datadog.models._base import (
    Document,
    Request,
    RequestModel,
    WireModel,
)
from datadog_incidents_mcp.datadog.models.shared import TypeLink


class GoogleChatAttributes(WireModel):
    domain_id: str | None = None
    space_name_template: str | None = None
    space_time_zone: str | None = None
    space_target_audience_id: str | None = None
    created_at: datetime | None = None
    modified_at: datetime | None = None


GoogleChatResponse = Document[GoogleChatAttributes]


class GoogleChatCreateAttributes(RequestModel):
    domain_id: str = Field(min_length=1, max_length=200)
    space_name_template: str = Field(min_length=1, max_length=500)
    space_time_zone: str = Field(min_length=1, max_length=64)
    space_target_audience_id: str = Field(min_length=1, max_length=200)


GoogleChatCreateRequest = Request[
    Literal["google_chat_configurations"], GoogleChatCreateAttributes, TypeLink
]


class GoogleChatPatchAttributes(RequestModel):
    domain_id: str | None = Field(default=None, min_length=1, max_length=200)
    space_name_template: str | None = Field(default=None, min_length=1, max_length=500)
    space_time_zone: str | None = Field(default=None, min_length=1, max_length=64)
    space_target_audience_id: str | None = Field(default=None, min_length=1, max_length=200)


GoogleChatPatchRequest = Request[
    Literal["google_chat_configurations"], GoogleChatPatchAttributes | None, None, str
]


class GoogleMeetAttributes(WireModel):
    allow_manual_meeting_creation: bool | None = None
    auto_summarize: bool | None = None
    created_at: datetime | None = None
    modified_at: datetime | None = None


GoogleMeetResponse = Document[GoogleMeetAttributes]


class GoogleMeetCreateAttributes(RequestModel):
    allow_manual_meeting_creation: bool
    auto_summarize: bool


GoogleMeetCreateRequest = Request[
    Literal["google_meet_configurations"], GoogleMeetCreateAttributes, TypeLink
]


class GoogleMeetPatchAttributes(RequestModel):
    allow_manual_meeting_creation: bool | None = None
    auto_summarize: bool | None = None


GoogleMeetPatchRequest = Request[
    Literal["google_meet_configurations"], GoogleMeetPatchAttributes | None, None, str
]
