"""Postmortem template tools (config toolset, off by default): the sections a drafted
postmortem is made of."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Required

from mcp.server.mcpserver import Context
from pydantic import Field, with_config

from datadog_incidents_mcp.calls.output import OPEN, Deleted, Output, Shown, prune, quoted
from datadog_incidents_mcp.calls.params import (
    Name,
    Named,
    Short,
    TemplateId,
)
from datadog_incidents_mcp.calls.state import AppState, app_state
from datadog_incidents_mcp.datadog.models.postmortem_templates import Template, TemplateWriteRequest
from datadog_incidents_mcp.postmortem.draft import headings
from datadog_incidents_mcp.tools.registry import KEYS_ONLY, tool


async def _template_name(
    state: AppState, argument: str, arguments: Mapping[str, str]
) -> tuple[str, str]:
    found = (await state.client.postmortem_templates.get(arguments[argument])).data
    return quoted(found.attributes.name), found.id


DeletedTemplate = Annotated[TemplateId, Named(_template_name)]


@with_config(OPEN)
class TemplateShown(Shown, total=False):
    id: Required[str]
    name: str
    default: bool
    sections: list[str]


class TemplateList(Output):
    templates: list[TemplateShown]


@tool("config", "List postmortem templates", "read", needs=KEYS_ONLY)
async def list_postmortem_templates(ctx: Context[Any]) -> TemplateList:
    """List postmortem templates and their sections; pass an ID as template_id when drafting."""
    found = await app_state(ctx).client.postmortem_templates.list()
    return TemplateList(
        templates=[
            prune(
                {
                    "id": t.id,
                    "name": t.attributes.name,
                    "default": t.attributes.is_default or None,
                    "sections": headings(t.attributes.content),
                }
            )
            for t in found.data
        ]
    )


Sections = Annotated[
    list[Short],
    Field(
        min_length=1,
        max_length=30,
        description="Section headings in order; they become the draft's cells",
    ),
]
Markdown = Annotated[
    str,
    Field(min_length=1, max_length=50_000, description="Template body in Markdown (## headings)"),
]


class TemplateResult(Output):
    template: TemplateShown


def _content(sections: list[str] | None, content: str | None) -> str | None:
    if sections:
        return "\n\n".join(f"## {heading}\n" for heading in sections)
    return content


def _template(template: Template) -> TemplateShown:
    a = template.attributes
    return prune({"id": template.id, "name": a.name, "sections": headings(a.content)})


@tool("config", "Create postmortem template", "create", needs=KEYS_ONLY)
async def create_postmortem_template(
    ctx: Context[Any],
    name: Name,
    sections: Sections | None = None,
    content: Markdown | None = None,
) -> TemplateResult:
    """Create a postmortem template from section headings, e.g. summary, impact, timeline (or
    Markdown content).
    """
    body = TemplateWriteRequest.of(name=name, content=_content(sections, content))
    made = await app_state(ctx).client.postmortem_templates.create(body)
    return TemplateResult(template=_template(made.data))


@tool("config", "Update postmortem template", "update", needs=KEYS_ONLY)
async def update_postmortem_template(
    ctx: Context[Any],
    template_id: TemplateId,
    name: Name | None = None,
    sections: Sections | None = None,
    content: Markdown | None = None,
) -> TemplateResult:
    """Rename a postmortem template or replace its sections, e.g. add a section."""
    client = app_state(ctx).client
    if name is None:  # the API requires a name on every write, so keep the current one
        name = (await client.postmortem_templates.get(template_id)).data.attributes.name
    body = TemplateWriteRequest.of(name=name, content=_content(sections, content))
    updated = await client.postmortem_templates.update(template_id, body)
    return TemplateResult(template=_template(updated.data))


@tool(
    "config",
    "Delete postmortem template",
    "delete",
    needs=KEYS_ONLY,
    deletes="postmortem template {template_id}",
)
async def delete_postmortem_template(ctx: Context[Any], template_id: DeletedTemplate) -> Deleted:
    """Delete a postmortem template, after the user confirms. Published postmortems stay."""
    await app_state(ctx).client.postmortem_templates.delete(template_id)
    return Deleted(deleted=template_id)
