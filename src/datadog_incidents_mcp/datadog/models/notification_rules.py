"""Notification rule models: who hears about an incident that matches the conditions,
and with which template."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from datadog_incidents_mcp.datadog.models._base import (
    Collection,
    Document,
    Identifier,
    Request,
    RequestModel,
    Resource,
    WireModel,
)
from datadog_incidents_mcp.datadog.models.shared import (
    Condition,
    ConditionRequest,
    IncidentTypeRelationship,
)


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


class NotificationRuleWriteAttributes(RequestModel):
    conditions: list[ConditionRequest]
    handles: list[str] = Field(min_length=1)
    trigger: str = Field(min_length=1, max_length=200)
    enabled: bool | None = None
    renotify_on: list[str] | None = None
    visibility: Literal["all", "organization", "private"] | None = None


class TemplateRef(Identifier):
    type: Literal["notification_templates"] = "notification_templates"


class TemplateRelationship(RequestModel):
    data: TemplateRef


class NotificationRuleLinks(RequestModel):
    incident_type: IncidentTypeRelationship | None = None
    notification_template: TemplateRelationship | None = None


# Create and update (PUT, a whole replacement) take the same body.
# The `id` is required by PUT and absent on create.
NotificationRuleWriteRequest = Request[
    Literal["incident_notification_rules"],
    NotificationRuleWriteAttributes,
    NotificationRuleLinks | None,
    str | None,
]
