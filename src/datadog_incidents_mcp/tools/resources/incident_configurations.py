"""Per-incident configuration tools (off by default): which automation runs for one incident
(integrations, notification rules) and whether it counts in search and analytics. Useful for
drills and test incidents that must stay quiet."""

from __future__ import annotations

from typing import Annotated, Any, Required

from mcp.server.mcpserver import Context
from pydantic import Field, with_config

from datadog_incidents_mcp.calls import resolve
from datadog_incidents_mcp.calls.output import OPEN, Output, Shown, iso, prune
from datadog_incidents_mcp.calls.params import Flag, IncidentRef, id_field
from datadog_incidents_mcp.datadog.models.incident_configurations import (
    IncidentConfigurationRequest,
    IncidentConfigurationResponse,
)
from datadog_incidents_mcp.tools.registry import tool


@with_config(OPEN)
class ConfigurationShown(Shown, total=False):
    id: Required[str]
    incident_id: str
    execute_integrations: bool
    execute_notification_rules: bool
    include_in_analytics: bool
    include_in_search: bool
    modified: str


ConfigurationRef = Annotated[
    str, id_field("The configuration's ID, from create_incident_configuration")
]
Integrations = Annotated[
    Flag | None, Field(description="Run integrations (Slack channel, Jira...) for it")
]
NotificationRules = Annotated[Flag | None, Field(description="Run notification rules for it")]
InAnalytics = Annotated[Flag | None, Field(description="Count it in incident analytics")]
InSearch = Annotated[Flag | None, Field(description="Show it in incident search")]


class ConfigurationResult(Output):
    configuration: ConfigurationShown


def render(found: IncidentConfigurationResponse) -> ConfigurationShown:
    a = found.data.attributes
    return prune(
        {
            "id": found.data.id,
            "incident_id": a.incident_id,
            "execute_integrations": a.execute_integrations,
            "execute_notification_rules": a.execute_notification_rules,
            "include_in_analytics": a.include_in_analytics,
            "include_in_search": a.include_in_search,
            "modified": iso(a.modified_at),
        }
    )


def _switches(
    integrations: bool | None, rules: bool | None, analytics: bool | None, search: bool | None
) -> dict[str, Any]:
    """The switches under Datadog's attribute names; None is a switch not given."""
    return {
        "execute_integrations": integrations,
        "execute_notification_rules": rules,
        "include_in_analytics": analytics,
        "include_in_search": search,
    }


async def _save(
    ctx: Context[Any], incident_id: str, configuration_id: str | None, switches: dict[str, Any]
) -> ConfigurationResult:
    """Create (no configuration_id) or update the incident's configuration."""
    state, uuid = await resolve.incident_state(ctx, incident_id)
    body = IncidentConfigurationRequest.of(id=configuration_id, **switches)
    configurations = state.client.incident_configurations
    if configuration_id is None:
        saved = await configurations.create(uuid, body)
    else:
        saved = await configurations.update(uuid, body)
    return ConfigurationResult(configuration=render(saved))


@tool("automation", "Create incident configuration", "create", needs=("incident_write",))
async def create_incident_configuration(
    ctx: Context[Any],
    incident_id: IncidentRef,
    execute_integrations: Integrations = None,
    execute_notification_rules: NotificationRules = None,
    include_in_analytics: InAnalytics = None,
    include_in_search: InSearch = None,
) -> ConfigurationResult:
    """Turn automation on or off for one incident (e.g. Slack channel creation); switches not
    set keep Datadog's defaults.
    """
    switches = _switches(
        execute_integrations, execute_notification_rules, include_in_analytics, include_in_search
    )
    return await _save(ctx, incident_id, None, switches)


@tool("automation", "Update incident configuration", "update", needs=("incident_write",))
async def update_incident_configuration(
    ctx: Context[Any],
    incident_id: IncidentRef,
    configuration_id: ConfigurationRef,
    execute_integrations: Integrations = None,
    execute_notification_rules: NotificationRules = None,
    include_in_analytics: InAnalytics = None,
    include_in_search: InSearch = None,
) -> ConfigurationResult:
    """Change one incident's automation settings; switches not given stay as they are."""
    switches = _switches(
        execute_integrations, execute_notification_rules, include_in_analytics, include_in_search
    )
    return await _save(ctx, incident_id, configuration_id, switches)
