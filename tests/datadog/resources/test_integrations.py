"""`client.integrations` against the sandbox over real HTTP."""

from __future__ import annotations

import pytest

from datadog_incidents_mcp.datadog import DatadogClient
from datadog_incidents_mcp.datadog.models import integrations as integ
from tests.datadog.resources.shared import new_incident

pytestmark = pytest.mark.anyio


async def test_integration_round_trip(client: DatadogClient) -> None:
    incident_id = await new_incident(client)
    slack = {
        "channels": [{"channel_id": "C1", "channel_name": "#inc", "redirect_url": "https://s/x"}]
    }
    made = await client.integrations.create(
        incident_id, integ.IntegrationWriteRequest.of(integration_type=1, metadata=slack)
    )
    await client.integrations.update(
        incident_id,
        made.data.id,
        integ.IntegrationWriteRequest.of(integration_type=1, metadata=slack, status=2),
    )
    assert (await client.integrations.get(incident_id, made.data.id)).data.attributes.status == 2
    await client.integrations.delete(incident_id, made.data.id)
    assert (await client.integrations.list(incident_id)).data == []
