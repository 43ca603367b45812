"""Notification template tools (off by default): the words incident notifications use."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Required

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
from datadog_incidents_mcp.calls.params import Name, Named, NotificationTemplateRef, TypeRef
from datadog_incidents_mcp.calls.state import AppState, app_state
from datadog_incidents_mcp.datadog.models.notification_templates import (
    NotificationTemplate,
    NotificationTemplateCreateRequest,
    NotificationTemplatePatchRequest,
)
from datadog_incidents_mcp.datadog.models.shared import incident_type_relationship
from datadog_incidents_mcp.tools.registry import tool


async def _template_name(
    state: AppState, argument: str, arguments: Mapping[str, str]
) -> tuple[str, str]:
    found = (await state.client.notification_templates.get(arguments[argument])).data
    return quoted(found.attributes.name), found.id


DeletedTemplate = Annotated[NotificationTemplateRef, Named(_template_name)]


@with_config(OPEN)
class NotificationTemplateShown(Shown, total=False):
    id: Required[str]
    name: str
    category: str
    subject: str
    content: str
    modified: str


Subject = Annotated[
    str,
    Field(
        min_length=1,
        max_length=500,
        description="Subject line; {{incident.title}} and other incident variables are filled in",
    ),
]
Content = Annotated[str, Field(min_length=1, max_length=50_000, description="Message body")]
Category = Annotated[
    str, Field(min_length=1, max_length=100, description="Template category, e.g. alert, update")
]


class NotificationTemplateList(Output):
    templates: list[NotificationTemplateShown]
    notice: str | None = None


class NotificationTemplateResult(Output):
    template: NotificationTemplateShown


def render(
    template: NotificationTemplate, *, with_content: bool = True
) -> NotificationTemplateShown:
    a = template.attributes
    return prune(
        {
            "id": template.id,
            "name": a.name,
            "category": a.category,
            "subject": a.subject,
            "content": a.content if with_content else None,
            "modified": iso(a.modified) if with_content else None,
        }
    )


@tool("notifications", "List notification templates", "read")
async def list_notification_templates(
    ctx: Context[Any], incident_type: TypeRef | None = None
) -> NotificationTemplateList:
    """List notification templates (bodies left out: read one with get_notification_template)."""
    client = app_state(ctx).client
    found = await client.notification_templates.list(incident_type=incident_type)
    shown, notice = listed([render(t, with_content=False) for t in found.data])
    return NotificationTemplateList(templates=shown, notice=notice)


@tool("notifications", "Get notification template", "read", needs=("incident_read",))
async def get_notification_template(
    ctx: Context[Any], template_id: NotificationTemplateRef
) -> NotificationTemplateResult:
    """Show one notification template (a message to stakeholders): its subject and body."""
    found = await app_state(ctx).client.notification_templates.get(template_id)
    return NotificationTemplateResult(template=render(found.data))


@tool("notifications", "Create notification template", "create", notifies=True)
async def create_notification_template(
    ctx: Context[Any],
    name: Name,
    subject: Subject,
    content: Content,
    category: Category = "alert",
    incident_type: TypeRef | None = None,
) -> NotificationTemplateResult:
    """Create a notification template (a stakeholder update message) that notification rules
    can send.
    """
    links = {"incident_type": incident_type_relationship(incident_type)} if incident_type else None
    body = NotificationTemplateCreateRequest.of(
        name=name, subject=subject, content=content, category=category, relationships=links
    )
    made = await app_state(ctx).client.notification_templates.create(body)
    return NotificationTemplateResult(template=render(made.data))


@tool(
    "notifications",
    "Update notification template",
    "update",
    says="Change notification template {template_id}",
    notifies=True,
)
async def update_notification_template(
    ctx: Context[Any],
    template_id: NotificationTemplateRef,
    name: Name | None = None,
    subject: Subject | None = None,
    content: Content | None = None,
    category: Category | None = None,
) -> NotificationTemplateResult:
    """Change a notification template's name, subject, body or category."""
    body = NotificationTemplatePatchRequest.of(
        id=template_id, name=name, subject=subject, content=content, category=category
    )
    updated = await app_state(ctx).client.notification_templates.update(template_id, body)
    return NotificationTemplateResult(template=render(updated.data))


@tool(
    "notifications",
    "Delete notification template",
    "delete",
    deletes="notification template {template_id}",
)
async def delete_notification_template(ctx: Context[Any], template_id: DeletedTemplate) -> Deleted:
    """Delete a notification template, after the user confirms."""
    await app_state(ctx).client.notification_templates.delete(template_id)
    return Deleted(deleted=template_id)
