"""Google Chat and Meet tools (off by default): the space and the call Datadog opens for
incidents of a type. Datadog offers create and update only: keep the IDs these return."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import Context
from pydantic import Field

from datadog_incidents_mcp.datadog.models.google_workspace import (
    GoogleChatCreateRequest,
    GoogleChatPatchRequest,
    GoogleChatResponse,
    GoogleMeetCreateRequest,
    GoogleMeetPatchRequest,
    GoogleMeetResponse,
)
from datadog_incidents_mcp.datadog.models.shared import incident_type_relationship
from datadog_incidents_mcp.tools import _resolve as resolve
from datadog_incidents_mcp.tools._context import app_state
from datadog_incidents_mcp.tools._output import Output, prune
from datadog_incidents_mcp.tools._params import ID_PATTERN, Flag, TypeRef
from datadog_incidents_mcp.tools._registry import tool

ConfigurationRef = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        pattern=ID_PATTERN,
        description="Configuration ID, as the create tool returned it",
    ),
]
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


class ConfigurationResult(Output):
    configuration: dict[str, Any] = Field(
        default_factory=dict[str, Any], description="id, then the configuration's settings"
    )


def render(found: GoogleChatResponse | GoogleMeetResponse) -> dict[str, Any]:
    settings = found.data.attributes.model_dump(exclude={"created_at", "modified_at"})
    return prune({"id": found.data.id, **settings})


async def _type_link(ctx: Context[Any], incident_type: str | None) -> dict[str, Any]:
    type_id = incident_type or await resolve.default_type(app_state(ctx).client)
    return {"incident_type": incident_type_relationship(type_id)}


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
    body = GoogleChatCreateRequest.of(
        domain_id=domain_id,
        space_name_template=space_name_template,
        space_time_zone=space_time_zone,
        space_target_audience_id=space_target_audience_id,
        relationships=await _type_link(ctx, incident_type),
    )
    made = await app_state(ctx).client.google_workspace.create_chat(body)
    return ConfigurationResult(configuration=render(made))


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
    body = GoogleChatPatchRequest.of(
        id=configuration_id,
        domain_id=domain_id,
        space_name_template=space_name_template,
        space_time_zone=space_time_zone,
        space_target_audience_id=space_target_audience_id,
    )
    updated = await app_state(ctx).client.google_workspace.update_chat(configuration_id, body)
    return ConfigurationResult(configuration=render(updated))


@tool("config", "Create Google Meet configuration", "create")
async def create_google_meet_configuration(
    ctx: Context[Any],
    allow_manual_meeting_creation: ManualMeetings,
    auto_summarize: Summarize,
    incident_type: TypeRef | None = None,
) -> ConfigurationResult:
    """Set up Google Meet calls for incidents of a type (default type if none)."""
    body = GoogleMeetCreateRequest.of(
        allow_manual_meeting_creation=allow_manual_meeting_creation,
        auto_summarize=auto_summarize,
        relationships=await _type_link(ctx, incident_type),
    )
    made = await app_state(ctx).client.google_workspace.create_meet(body)
    return ConfigurationResult(configuration=render(made))


@tool("config", "Update Google Meet configuration", "update")
async def update_google_meet_configuration(
    ctx: Context[Any],
    configuration_id: ConfigurationRef,
    allow_manual_meeting_creation: ManualMeetings | None = None,
    auto_summarize: Summarize | None = None,
) -> ConfigurationResult:
    """Change a Google Meet configuration; settings not given stay as they are."""
    body = GoogleMeetPatchRequest.of(
        id=configuration_id,
        allow_manual_meeting_creation=allow_manual_meeting_creation,
        auto_summarize=auto_summarize,
    )
    updated = await app_state(ctx).client.google_workspace.update_meet(configuration_id, body)
    return ConfigurationResult(configuration=render(updated))
