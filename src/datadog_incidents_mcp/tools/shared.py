"""Results more than one tool module returns, kept here so no tool module imports another.

An incident's integration record: integrations lists and edits them, paging creates them
(an On-Call page, a ServiceNow record).
"""

from __future__ import annotations

from typing import Any, Required

from pydantic import with_config

from datadog_incidents_mcp.calls.output import OPEN, Detailed, Output, detailed, iso
from datadog_incidents_mcp.datadog.models.integrations import (
    INTEGRATION_STATUSES,
    INTEGRATION_TYPES,
    Integration,
)


@with_config(OPEN)
class IntegrationShown(Detailed, total=False):
    id: Required[str]
    kind: str | int
    status: str
    links: list[Any]
    details: dict[str, Any]
    created: str


class IntegrationResult(Output):
    integration: IntegrationShown


def render_integration(integration: Integration, detail: str = "compact") -> IntegrationShown:
    a = integration.attributes
    links: list[Any] = []
    for key in ("channels", "issues", "teams"):
        links.extend((a.metadata or {}).get(key) or [])
    return detailed(
        {
            "id": integration.id,
            "kind": INTEGRATION_TYPES.get(a.integration_type or -1, a.integration_type),
            "status": INTEGRATION_STATUSES.get(a.status or 0),
            "links": links,
            # On-Call pages and ServiceNow records carry their own metadata, shown as it is.
            "details": None if links else a.metadata,
            "created": iso(a.created),
        },
        integration,
        detail,
    )
