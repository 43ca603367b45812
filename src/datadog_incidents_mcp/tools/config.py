"""Configuration tools (off by default): what incidents look like in this organization.

Read these before declaring or updating incidents with custom `fields`: they say which
fields exist and which values each one accepts.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context
from pydantic import Field

from datadog_incidents_mcp.datadog.models.config import (
    FIELD_TYPES,
    FieldCreateRequest,
    FieldDefinition,
    FieldUpdateRequest,
    GlobalSettingsRequest,
    GlobalSettingsResponse,
    IncidentType,
    IncidentTypeCreateRequest,
    IncidentTypePatchRequest,
    Role,
    RoleCreateRequest,
    RolePatchRequest,
    incident_type_relationship,
)
from datadog_incidents_mcp.datadog.models.templates import Template, TemplateWriteRequest
from datadog_incidents_mcp.postmortem.draft import headings
from datadog_incidents_mcp.tools import _resolve as resolve
from datadog_incidents_mcp.tools._context import app_state
from datadog_incidents_mcp.tools._output import Deleted, Output, iso, listed, prune
from datadog_incidents_mcp.tools._params import (
    ID_PATTERN,
    About,
    Flag,
    Name,
    TemplateId,
    TypeRef,
    id_from,
)
from datadog_incidents_mcp.tools._registry import KEYS_ONLY, tool

FIELD_KEYS = "id, name (use as a key of `fields`), label, kind, required, values (allowed), default"


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


FieldRef = Annotated[str, id_from("Field", "list_incident_fields")]
FieldKind = Annotated[
    Literal[
        "dropdown",
        "multiselect",
        "textbox",
        "textarray",
        "metrictag",
        "autocomplete",
        "number",
        "datetime",
    ],
    Field(description="What values it takes"),
]
Label = Annotated[str, Field(max_length=200, description="Shown to people instead of the name")]
Required = Annotated[Flag, Field(description="Every incident must set it")]
Default = Annotated[str, Field(max_length=200, description="Value new incidents start with")]
Values = Annotated[
    list[Annotated[str, Field(min_length=1, max_length=200)]],
    Field(max_length=100, description="Allowed values, for dropdown and multiselect fields"),
]


class FieldResult(Output):
    field: dict[str, Any] = Field(default_factory=dict[str, Any], description=FIELD_KEYS)


def _field(field: FieldDefinition) -> dict[str, Any]:
    a = field.attributes
    return prune(
        {
            "id": field.id,
            "name": a.name,
            "label": a.display_name,
            "kind": FIELD_TYPES.get(a.type or 0),
            "required": a.required or None,
            "values": [v.value for v in a.valid_values or []],
            "default": a.default_value,
        }
    )


_FIELD_TYPE_CODES = {kind: code for code, kind in FIELD_TYPES.items()}


def _valid(values: list[str] | None) -> list[dict[str, str]] | None:
    return None if values is None else [{"value": v, "display_name": v} for v in values]


@tool("config", "List incident fields", "read")
async def list_incident_fields(
    ctx: Context[Any],
    incident_type: TypeRef | None = None,
) -> FieldList:
    """List the fields incidents carry (severity, state, services...) and the values each accepts.

    Use before create_incident or update_incident with `fields`.
    """
    found = await app_state(ctx).client.incident_fields.list(incident_type=incident_type)
    shown, notice = listed([_field(f) for f in found.data if not f.attributes.deleted])
    return FieldList(fields=shown, notice=notice)


@tool("config", "Get incident field", "read")
async def get_incident_field(ctx: Context[Any], field_id: FieldRef) -> FieldResult:
    """Read one incident field and the values it accepts."""
    return FieldResult(
        field=_field((await app_state(ctx).client.incident_fields.get(field_id)).data)
    )


@tool("config", "Create incident field", "create")
async def create_incident_field(
    ctx: Context[Any],
    name: Annotated[
        str,
        Field(
            min_length=1,
            max_length=200,
            pattern=r"^[a-z][a-z0-9_]*$",
            description="Key in incident fields, e.g. region",
        ),
    ],
    kind: FieldKind,
    label: Label | None = None,
    values: Values | None = None,
    required: Required = False,
    default: Default | None = None,
    incident_type: TypeRef | None = None,
) -> FieldResult:
    """Add a field incidents can carry, e.g. a dropdown of regions.

    It goes on the default incident type unless incident_type is given.
    """
    client = app_state(ctx).client
    incident_type = incident_type or await resolve.default_type(client)
    body = FieldCreateRequest.of(
        name=name,
        type=_FIELD_TYPE_CODES[kind],
        display_name=label,
        valid_values=_valid(values),
        required=required or None,
        default_value=default,
        relationships={"incident_type": incident_type_relationship(incident_type)},
    )
    return FieldResult(field=_field((await client.incident_fields.create(body)).data))


@tool("config", "Update incident field", "update")
async def update_incident_field(
    ctx: Context[Any],
    field_id: FieldRef,
    label: Label | None = None,
    values: Values | None = None,
    required: Required | None = None,
    default: Default | None = None,
) -> FieldResult:
    """Relabel a field, replace its allowed values, or change whether it is required."""
    body = FieldUpdateRequest.of(
        id=field_id,
        display_name=label,
        valid_values=_valid(values),
        required=required,
        default_value=default,
    )
    updated = await app_state(ctx).client.incident_fields.update(field_id, body)
    return FieldResult(field=_field(updated.data))


@tool("config", "Delete incident field", "delete", deletes="incident field {field_id}")
async def delete_incident_field(ctx: Context[Any], field_id: FieldRef) -> Deleted:
    """Delete an incident field, after the user confirms. Severity, state and slug cannot be."""
    await app_state(ctx).client.incident_fields.delete(field_id)
    return Deleted(deleted=field_id)


DefaultType = Annotated[Flag, Field(description="New incidents get this type")]


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
    name: Name,
    description: About | None = None,
    default: DefaultType = False,
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
    name: Name | None = None,
    description: About | None = None,
    default: DefaultType | None = None,
) -> TypeResult:
    """Rename an incident type, change its description, or make it the default."""
    body = IncidentTypePatchRequest.of(
        id=incident_type_id, name=name, description=description, is_default=default
    )
    updated = await app_state(ctx).client.incident_types.update(incident_type_id, body)
    return TypeResult(type=_type(updated.data))


@tool("config", "Delete incident type", "delete", deletes="incident type {incident_type_id}")
async def delete_incident_type(ctx: Context[Any], incident_type_id: TypeRef) -> Deleted:
    """Delete an incident type, after the user confirms. The default type cannot be deleted."""
    await app_state(ctx).client.incident_types.delete(incident_type_id)
    return Deleted(deleted=incident_type_id)


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


@tool("config", "Create postmortem template", "create", needs=KEYS_ONLY)
async def create_postmortem_template(
    ctx: Context[Any],
    name: Name,
    sections: Sections | None = None,
    content: Markdown | None = None,
) -> TemplateResult:
    """Create a postmortem template from section headings (or Markdown content)."""
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
    """Rename a postmortem template or replace its sections."""
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
async def delete_postmortem_template(ctx: Context[Any], template_id: TemplateId) -> Deleted:
    """Delete a postmortem template, after the user confirms. Published postmortems stay."""
    await app_state(ctx).client.postmortem_templates.delete(template_id)
    return Deleted(deleted=template_id)


RoleRef = Annotated[str, id_from("Role", "list_incident_roles")]
ROLE_KEYS = "id, name, description, single (only one person can hold it)"
Single = Annotated[Flag, Field(description="Only one person holds it at a time")]


class RoleList(Output):
    roles: list[dict[str, Any]] = Field(default_factory=list[dict[str, Any]], description=ROLE_KEYS)


class RoleResult(Output):
    role: dict[str, Any] = Field(default_factory=dict[str, Any], description=ROLE_KEYS)


def _role(role: Role) -> dict[str, Any]:
    a = role.attributes
    single = a.policy.is_single if a.policy else None
    return prune({"id": role.id, "name": a.name, "description": a.description, "single": single})


@tool("config", "List incident roles", "read", needs=("incident_settings_read",))
async def list_incident_roles(ctx: Context[Any], incident_type: TypeRef | None = None) -> RoleList:
    """List the roles people take during incidents (communications lead, scribe...)."""
    found = await app_state(ctx).client.incident_roles.list(incident_type=incident_type)
    return RoleList(roles=[_role(r) for r in found.data])


@tool("config", "Get incident role", "read", needs=("incident_settings_read",))
async def get_incident_role(ctx: Context[Any], role_id: RoleRef) -> RoleResult:
    """Read one incident role."""
    return RoleResult(role=_role((await app_state(ctx).client.incident_roles.get(role_id)).data))


@tool("config", "Create incident role", "create")
async def create_incident_role(
    ctx: Context[Any],
    name: Name,
    description: About | None = None,
    single: Single = True,
    incident_type: TypeRef | None = None,
) -> RoleResult:
    """Create an incident role, such as Communications lead (default incident type if none)."""
    client = app_state(ctx).client
    type_id = incident_type or await resolve.default_type(client)
    body = RoleCreateRequest.of(
        name=name,
        description=description,
        policy={"is_single": single},
        relationships={"incident_type": incident_type_relationship(type_id)},
    )
    return RoleResult(role=_role((await client.incident_roles.create(body)).data))


@tool("config", "Update incident role", "update")
async def update_incident_role(
    ctx: Context[Any],
    role_id: RoleRef,
    name: Name | None = None,
    description: About | None = None,
    single: Single | None = None,
) -> RoleResult:
    """Rename an incident role, change its description, or whether one person holds it."""
    policy = {"is_single": single} if single is not None else None
    body = RolePatchRequest.of(id=role_id, name=name, description=description, policy=policy)
    return RoleResult(
        role=_role((await app_state(ctx).client.incident_roles.update(role_id, body)).data)
    )


@tool("config", "Delete incident role", "delete", deletes="incident role {role_id}")
async def delete_incident_role(ctx: Context[Any], role_id: RoleRef) -> Deleted:
    """Delete an incident role, after the user confirms."""
    await app_state(ctx).client.incident_roles.delete(role_id)
    return Deleted(deleted=role_id)


class SettingsResult(Output):
    settings: dict[str, Any] = Field(
        default_factory=dict[str, Any], description="analytics_dashboard_id, modified"
    )


def _settings(found: GlobalSettingsResponse) -> dict[str, Any]:
    a = found.data.attributes
    return prune({"analytics_dashboard_id": a.analytics_dashboard_id, "modified": iso(a.modified)})


@tool("config", "Get incident settings", "read", needs=KEYS_ONLY)
async def get_incident_settings(ctx: Context[Any]) -> SettingsResult:
    """Read the organization-wide incident settings (the incident analytics dashboard)."""
    return SettingsResult(settings=_settings(await app_state(ctx).client.incident_settings.get()))


@tool("config", "Update incident settings", "update", needs=KEYS_ONLY)
async def update_incident_settings(
    ctx: Context[Any],
    analytics_dashboard_id: Annotated[
        str, Field(max_length=64, pattern=ID_PATTERN, description="Dashboard ID, e.g. abc-def-ghi")
    ],
) -> SettingsResult:
    """Set which dashboard is the organization's incident analytics dashboard."""
    body = GlobalSettingsRequest.of(analytics_dashboard_id=analytics_dashboard_id)
    return SettingsResult(
        settings=_settings(await app_state(ctx).client.incident_settings.update(body))
    )
