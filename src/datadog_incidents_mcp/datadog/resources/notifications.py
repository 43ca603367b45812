"""Notification templates, notification rules and global incident handles."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog.models.notifications import (
    HandleResponse,
    HandlesResponse,
    HandleWriteRequest,
    NotificationRuleResponse,
    NotificationRulesResponse,
    NotificationRuleWriteRequest,
    NotificationTemplateCreateRequest,
    NotificationTemplatePatchRequest,
    NotificationTemplateResponse,
    NotificationTemplatesResponse,
)
from datadog_incidents_mcp.datadog.resources._base import ResourceBase


class NotificationTemplates(ResourceBase):
    """The subject and body of incident notifications, per category."""

    _ALL = "/api/v2/incidents/config/notification-templates"
    _ONE = "/api/v2/incidents/config/notification-templates/{id}"

    async def list(self, *, incident_type: str | None = None) -> NotificationTemplatesResponse:
        params = {"filter[incident-type]": incident_type}
        return await self._read(NotificationTemplatesResponse, self._ALL, params)

    async def get(self, template_id: str) -> NotificationTemplateResponse:
        path = build_path(self._ONE, id=template_id)
        return await self._read(NotificationTemplateResponse, path)

    async def create(self, body: NotificationTemplateCreateRequest) -> NotificationTemplateResponse:
        hint = f'List the notification templates for "{body.data.attributes.name}" first.'
        return await self._create(NotificationTemplateResponse, self._ALL, body, hint)

    async def update(
        self, template_id: str, body: NotificationTemplatePatchRequest
    ) -> NotificationTemplateResponse:
        path = build_path(self._ONE, id=template_id)
        return await self._write(NotificationTemplateResponse, "PATCH", path, body)

    async def delete(self, template_id: str) -> None:
        await self._remove(build_path(self._ONE, id=template_id))


class NotificationRules(ResourceBase):
    """Who is notified (handles) when an incident matching the conditions is triggered."""

    _ALL = "/api/v2/incidents/config/notification-rules"
    _ONE = "/api/v2/incidents/config/notification-rules/{id}"

    async def list(self) -> NotificationRulesResponse:
        return await self._read(NotificationRulesResponse, self._ALL)

    async def get(self, rule_id: str) -> NotificationRuleResponse:
        return await self._read(NotificationRuleResponse, build_path(self._ONE, id=rule_id))

    async def create(self, body: NotificationRuleWriteRequest) -> NotificationRuleResponse:
        hint = f'List the notification rules for one on "{body.data.attributes.trigger}" first.'
        return await self._create(NotificationRuleResponse, self._ALL, body, hint)

    async def update(
        self, rule_id: str, body: NotificationRuleWriteRequest
    ) -> NotificationRuleResponse:
        """A whole replacement (PUT): every attribute not sent is reset."""
        path = build_path(self._ONE, id=rule_id)
        return await self._write(NotificationRuleResponse, "PUT", path, body)

    async def delete(self, rule_id: str) -> None:
        await self._remove(build_path(self._ONE, id=rule_id))


class GlobalHandles(ResourceBase):
    """Org-wide incident handles. Datadog's API addresses them as one collection: an update
    names the handle in the body, and delete takes no ID at all (as the spec documents)."""

    _PATH = "/api/v2/incidents/config/global/incident-handles"

    async def list(self) -> HandlesResponse:
        return await self._read(HandlesResponse, self._PATH)

    async def create(self, body: HandleWriteRequest) -> HandleResponse:
        hint = f'List the global handles for "{body.data.attributes.name}" first.'
        return await self._create(HandleResponse, self._PATH, body, hint)

    async def update(self, body: HandleWriteRequest) -> HandleResponse:
        """Replace the handle whose ID the body carries."""
        return await self._write(HandleResponse, "PUT", self._PATH, body)

    async def delete(self) -> None:
        await self._remove(self._PATH)
