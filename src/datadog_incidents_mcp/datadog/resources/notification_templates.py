"""Notification templates: the subject and body of incident notifications, per category."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog.models.notification_templates import (
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
