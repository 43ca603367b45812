"""Incident rules: when an incident is created or changes and matches, run a task."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog.models.incident_rules import (
    IncidentRuleCreateRequest,
    IncidentRulePatchRequest,
    IncidentRuleResponse,
    IncidentRulesResponse,
)
from datadog_incidents_mcp.datadog.resources._base import ResourceBase


class IncidentRules(ResourceBase):
    """When an incident is created or changes and matches, run a task (open a Slack channel,
    a Jira issue, notify handles...)."""

    _ALL = "/api/v2/incidents/config/rules"
    _ONE = "/api/v2/incidents/config/rules/{rule_id}"

    async def list(
        self,
        *,
        task_id: str | None = None,
        trigger: str | None = None,
        incident_type: str | None = None,
    ) -> IncidentRulesResponse:
        params = {
            "filter[task_id]": task_id,
            "filter[trigger]": trigger,
            "incidentTypeUUID": incident_type,
        }
        return await self._read(IncidentRulesResponse, self._ALL, params)

    async def get(self, rule_id: str) -> IncidentRuleResponse:
        return await self._read(IncidentRuleResponse, build_path(self._ONE, rule_id=rule_id))

    async def create(self, body: IncidentRuleCreateRequest) -> IncidentRuleResponse:
        hint = f'List the rules with task "{body.data.attributes.task_id}" first.'
        return await self._create(IncidentRuleResponse, self._ALL, body, hint)

    async def update(self, rule_id: str, body: IncidentRulePatchRequest) -> IncidentRuleResponse:
        path = build_path(self._ONE, rule_id=rule_id)
        return await self._write(IncidentRuleResponse, "PATCH", path, body)

    async def delete(self, rule_id: str) -> None:
        await self._remove(build_path(self._ONE, rule_id=rule_id))
