"""`client.impacts` against the sandbox over real HTTP."""

from __future__ import annotations

import pytest

from datadog_incidents_mcp.datadog import DatadogClient, NotFoundError
from datadog_incidents_mcp.datadog.models import impacts as imp
from tests.datadog.resources.shared import T0, new_incident

pytestmark = pytest.mark.anyio


async def test_impact_round_trip_keeps_the_live_null_fields(client: DatadogClient) -> None:
    incident_id = await new_incident(client)
    impact = await client.impacts.create(
        incident_id, imp.ImpactCreateRequest.of(description="Slow checkouts", start_at=T0)
    )
    assert (impact.data.attributes.impact_type, impact.data.attributes.fields) == ("customer", None)
    patched = await client.impacts.update(
        incident_id, impact.data.id, imp.ImpactPatchRequest.of(end_at=T0.replace(hour=10))
    )
    assert patched.data.attributes.end_at == T0.replace(hour=10)
    await client.impacts.delete(incident_id, impact.data.id)
    with pytest.raises(NotFoundError) as caught:
        await client.impacts.delete(incident_id, impact.data.id)
    assert "rpc error" in caught.value.messages[0]
