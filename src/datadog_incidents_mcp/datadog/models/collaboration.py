"""Google Chat spaces and Google Meet calls opened for incidents of one type."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from datadog_incidents_mcp.datadog.models._base import Document, Envelope, RequestModel, WireModel
from datadog_incidents_mcp.datadog.models.config import TypeLink


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


class GoogleChatCreateData(RequestModel):
    type: Literal["google_chat_configurations"] = "google_chat_configurations"
    attributes: GoogleChatCreateAttributes
    relationships: TypeLink


class GoogleChatCreateRequest(Envelope):
    data: GoogleChatCreateData


class GoogleChatPatchAttributes(RequestModel):
    domain_id: str | None = Field(default=None, min_length=1, max_length=200)
    space_name_template: str | None = Field(default=None, min_length=1, max_length=500)
    space_time_zone: str | None = Field(default=None, min_length=1, max_length=64)
    space_target_audience_id: str | None = Field(default=None, min_length=1, max_length=200)


class GoogleChatPatchData(RequestModel):
    id: str
    type: Literal["google_chat_configurations"] = "google_chat_configurations"
    attributes: GoogleChatPatchAttributes | None = None


class GoogleChatPatchRequest(Envelope):
    data: GoogleChatPatchData


class GoogleMeetAttributes(WireModel):
    allow_manual_meeting_creation: bool | None = None
    auto_summarize: bool | None = None
    created_at: datetime | None = None
    modified_at: datetime | None = None


GoogleMeetResponse = Document[GoogleMeetAttributes]


class GoogleMeetCreateAttributes(RequestModel):
    allow_manual_meeting_creation: bool
    auto_summarize: bool


class GoogleMeetCreateData(RequestModel):
    type: Literal["google_meet_configurations"] = "google_meet_configurations"
    attributes: GoogleMeetCreateAttributes
    relationships: TypeLink


class GoogleMeetCreateRequest(Envelope):
    data: GoogleMeetCreateData


class GoogleMeetPatchAttributes(RequestModel):
    allow_manual_meeting_creation: bool | None = None
    auto_summarize: bool | None = None


class GoogleMeetPatchData(RequestModel):
    id: str
    type: Literal["google_meet_configurations"] = "google_meet_configurations"
    attributes: GoogleMeetPatchAttributes | None = None


class GoogleMeetPatchRequest(Envelope):
    data: GoogleMeetPatchData
