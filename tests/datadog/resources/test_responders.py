"""`client.responders` against the sandbox over real HTTP."""

from __future__ import annotations

import pytest

from datadog_incidents_mcp.datadog import ConflictError, DatadogClient
from datadog_incidents_mcp.datadog.models import responders as resp
from datadog_incidents_mcp.datadog.models import user_relationship
from tests.datadog.resources.shared import new_incident, user_id

pytestmark = pytest.mark.anyio


async def test_responder_round_trip(client: DatadogClient) -> None:
    incident_id = await new_incident(client)
    mei = await user_id(client, "mei.chen")
    body = resp.ResponderCreateRequest.of(relationships={"user": user_relationship(mei)})
    made = await client.responders.create(incident_id, body)
    included = made.included[0].attributes
    assert included and included["email"] == "mei.chen@example.com"
    with pytest.raises(ConflictError):
        await client.responders.create(incident_id, body)
    await client.responders.delete(incident_id, made.data.id)
    assert (await client.responders.list(incident_id)).data == []
