# The sandbox reads arbitrary JSON request bodies, whose types are unknown by nature.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false
# pyright: reportUnknownArgumentType=false
"""An incident's integrations (Slack channels, Jira issues, Teams chats, On-Call pages...).

Recorded live: writes are answered by the original incident service (legacy style), reads
and deletes by a newer one (`application/vnd.api+json`, JSON:API errors).
"""

from __future__ import annotations

from typing import Any

from datadog_incidents_mcp.sandbox.collection import Collection, EchoedUsers
from datadog_incidents_mcp.sandbox.responses import ApiError

_METADATA_KEYS = {"channels", "issues", "teams"}


def _integration_attributes(attrs: dict[str, Any], partial: bool) -> dict[str, Any]:
    """Every update sends the whole integration, as a create does."""
    kind = attrs.get("integration_type")
    if not isinstance(kind, int) or isinstance(kind, bool):
        raise ApiError(400, "integration_type is required and must be an integer")
    metadata = attrs.get("metadata")
    if not isinstance(metadata, dict) or len(_METADATA_KEYS & metadata.keys()) != 1:
        raise ApiError(
            400,
            "metadata must hold exactly one of channels (Slack), issues (Jira) or teams (MS Teams)",
        )
    status = attrs.get("status", 3)
    if not isinstance(status, int) or not 0 <= status <= 5:
        raise ApiError(400, "status must be an integer from 0 to 5")
    return {"integration_type": kind, "metadata": metadata, "status": status}


INTEGRATIONS = Collection(
    "integrations",
    "incident_integrations",
    "integration_id",
    parse=_integration_attributes,
    per_incident=True,
    style="legacy",
    read_style="jsonapi",
    legacy_stamps=True,
    echo_incident=True,
    users=EchoedUsers(),
    body_first=False,
    check_id=False,
    paginated=True,
    missing="incident integration doesn't exist",
)


ROUTES = INTEGRATIONS.routes("/api/v2/incidents/{incident_id}/relationships/integrations")
