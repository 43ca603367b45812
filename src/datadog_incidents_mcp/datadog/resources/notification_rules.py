"""Notification rules: who is notified when a matching incident is triggered."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog.models.notification_rules import (
    NotificationRuleResponse,
    NotificationRulesResponse,
    NotificationRuleWriteRequest,
)
from datadog_incidents_mcp.datadog.resources._base import ResourceBase


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
