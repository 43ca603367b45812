"""Google Chat and Meet tools (off by default): the space and the call Datadog opens for
incidents of a type. Datadog offers create and update only: keep the IDs these return."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Required

from mcp.server.mcpserver import Context
from pydantic import BaseModel, Field, with_config

from datadog_incidents_mcp.calls import resolve
from datadog_incidents_mcp.calls.output import OPEN, Output, Shown, prune
from datadog_incidents_mcp.calls.params import Flag, TypeRef, id_field
from datadog_incidents_mcp.calls.state import app_state
from datadog_incidents_mcp.datadog.models.google_workspace import (
    GoogleChatCreateRequest,
    GoogleChatPatchRequest,
    GoogleMeetCreateRequest,
    GoogleMeetPatchRequest,
)
from datadog_incidents_mcp.datadog.models.shared import incident_type_relationship
from datadog_incidents_mcp.tools.registry import tool

ConfigurationRef = Annotated[str, id_field("Configuration ID, as the create tool returned it")]
DomainId = Annotated[str, Field(min_length=1, max_length=200, description="Google Chat domain ID")]
SpaceName = Annotated[
    str,
    Field(min_length=1, max_length=500, description="Space name template, e.g. inc-{{public_id}}"),
]
TimeZone = Annotated[str, Field(min_length=1, max_length=64, description="e.g. Europe/Paris")]
Audience = Annotated[
    str, Field(min_length=1, max_length=200, description="Target audience ID for the space")
]
ManualMeetings = Annotated[Flag, Field(description="People may start a meeting by hand")]
Summarize = Annotated[Flag, Field(description="Gemini summarizes the meetings")]


@with_config(OPEN)
class WorkspaceShown(Shown, total=False):
    """The ID, then the configuration's settings under Datadog's names."""

    id: Required[str]


class ConfigurationResult(Output):
    configuration: WorkspaceShown


def render(configuration_id: str, attributes: BaseModel) -> WorkspaceShown:
    """The same for both products: the ID, then the settings under Datadog's names."""
    settings = attributes.model_dump(exclude={"created_at", "modified_at"})
    return prune({"id": configuration_id, **settings})


Product = Literal["chat", "meet"]


def _chat(
    domain_id: str | None, name: str | None, zone: str | None, audience: str | None
) -> dict[str, Any]:
    """Google Chat settings under Datadog's attribute names; None is a setting not given."""
    return {
        "domain_id": domain_id,
        "space_name_template": name,
        "space_time_zone": zone,
        "space_target_audience_id": audience,
    }


def _meet(manual: bool | None, summarize: bool | None) -> dict[str, Any]:
    """Google Meet settings under Datadog's attribute names; None is a setting not given."""
    return {"allow_manual_meeting_creation": manual, "auto_summarize": summarize}


async def _created(
    ctx: Context[Any], product: Product, incident_type: str | None, settings: dict[str, Any]
) -> ConfigurationResult:
    """Create a configuration for incidents of a type (the default type if none)."""
    client = app_state(ctx).client
    workspace = client.google_workspace
    type_id = incident_type or await resolve.default_type(client)
    link = {"incident_type": incident_type_relationship(type_id)}
    if product == "chat":
        made = await workspace.create_chat(
            GoogleChatCreateRequest.of(relationships=link, **settings)
        )
    else:
        made = await workspace.create_meet(
            GoogleMeetCreateRequest.of(relationships=link, **settings)
        )
    return ConfigurationResult(configuration=render(made.data.id, made.data.attributes))


async def _updated(
    ctx: Context[Any], product: Product, configuration_id: str, settings: dict[str, Any]
) -> ConfigurationResult:
    """Change the settings given; the others stay as they are."""
    workspace = app_state(ctx).client.google_workspace
    if product == "chat":
        body = GoogleChatPatchRequest.of(id=configuration_id, **settings)
        updated = await workspace.update_chat(configuration_id, body)
    else:
        body = GoogleMeetPatchRequest.of(id=configuration_id, **settings)
        updated = await workspace.update_meet(configuration_id, body)
    return ConfigurationResult(configuration=render(updated.data.id, updated.data.attributes))


@tool("config", "Create Google Chat configuration", "create")
async def create_google_chat_configuration(
    ctx: Context[Any],
    domain_id: DomainId,
    space_name_template: SpaceName,
    space_time_zone: TimeZone,
    space_target_audience_id: Audience,
    incident_type: TypeRef | None = None,
) -> ConfigurationResult:
    """Set up the Google Chat space opened for incidents of a type (default type if none)."""
    settings = _chat(domain_id, space_name_template, space_time_zone, space_target_audience_id)
    return await _created(ctx, "chat", incident_type, settings)


@tool("config", "Update Google Chat configuration", "update")
async def update_google_chat_configuration(
    ctx: Context[Any],
    configuration_id: ConfigurationRef,
    domain_id: DomainId | None = None,
    space_name_template: SpaceName | None = None,
    space_time_zone: TimeZone | None = None,
    space_target_audience_id: Audience | None = None,
) -> ConfigurationResult:
    """Change a Google Chat configuration; settings not given stay as they are."""
    settings = _chat(domain_id, space_name_template, space_time_zone, space_target_audience_id)
    return await _updated(ctx, "chat", configuration_id, settings)


@tool("config", "Create Google Meet configuration", "create")
async def create_google_meet_configuration(
    ctx: Context[Any],
    allow_manual_meeting_creation: ManualMeetings,
    auto_summarize: Summarize,
    incident_type: TypeRef | None = None,
) -> ConfigurationResult:
    """Set up Google Meet calls for incidents of a type (default type if none)."""
    settings = _meet(allow_manual_meeting_creation, auto_summarize)
    return await _created(ctx, "meet", incident_type, settings)


@tool("config", "Update Google Meet configuration", "update")
async def update_google_meet_configuration(
    ctx: Context[Any],
    configuration_id: ConfigurationRef,
    allow_manual_meeting_creation: ManualMeetings | None = None,
    auto_summarize: Summarize | None = None,
) -> ConfigurationResult:
    """Change a Google Meet configuration; settings not given stay as they are."""
    settings = _meet(allow_manual_meeting_creation, auto_summarize)
    return await _updated(ctx, "meet", configuration_id, settings)
