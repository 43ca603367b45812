"""Incident rules: the automation a matching incident starts (a Slack channel, a Jira
issue...)."""

from __future__ import annotations

from datadog_incidents_mcp.sandbox.collection import Attr, Collection

# IncidentRuleTaskIDType and IncidentRuleTriggerType in Datadog's spec (spec/datadog/);
# tests/sandbox/test_incident_rules.py holds these lists to it.
RULE_TASKS = (
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
)
RULE_TRIGGERS = ("incident_saved_trigger", "incident_created_trigger", "incident_modified_trigger")
INCIDENT_RULES = Collection(
    "incident_rules",
    "incident_rules",
    "rule_id",
    (
        Attr("execution_type", int, required=True, choices=(1, 2)),
        Attr("condition_table_type", int, required=True),
        Attr("condition", dict, required=True),
        Attr("task_id", str, required=True, choices=RULE_TASKS),
        Attr("task_payload", str, required=True),
        Attr("enabled", bool, required=True),
        Attr("conditions", list, default=[]),
        Attr("trigger", str, choices=RULE_TRIGGERS, default="incident_saved_trigger"),
        Attr("match_any_condition", bool, default=False),
        Attr("incident_type_uuid", str, nullable=True, default=None),
    ),
    answer_kind="incidents_rules",  # requests say incident_rules: copied from the live API
    filters={
        "filter[task_id]": "task_id",
        "filter[trigger]": "trigger",
        "incidentTypeUUID": "incident_type_uuid",
    },
)


ROUTES = INCIDENT_RULES.routes("/api/v2/incidents/config/rules")
