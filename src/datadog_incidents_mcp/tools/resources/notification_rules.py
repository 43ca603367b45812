"""Notification rule tools (off by default): who hears about which incidents, and when."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal, Required

from mcp.server.mcpserver import Context
from pydantic import Field, with_config

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
    Named,
    NotificationTemplateRef,
    Short,
    TypeRef,
    as_conditions,
    id_from,
    shown_conditions,
)
from datadog_incidents_mcp.calls.state import AppState, app_state
from datadog_incidents_mcp.datadog.models.notification_rules import (
    NotificationRule,
    NotificationRuleWriteRequest,
)
from datadog_incidents_mcp.datadog.models.shared import incident_type_relationship
from datadog_incidents_mcp.tools.registry import tool


@with_config(OPEN)
class NotificationRuleShown(Shown, total=False):
    id: Required[str]
    trigger: str
    conditions: list[FieldMatch]
    handles: list[str]
    enabled: bool
    renotify_on: list[str]
    visibility: str
    template: str
    modified: str


async def _rule_words(
    state: AppState, argument: str, arguments: Mapping[str, str]
) -> tuple[str, str]:
    """A rule has no name: whom it notifies, on which trigger."""
    found = (await state.client.notification_rules.get(arguments[argument])).data
    a = found.attributes
    return quoted(f"notify {', '.join(a.handles or [])} on {a.trigger}"), found.id


RuleRef = Annotated[
    str, id_from("Notification rule", "list_notification_rules"), Named(_rule_words)
]
Handles = Annotated[
    list[Short],
    Field(
        min_length=1,
        max_length=50,
        description="Where to notify: @slack-channel, @team-handle, email addresses",
    ),
]
Trigger = Annotated[
    str,
    Field(
        min_length=1,
        max_length=100,
        description="incident_created_trigger, incident_modified_trigger or "
        "incident_saved_trigger (created or modified)",
    ),
]
RenotifyOn = Annotated[
    list[Short],
    Field(max_length=20, description="Notify again when these fields change, e.g. severity"),
]
Visibility = Annotated[
    Literal["all", "organization", "private"], Field(description="Who can see the rule")
]


class NotificationRuleList(Output):
    rules: list[NotificationRuleShown]
    notice: str | None = None


class NotificationRuleResult(Output):
    rule: NotificationRuleShown


def render(rule: NotificationRule) -> NotificationRuleShown:
    a = rule.attributes
    return prune(
        {
            "id": rule.id,
            "trigger": a.trigger,
            "conditions": shown_conditions(a.conditions),
            "handles": a.handles,
            "enabled": a.enabled,
            "renotify_on": a.renotify_on,
            "visibility": a.visibility,
            "template": rule.related_id("notification_template"),
            "modified": iso(a.modified),
        }
    )


def _links(incident_type: str | None, template_id: str | None) -> dict[str, Any] | None:
    links: dict[str, Any] = {}
    if incident_type:
        links["incident_type"] = incident_type_relationship(incident_type)
    if template_id:
        links["notification_template"] = {
            "data": {"id": template_id, "type": "notification_templates"}
        }
    return links or None


@tool("notifications", "List notification rules", "read")
async def list_notification_rules(ctx: Context[Any]) -> NotificationRuleList:
    """List the notification rules: who gets notified when incidents match their conditions."""
    found = await app_state(ctx).client.notification_rules.list()
    shown, notice = listed([render(r) for r in found.data])
    return NotificationRuleList(rules=shown, notice=notice)


@tool("notifications", "Get notification rule", "read")
async def get_notification_rule(ctx: Context[Any], rule_id: RuleRef) -> NotificationRuleResult:
    """Show one notification rule: who it notifies, and for which incidents."""
    found = await app_state(ctx).client.notification_rules.get(rule_id)
    return NotificationRuleResult(rule=render(found.data))


@tool("notifications", "Create notification rule", "create", notifies=True)
async def create_notification_rule(
    ctx: Context[Any],
    handles: Handles,
    conditions: Conditions,
    trigger: Trigger = "incident_created_trigger",
    enabled: Enabled = True,
    renotify_on: RenotifyOn | None = None,
    visibility: Visibility | None = None,
    template_id: NotificationTemplateRef | None = None,
    incident_type: TypeRef | None = None,
) -> NotificationRuleResult:
    """Notify or alert stakeholders, people or channels (Slack, teams, email) whenever a
    matching incident starts, e.g. every SEV-1 (sev1).
    """
    body = NotificationRuleWriteRequest.of(
        conditions=as_conditions(conditions),
        handles=handles,
        trigger=trigger,
        enabled=enabled,
        renotify_on=renotify_on,
        visibility=visibility,
        relationships=_links(incident_type, template_id),
    )
    made = await app_state(ctx).client.notification_rules.create(body)
    return NotificationRuleResult(rule=render(made.data))


@tool(
    "notifications",
    "Update notification rule",
    "update",
    says="Change notification rule {rule_id}",
    notifies=True,
)
async def update_notification_rule(
    ctx: Context[Any],
    rule_id: RuleRef,
    handles: Handles | None = None,
    conditions: Conditions | None = None,
    trigger: Trigger | None = None,
    enabled: Enabled | None = None,
    renotify_on: RenotifyOn | None = None,
    visibility: Visibility | None = None,
    template_id: NotificationTemplateRef | None = None,
) -> NotificationRuleResult:
    """Change a notification rule: who it notifies (add a team or channel) and when; what is
    not given stays as it is.
    """
    client = app_state(ctx).client
    # Datadog replaces the whole rule (PUT), so start from the current one.
    current = (await client.notification_rules.get(rule_id)).data
    a = current.attributes
    kept_type = current.related_id("incident_type")
    kept_template = current.related_id("notification_template")
    kept_conditions = shown_conditions(a.conditions)
    body = NotificationRuleWriteRequest.of(
        id=rule_id,
        conditions=as_conditions(conditions if conditions is not None else kept_conditions),
        handles=handles if handles is not None else a.handles,
        trigger=trigger or a.trigger,
        enabled=enabled if enabled is not None else a.enabled,
        renotify_on=renotify_on if renotify_on is not None else a.renotify_on,
        visibility=visibility or a.visibility,
        relationships=_links(kept_type, template_id or kept_template),
    )
    updated = await client.notification_rules.update(rule_id, body)
    return NotificationRuleResult(rule=render(updated.data))


@tool("notifications", "Delete notification rule", "delete", deletes="notification rule {rule_id}")
async def delete_notification_rule(ctx: Context[Any], rule_id: RuleRef) -> Deleted:
    """Delete a notification rule, after the user confirms."""
    await app_state(ctx).client.notification_rules.delete(rule_id)
    return Deleted(deleted=rule_id)
