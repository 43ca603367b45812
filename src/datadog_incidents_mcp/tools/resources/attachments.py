"""Attachment tools: links (runbooks, docs, dashboards) and postmortems on an incident."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal, Required

from mcp.server.mcpserver import Context
from pydantic import Field, with_config
from typing_extensions import TypedDict

from datadog_incidents_mcp.calls import resolve
from datadog_incidents_mcp.calls.output import (
    OPEN,
    Deleted,
    Detailed,
    Output,
    detailed,
    iso,
    listed,
    quoted,
)
from datadog_incidents_mcp.calls.params import (
    CLOSED,
    Detail,
    IncidentRef,
    Named,
    TemplateId,
    id_from,
)
from datadog_incidents_mcp.calls.state import AppState
from datadog_incidents_mcp.datadog.models.attachments import (
    Attachment,
    AttachmentCreateRequest,
    AttachmentUpdateRequest,
    PostmortemAttachmentRequest,
)
from datadog_incidents_mcp.tools.registry import KEYS_ONLY, tool


@with_config(OPEN)
class AttachmentShown(Detailed, total=False):
    id: Required[str]
    kind: str
    title: str
    url: str
    modified: str


async def _attachment_title(
    state: AppState, argument: str, arguments: Mapping[str, str]
) -> tuple[str, str]:
    found = await resolve.incident_child(
        state,
        arguments,
        argument,
        state.client.attachments.list,
        "attachment",
        "list_incident_attachments",
    )
    body = found.attributes.attachment
    return quoted(body and (body.title or body.documentUrl)), found.id


AttachmentRef = Annotated[
    str,
    id_from("Attachment", "list_incident_attachments", pattern=None),
    Named(_attachment_title),
]
Url = Annotated[
    str, Field(min_length=1, max_length=2000, pattern=r"^https?://", description="http(s) URL")
]
LinkTitle = Annotated[str, Field(min_length=1, max_length=500, description="Shown as the link")]
Kind = Literal["link", "postmortem"]


@with_config(CLOSED)
class Cell(TypedDict):
    """One postmortem section."""

    id: Annotated[str, Field(min_length=1, max_length=200)]
    content: Annotated[str, Field(max_length=100_000)]


Cells = Annotated[
    list[Cell],
    Field(
        max_length=50,
        description='Postmortem sections in order, each {"id": "impact", "content": "<Markdown>"}',
    ),
]


class AttachmentResult(Output):
    attachment: AttachmentShown


class AttachmentList(Output):
    attachments: list[AttachmentShown]
    notice: str | None = None


def render(attachment: Attachment, detail: str = "compact") -> AttachmentShown:
    a = attachment.attributes
    body = a.attachment
    return detailed(
        {
            "id": attachment.id,
            "kind": a.attachment_type,
            "title": body.title if body else None,
            "url": body.documentUrl if body else None,
            "modified": iso(a.modified),
        },
        attachment,
        detail,
    )


@tool("attachments", "List incident attachments", "read")
async def list_incident_attachments(
    ctx: Context[Any],
    incident_id: IncidentRef,
    kind: Annotated[Kind | None, Field(description="Only this kind")] = None,
    detail: Detail = "compact",
) -> AttachmentList:
    """Show what is attached to an incident: runbooks, dashboards, docs, links, a postmortem."""
    state, uuid = await resolve.incident_state(ctx, incident_id)
    found = await state.client.attachments.list(uuid, attachment_type=kind)
    shown, notice = listed([render(a, detail) for a in found.data])
    return AttachmentList(attachments=shown, notice=notice)


@tool("attachments", "Attach link", "create")
async def create_incident_attachment(
    ctx: Context[Any],
    incident_id: IncidentRef,
    url: Url,
    title: LinkTitle,
    kind: Annotated[Kind, Field(description="postmortem: a postmortem document")] = "link",
) -> AttachmentResult:
    """Attach a link to an incident: a runbook, dashboard, doc or an existing postmortem
    document.
    """
    state, uuid = await resolve.incident_state(ctx, incident_id)
    body = AttachmentCreateRequest.of(
        attachment_type=kind, attachment={"documentUrl": url, "title": title}
    )
    made = await state.client.attachments.create(uuid, body)
    return AttachmentResult(attachment=render(made.data))


@tool("attachments", "Update attachment", "update")
async def update_incident_attachment(
    ctx: Context[Any],
    incident_id: IncidentRef,
    attachment_id: AttachmentRef,
    url: Url | None = None,
    title: LinkTitle | None = None,
) -> AttachmentResult:
    """Fix or rename an attached link: its URL or title (its kind cannot change)."""
    state, uuid = await resolve.incident_state(ctx, incident_id)
    link = {k: v for k, v in (("documentUrl", url), ("title", title)) if v is not None}
    body = AttachmentUpdateRequest.of(id=attachment_id, attachment=link)
    updated = await state.client.attachments.update(uuid, attachment_id, body)
    return AttachmentResult(attachment=render(updated.data))


@tool("attachments", "Delete attachment", "delete", deletes="attachment {attachment_id}")
async def delete_incident_attachment(
    ctx: Context[Any], incident_id: IncidentRef, attachment_id: AttachmentRef
) -> Deleted:
    """Remove an attachment (a link or doc) from an incident, after the user confirms."""
    state, uuid = await resolve.incident_state(ctx, incident_id)
    await state.client.attachments.delete(uuid, attachment_id)
    return Deleted(deleted=attachment_id)


@tool("attachments", "Publish postmortem", "create", needs=KEYS_ONLY)
async def create_postmortem_attachment(
    ctx: Context[Any],
    incident_id: IncidentRef,
    cells: Cells | None = None,
    content: Annotated[
        str | None, Field(max_length=100_000, description="Whole postmortem as Markdown")
    ] = None,
    title: Annotated[str | None, Field(max_length=500, description="Postmortem title")] = None,
    template_id: TemplateId | None = None,
) -> AttachmentResult:
    """Publish or post a postmortem (retro write-up) on an incident, as Markdown cells or full
    content.

    Publish only what the user has reviewed.
    """
    state, uuid = await resolve.incident_state(ctx, incident_id)
    wire_cells = [
        {"id": cell["id"], "attributes": {"definition": {"content": cell["content"]}}}
        for cell in cells or []
    ]
    body = PostmortemAttachmentRequest.of(
        cells=wire_cells or None, content=content, title=title, postmortem_template_id=template_id
    )
    made = await state.client.attachments.create_postmortem(uuid, body)
    return AttachmentResult(attachment=render(made.data))
