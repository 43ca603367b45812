"""Incident integration metadata models (Slack channels, Jira issues, Teams channels)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from datadog_incidents_mcp.datadog.models._base import (
    Collection,
    Document,
    Request,
    RequestModel,
    Resource,
    WireModel,
)

INTEGRATION_TYPES = {1: "slack", 8: "jira", 13: "servicenow", 15: "oncall_page"}
INTEGRATION_STATUSES = {
    0: "unknown",
    1: "pending",
    2: "complete",
    3: "manually_created",
    4: "manually_updated",
    5: "failed",
}


class IntegrationAttributes(WireModel):
    integration_type: int | None = None
    status: int | None = None
    metadata: dict[str, Any] | None = None
    incident_id: str | None = None
    created: datetime | None = None
    modified: datetime | None = None


Integration = Resource[IntegrationAttributes]
IntegrationResponse = Document[IntegrationAttributes]
IntegrationsResponse = Collection[IntegrationAttributes]


class SlackChannel(RequestModel):
    channel_id: str
    channel_name: str
    redirect_url: str
    team_id: str | None = None


class JiraIssue(RequestModel):
    account: str
    project_key: str
    issue_key: str | None = None
    issuetype_id: str | None = None
    redirect_url: str | None = None


class MSTeamsChannel(RequestModel):
    ms_channel_id: str
    ms_channel_name: str
    ms_tenant_id: str
    redirect_url: str


class SlackMetadata(RequestModel):
    channels: list[SlackChannel]


class JiraMetadata(RequestModel):
    issues: list[JiraIssue]


class MSTeamsMetadata(RequestModel):
    teams: list[MSTeamsChannel]


class IntegrationWriteAttributes(RequestModel):
    integration_type: int
    metadata: SlackMetadata | JiraMetadata | MSTeamsMetadata
    status: int | None = None
    incident_id: str | None = None


# Body of both create and update: Datadog requires the full metadata on each.
IntegrationWriteRequest = Request[Literal["incident_integrations"], IntegrationWriteAttributes]
