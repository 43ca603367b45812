"""Incident rule tools (off by default): when an incident is created or changes and matches a
query, Datadog runs a task (open a Slack channel, a Jira issue, a meeting, notify handles)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Annotated, Any, Literal, Required

from mcp.server.mcpserver import Context
from pydantic import AfterValidator, Field, with_config

from datadog_incidents_mcp.calls.output import (
    OPEN,
    Deleted,
    Output,
    Shown,
    iso,
    listed,
    prune,
    quoted,
)
from datadog_incidents_mcp.calls.params import (
    Conditions,
    Enabled,
    FieldMatch,
    Flag,
    Named,
    TypeRef,
    as_conditions,
    id_from,
    shown_conditions,
)
from datadog_incidents_mcp.calls.state import AppState, app_state
from datadog_incidents_mcp.datadog.models import Resource
from datadog_incidents_mcp.datadog.models.incident_rules import (
    EXECUTION_TYPES,
    IncidentRuleAttributes,
    IncidentRuleCreateRequest,
    IncidentRulePatchRequest,
    RuleTask,
    RuleTrigger,
)
from datadog_incidents_mcp.tools.registry import tool


@with_config(OPEN)
class IncidentRuleShown(Shown, total=False):
    id: Required[str]
    task: str
    trigger: str
    query: str
    conditions: list[FieldMatch]
    enabled: bool
    runs: str
    match_any: bool
    incident_type: str
    settings: str
    modified: str


async def _rule_words(
    state: AppState, argument: str, arguments: Mapping[str, str]
) -> tuple[str, str]:
    """A rule has no name: what it runs, on which incidents."""
    found = (await state.client.incident_rules.get(arguments[argument])).data
    a = found.attributes
    query = a.condition.raw_query if a.condition else None
    return quoted(f"{a.task_id} when {query or 'any incident'}"), found.id


RuleRef = Annotated[str, id_from("Incident rule", "list_incident_rules"), Named(_rule_words)]
Query = Annotated[
    str,
    Field(
        max_length=4000,
        description='Incident search query the incident must match, e.g. "severity:SEV-1"',
    ),
]


def _json_object(text: str) -> str:
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"settings must be a JSON object: {exc}") from None
    if not isinstance(value, dict):
        raise ValueError("settings must be a JSON object, such as {}")
    return text


Settings = Annotated[
    str,
    Field(
        max_length=50_000,
        description='The task\'s settings as a JSON object, e.g. {"channel_name_template": '
        '"inc-{{public_id}}"}; "{}" for none',
    ),
    AfterValidator(_json_object),
]
Runs = Literal["once", "every_match"]
Task = Annotated[RuleTask, Field(description="What the rule does")]
Trigger = Annotated[RuleTrigger, Field(description="When it checks an incident")]
_RUN_CODES = {name: code for code, name in EXECUTION_TYPES.items()}


class IncidentRuleList(Output):
    rules: list[IncidentRuleShown]
    notice: str | None = None


class IncidentRuleResult(Output):
    rule: IncidentRuleShown


def render(rule: Resource[IncidentRuleAttributes]) -> IncidentRuleShown:
    a = rule.attributes
    return prune(
        {
            "id": rule.id,
            "task": a.task_id,
            "trigger": a.trigger,
            "query": a.condition.raw_query if a.condition else None,
            "conditions": shown_conditions(a.conditions),
            "enabled": a.enabled,
            "runs": EXECUTION_TYPES.get(a.execution_type or 0),
            "match_any": a.match_any_condition or None,
            "incident_type": a.incident_type_uuid,
            "settings": a.task_payload,
            "modified": iso(a.modified),
        }
    )


@tool("automation", "List incident rules", "read")
async def list_incident_rules(
    ctx: Context[Any],
    task: Task | None = None,
    trigger: Trigger | None = None,
    incident_type: TypeRef | None = None,
) -> IncidentRuleList:
    """List the incident rules (automations): which task runs when incidents matching a query
    are declared or saved.
    """
    found = await app_state(ctx).client.incident_rules.list(
        task_id=task, trigger=trigger, incident_type=incident_type
    )
    shown, notice = listed([render(r) for r in found.data])
    return IncidentRuleList(rules=shown, notice=notice)


@tool("automation", "Get incident rule", "read")
async def get_incident_rule(ctx: Context[Any], rule_id: RuleRef) -> IncidentRuleResult:
    """Show one incident rule (automation) and the task it runs."""
    return IncidentRuleResult(
        rule=render((await app_state(ctx).client.incident_rules.get(rule_id)).data)
    )


@tool("automation", "Create incident rule", "create")
async def create_incident_rule(
    ctx: Context[Any],
    task: Task,
    query: Query,
    settings: Settings = "{}",
    trigger: Trigger = "incident_created_trigger",
    runs: Annotated[Runs, Field(description="once per incident, or on every match")] = "once",
    enabled: Enabled = True,
    conditions: Conditions | None = None,
    match_any: Annotated[Flag, Field(description="Any condition suffices (OR)")] = False,
    incident_type: TypeRef | None = None,
) -> IncidentRuleResult:
    """Automate a task for every matching incident declared or saved: automatically open a
    Slack channel or Jira ticket, start a meeting, notify handles.
    """
    body = IncidentRuleCreateRequest.of(
        task_id=task,
        task_payload=settings,
        enabled=enabled,
        execution_type=_RUN_CODES[runs],
        condition={"raw_query": query},
        conditions=as_conditions(conditions) if conditions else None,
        trigger=trigger,
        match_any_condition=match_any or None,
        incident_type_uuid=incident_type,
    )
    made = await app_state(ctx).client.incident_rules.create(body)
    return IncidentRuleResult(rule=render(made.data))


@tool("automation", "Update incident rule", "update")
async def update_incident_rule(
    ctx: Context[Any],
    rule_id: RuleRef,
    query: Query | None = None,
    settings: Settings | None = None,
    trigger: Trigger | None = None,
    enabled: Enabled | None = None,
    conditions: Conditions | None = None,
) -> IncidentRuleResult:
    """Change an incident rule (automation): its query, task settings, trigger or conditions,
    or disable it.
    """
    body = IncidentRulePatchRequest.of(
        id=rule_id,
        condition={"raw_query": query} if query is not None else None,
        task_payload=settings,
        trigger=trigger,
        enabled=enabled,
        conditions=as_conditions(conditions) if conditions is not None else None,
    )
    updated = await app_state(ctx).client.incident_rules.update(rule_id, body)
    return IncidentRuleResult(rule=render(updated.data))


@tool("automation", "Delete incident rule", "delete", deletes="incident rule {rule_id}")
async def delete_incident_rule(ctx: Context[Any], rule_id: RuleRef) -> Deleted:
    """Delete an incident rule, after the user confirms."""
    await app_state(ctx).client.incident_rules.delete(rule_id)
    return Deleted(deleted=rule_id)
