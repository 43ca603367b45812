"""Notification template models: the subject and body of incident notifications,
per category."""

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
from datadog_incidents_mcp.datadog.models.shared import IncidentTypeRelationship


class NotificationTemplateAttributes(WireModel):
    name: str | None = None
    subject: str | None = None
    content: str | None = None
    category: str | None = None
    created: datetime | None = None
    modified: datetime | None = None


NotificationTemplate = Resource[NotificationTemplateAttributes]
NotificationTemplateResponse = Document[NotificationTemplateAttributes]
NotificationTemplatesResponse = Collection[NotificationTemplateAttributes]


class OptionalTypeLink(RequestModel):
    incident_type: IncidentTypeRelationship | None = None


class NotificationTemplateCreateAttributes(RequestModel):
    name: str = Field(min_length=1, max_length=200)
    subject: str = Field(min_length=1, max_length=500)
    content: str = Field(min_length=1, max_length=50_000)
    category: str = Field(min_length=1, max_length=100)


NotificationTemplateCreateRequest = Request[
    Literal["notification_templates"], NotificationTemplateCreateAttributes, OptionalTypeLink | None
]


class NotificationTemplatePatchAttributes(RequestModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    subject: str | None = Field(default=None, min_length=1, max_length=500)
    content: str | None = Field(default=None, min_length=1, max_length=50_000)
    category: str | None = Field(default=None, min_length=1, max_length=100)


NotificationTemplatePatchRequest = Request[
    Literal["notification_templates"], NotificationTemplatePatchAttributes | None, None, str
]
