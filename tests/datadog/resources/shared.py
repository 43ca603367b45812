"""What the client-level resource tests share: a fixed time, a user lookup, a new incident."""

from __future__ import annotations

from datetime import UTC, datetime

from datadog_incidents_mcp.datadog import DatadogClient
from datadog_incidents_mcp.datadog.models import incidents as inc

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


async def user_id(dd: DatadogClient, text: str) -> str:
    return (await dd.users.list(filter_text=text)).data[0].id


async def new_incident(dd: DatadogClient, **fields: dict[str, object]) -> str:
    body = inc.IncidentCreateRequest.of(
        title="Round trip", customer_impacted=False, fields=fields or None
    )
    return (await dd.incidents.create(body)).data.id
