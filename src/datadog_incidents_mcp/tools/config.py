"""Configuration tools (off by default): what incidents look like in this organization.

Read these before declaring or updating incidents with custom `fields`: they say which
fields exist and which values each one accepts.
"""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import Context, Elicit, ElicitationResult, Resolve
from pydantic import Field

from datadog_incidents_mcp.datadog.models.config import (
    FIELD_TYPES,
    IncidentType,
    IncidentTypeCreateRequest,
    IncidentTypePatchRequest,
)
from datadog_incidents_mcp.datadog.models.templates import Template, TemplateWriteRequest
from datadog_incidents_mcp.postmortem.draft import headings
from datadog_incidents_mcp.tools import _confirm
from datadog_incidents_mcp.tools._context import app_state
from datadog_incidents_mcp.tools._output import Deleted, Output, iso, listed, prune
from datadog_incidents_mcp.tools._params import ID_PATTERN, Confirm
from datadog_incidents_mcp.tools._registry import tool

FIELD_KEYS = "name (use as a key of `fields`), label, kind, required, values (allowed), default"


class FieldList(Output):
    fields: list[dict[str, Any]] = Field(
        default_factory=list[dict[str, Any]], description=FIELD_KEYS
    )
    notice: str | None = None


class TypeList(Output):
    types: list[dict[str, Any]] = Field(
        default_factory=list[dict[str, Any]], description="id, name, description, prefix, default"
    )


class TemplateList(Output):
    templates: list[dict[str, Any]] = Field(
        default_factory=list[dict[str, Any]],
        description="id (template_id), name, default, sections",
    )


@tool("config", "List incident fields", "read")
async def list_incident_fields(
    ctx: Context[Any],
    incident_type: Annotated[
        str | None,
        Field(
            max_length=64,
            pattern=ID_PATTERN,
            description="Incident type ID; from list_incident_types",
        ),
    ] = None,
) -> FieldList:
    """List the fields incidents carry (severity, state, services...) and the values each accepts.

    Use before create_incident or update_incident with `fields`.
    """
    found = await app_state(ctx).client.incident_fields.list(incident_type=incident_type)
    rows = [
        prune(
            {
                "name": f.attributes.name,
                "label": f.attributes.display_name,
                "kind": FIELD_TYPES.get(f.attributes.type or 0),
                "required": f.attributes.required or None,
                "values": [v.value for v in f.attributes.valid_values or []],
                "default": f.attributes.default_value,
            }
        )
        for f in found.data
        if not f.attributes.deleted
    ]
    shown, notice = listed(rows)
    return FieldList(fields=shown, notice=notice)


TypeRef = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        pattern=ID_PATTERN,
        description="Incident type ID; from list_incident_types",
    ),
]


class TypeResult(Output):
    type: dict[str, Any] = Field(
        default_factory=dict[str, Any], description="id, name, description, prefix, default"
    )


def _type(incident_type: IncidentType) -> dict[str, Any]:
    a = incident_type.attributes
    return prune(
        {
            "id": incident_type.id,
            "name": a.name,
            "description": a.description,
            "prefix": a.prefix,
            "default": a.is_default or None,
            "modified": iso(a.modified_at),
        }
    )


@tool("config", "List incident types", "read")
async def list_incident_types(ctx: Context[Any]) -> TypeList:
    """List the organization's incident types (each has its own fields and ID prefix)."""
    found = await app_state(ctx).client.incident_types.list()
    return TypeList(types=[_type(t) for t in found.data])


@tool("config", "Get incident type", "read")
async def get_incident_type(ctx: Context[Any], incident_type_id: TypeRef) -> TypeResult:
    """Read one incident type."""
    return TypeResult(
        type=_type((await app_state(ctx).client.incident_types.get(incident_type_id)).data)
    )


@tool("config", "Create incident type", "create")
async def create_incident_type(
    ctx: Context[Any],
    name: Annotated[str, Field(min_length=1, max_length=200)],
    description: Annotated[str | None, Field(max_length=2000)] = None,
    default: Annotated[bool, Field(description="Make it the type new incidents get")] = False,
) -> TypeResult:
    """Create an incident type (for example Security or Customer support)."""
    body = IncidentTypeCreateRequest.of(
        name=name, description=description, is_default=default or None
    )
    return TypeResult(type=_type((await app_state(ctx).client.incident_types.create(body)).data))


