"""Incident rule models: when an incident is created or changes and matches, run a task
such as opening a Slack channel."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from datadog_incidents_mcp.datadog.models._base import (
    Collection,
    Document,
    Request,
    RequestModel,
    WireModel,
)
from datadog_incidents_mcp.datadog.models.shared import (
    Condition,
    ConditionRequest,
)

# IncidentRuleTaskIDType and IncidentRuleTriggerType in the official spec.
RuleTask = Literal[
    "jira-create-issue-job",
    "notify-incident-handles-job",
    "servicenow-create-incident-job",
    "slack-create-channel-job",
    "zoom-create-meeting-job",
    "google-meet-create-meeting-job",
    "workflow-automation-job",
    "ms-teams-create-meeting-job",
    "google-chat-create-space-job",
    "zoom-suppress-summarization-job",
    "ms-teams-suppress-summarization-job",
    "google-meet-suppress-summarization-job",
]


RuleTrigger = Literal[
    "incident_saved_trigger", "incident_created_trigger", "incident_modified_trigger"
]


RAW_QUERY_TABLE = 1  # condition_table_type: the rule's condition is a raw search query


EXECUTION_TYPES = {1: "once", 2: "every_match"}  # SINGLE_EXECUTION, MULTI_EXECUTION


class RuleQuery(WireModel):
    raw_query: str | None = None
    normalized_query: str | None = None


class IncidentRuleAttributes(WireModel):
    task_id: str | None = None
    task_payload: str | None = None
    trigger: str | None = None
    enabled: bool | None = None
    execution_type: int | None = None
    condition_table_type: int | None = None
    condition: RuleQuery | None = None
    conditions: list[Condition] | None = None
    match_any_condition: bool | None = None
    incident_type_uuid: str | None = None
    created: datetime | None = None
    modified: datetime | None = None
    deleted: datetime | None = None


IncidentRuleResponse = Document[IncidentRuleAttributes]
IncidentRulesResponse = Collection[IncidentRuleAttributes]


class RuleQueryRequest(RequestModel):
    raw_query: str | None = Field(default=None, max_length=4000)


class IncidentRuleCreateAttributes(RequestModel):
    task_id: RuleTask
    task_payload: str = Field(max_length=50_000, description="The task's settings, JSON-encoded")
    enabled: bool
    execution_type: Literal[1, 2]
    condition_table_type: int = RAW_QUERY_TABLE
    condition: RuleQueryRequest
    conditions: list[ConditionRequest] | None = None
    trigger: RuleTrigger | None = None
    match_any_condition: bool | None = None
    incident_type_uuid: str | None = None


IncidentRuleCreateRequest = Request[Literal["incident_rules"], IncidentRuleCreateAttributes]


class IncidentRulePatchAttributes(RequestModel):
    task_payload: str | None = Field(default=None, max_length=50_000)
    enabled: bool | None = None
    condition: RuleQueryRequest | None = None
    conditions: list[ConditionRequest] | None = None
    trigger: RuleTrigger | None = None


IncidentRulePatchRequest = Request[
    Literal["incident_rules"], IncidentRulePatchAttributes | None, None, str
]
