"""Notification templates, notification rules and global incident handles: who hears about
an incident, and in which words."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from datadog_incidents_mcp.datadog.models._base import (
    Collection,
    Document,
    Envelope,
    RequestModel,
    Resource,
    WireModel,
)
from datadog_incidents_mcp.datadog.models.config import IncidentTypeRelationship


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


class NotificationTemplateCreateData(RequestModel):
    type: Literal["notification_templates"] = "notification_templates"
    attributes: NotificationTemplateCreateAttributes
    relationships: OptionalTypeLink | None = None


class NotificationTemplateCreateRequest(Envelope):
    data: NotificationTemplateCreateData


class NotificationTemplatePatchAttributes(RequestModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    subject: str | None = Field(default=None, min_length=1, max_length=500)
    content: str | None = Field(default=None, min_length=1, max_length=50_000)
    category: str | None = Field(default=None, min_length=1, max_length=100)


class NotificationTemplatePatchData(RequestModel):
    id: str
    type: Literal["notification_templates"] = "notification_templates"
    attributes: NotificationTemplatePatchAttributes | None = None


class NotificationTemplatePatchRequest(Envelope):
    data: NotificationTemplatePatchData


class Condition(WireModel):
    field: str | None = None
    values: list[str] | None = None


class NotificationRuleAttributes(WireModel):
    conditions: list[Condition] | None = None
    handles: list[str] | None = None
    trigger: str | None = None
    visibility: str | None = None
    enabled: bool | None = None
    renotify_on: list[str] | None = None
    created: datetime | None = None
    modified: datetime | None = None


NotificationRule = Resource[NotificationRuleAttributes]
NotificationRuleResponse = Document[NotificationRuleAttributes]
NotificationRulesResponse = Collection[NotificationRuleAttributes]


class ConditionRequest(RequestModel):
    """The rule matches when the incident's `field` holds one of `values`."""

    field: str = Field(min_length=1, max_length=200)
    values: list[str] = Field(min_length=1)


class NotificationRuleWriteAttributes(RequestModel):
    conditions: list[ConditionRequest]
    handles: list[str] = Field(min_length=1)
    trigger: str = Field(min_length=1, max_length=200)
    enabled: bool | None = None
    renotify_on: list[str] | None = None
    visibility: Literal["all", "organization", "private"] | None = None


class TemplateRef(RequestModel):
    id: str = Field(min_length=1)
    type: Literal["notification_templates"] = "notification_templates"


class TemplateRelationship(RequestModel):
    data: TemplateRef


class NotificationRuleLinks(RequestModel):
    incident_type: IncidentTypeRelationship | None = None
    notification_template: TemplateRelationship | None = None


class NotificationRuleWriteData(RequestModel):
    id: str | None = None  # required by PUT, absent on create
    type: Literal["incident_notification_rules"] = "incident_notification_rules"
    attributes: NotificationRuleWriteAttributes
    relationships: NotificationRuleLinks | None = None


class NotificationRuleWriteRequest(Envelope):
    """Create and update (PUT, a whole replacement) take the same body."""

    data: NotificationRuleWriteData


class HandleAttributes(WireModel):
    name: str | None = None
    fields: dict[str, Any] | None = None
    created_at: datetime | None = None
    modified_at: datetime | None = None


Handle = Resource[HandleAttributes]
HandleResponse = Document[HandleAttributes]
HandlesResponse = Collection[HandleAttributes]


class HandleFields(RequestModel):
    severity: list[str] | None = None


class HandleWriteAttributes(RequestModel):
    name: str = Field(min_length=1, max_length=200)
    fields: HandleFields | None = None


class LinkRef(RequestModel):
    id: str = Field(min_length=1)
    type: str = Field(min_length=1)


class Link(RequestModel):
    data: LinkRef


class HandleLinks(RequestModel):
    incident_type: Link
    commander_user: Link | None = None


class HandleWriteData(RequestModel):
    id: str | None = None  # which handle a PUT replaces; absent on create
    type: Literal["incidents_handles"] = "incidents_handles"
    attributes: HandleWriteAttributes
    relationships: HandleLinks | None = None


class HandleWriteRequest(Envelope):
    data: HandleWriteData