@tool("config", "Update incident type", "update")
async def update_incident_type(
    ctx: Context[Any],
    incident_type_id: TypeRef,
    name: Annotated[str | None, Field(min_length=1, max_length=200)] = None,
    description: Annotated[str | None, Field(max_length=2000)] = None,
    default: bool | None = None,
) -> TypeResult:
    """Rename an incident type, change its description, or make it the default."""
    body = IncidentTypePatchRequest.of(
        id=incident_type_id, name=name, description=description, is_default=default
    )
    updated = await app_state(ctx).client.incident_types.update(incident_type_id, body)
    return TypeResult(type=_type(updated.data))


async def _ask_delete_type(
    incident_type_id: str, confirm: bool, ctx: Context[Any]
) -> Elicit[_confirm.Confirmation] | _confirm.Confirmation:
    return _confirm.ask(ctx, confirm, f"incident type {incident_type_id}")


@tool("config", "Delete incident type", "delete")
async def delete_incident_type(
    ctx: Context[Any],
    incident_type_id: TypeRef,
    answer: Annotated[ElicitationResult[_confirm.Confirmation], Resolve(_ask_delete_type)],
    confirm: Confirm = False,
) -> Deleted:
    """Delete an incident type, after the user confirms. The default type cannot be deleted."""
    _confirm.require(answer, f"incident type {incident_type_id}")
    await app_state(ctx).client.incident_types.delete(incident_type_id)
    return Deleted(deleted=incident_type_id)


@tool("config", "List postmortem templates", "read")
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


TemplateRef = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        pattern=ID_PATTERN,
        description="Template ID; from list_postmortem_templates",
    ),
]
Sections = Annotated[
    list[Annotated[str, Field(min_length=1, max_length=200)]],
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
    template: dict[str, Any] = Field(
        default_factory=dict[str, Any], description="id, name, sections"
    )


def _content(sections: list[str] | None, content: str | None) -> str | None:
    if sections:
        return "\n\n".join(f"## {heading}\n" for heading in sections)
    return content


def _template(template: Template) -> dict[str, Any]:
    a = template.attributes
    return prune({"id": template.id, "name": a.name, "sections": headings(a.content)})


@tool("config", "Create postmortem template", "create")
async def create_postmortem_template(
    ctx: Context[Any],
    name: Annotated[str, Field(min_length=1, max_length=200)],
    sections: Sections | None = None,
    content: Markdown | None = None,
) -> TemplateResult:
    """Create a postmortem template from section headings (or Markdown content)."""
    body = TemplateWriteRequest.of(name=name, content=_content(sections, content))
    made = await app_state(ctx).client.postmortem_templates.create(body)
    return TemplateResult(template=_template(made.data))


@tool("config", "Update postmortem template", "update")
async def update_postmortem_template(
    ctx: Context[Any],
    template_id: TemplateRef,
    name: Annotated[str | None, Field(min_length=1, max_length=200)] = None,
    sections: Sections | None = None,
    content: Markdown | None = None,
) -> TemplateResult:
    """Rename a postmortem template or replace its sections."""
    client = app_state(ctx).client
    current = (await client.postmortem_templates.get(template_id)).data.attributes
    body = TemplateWriteRequest.of(name=name or current.name, content=_content(sections, content))
    updated = await client.postmortem_templates.update(template_id, body)
    return TemplateResult(template=_template(updated.data))


async def _ask_delete(
    template_id: str, confirm: bool, ctx: Context[Any]
) -> Elicit[_confirm.Confirmation] | _confirm.Confirmation:
    return _confirm.ask(ctx, confirm, f"postmortem template {template_id}")


@tool("config", "Delete postmortem template", "delete")
async def delete_postmortem_template(
    ctx: Context[Any],
    template_id: TemplateRef,
    answer: Annotated[ElicitationResult[_confirm.Confirmation], Resolve(_ask_delete)],
    confirm: Confirm = False,
) -> Deleted:
    """Delete a postmortem template, after the user confirms. Published postmortems stay."""
    _confirm.require(answer, f"postmortem template {template_id}")
    await app_state(ctx).client.postmortem_templates.delete(template_id)
    return Deleted(deleted=template_id)
