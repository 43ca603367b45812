"""`client.timestamps` (timestamp overrides) against the sandbox over real HTTP."""

from __future__ import annotations

import pytest

from datadog_incidents_mcp.datadog import DatadogClient
from datadog_incidents_mcp.datadog.models import timestamps as ts
from tests.datadog.resources.shared import T0, new_incident

pytestmark = pytest.mark.anyio


async def test_timestamp_override_round_trip(client: DatadogClient) -> None:
    incident_id = await new_incident(client)
    made = await client.timestamps.create(
        incident_id,
        ts.TimestampOverrideCreateRequest.of(timestamp_type="detected", timestamp_value=T0),
    )
    later = T0.replace(minute=5)
    await client.timestamps.update(
        incident_id,
        made.data.id,
        ts.TimestampOverridePatchRequest.of(id=made.data.id, timestamp_value=later),
    )
    listed = await client.timestamps.list(incident_id)
    assert [o.attributes.timestamp_value for o in listed.data] == [later]
    await client.timestamps.delete(incident_id, made.data.id)
    assert (await client.timestamps.list(incident_id)).data == []
