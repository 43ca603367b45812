"""Incidents in the sandbox, beyond what the client and tool tests cover."""

from __future__ import annotations

import httpx2
import pytest

from datadog_incidents_mcp.sandbox import Sandbox

pytestmark = pytest.mark.anyio


async def test_patch_honours_include_and_refuses_a_bad_one_before_changing_anything(
    sandbox: Sandbox, http: httpx2.AsyncClient
) -> None:
    incident_id = next(iter(sandbox.store["incidents"]))
    body = {"data": {"id": incident_id, "type": "incidents", "attributes": {"title": "Renamed"}}}
    refused = await http.patch(f"/api/v2/incidents/{incident_id}?include=bogus", json=body)
    assert refused.status_code == 400
    assert sandbox.store["incidents"][incident_id]["attributes"]["title"] != "Renamed"
    answered = await http.patch(f"/api/v2/incidents/{incident_id}?include=users", json=body)
    assert answered.json()["data"]["attributes"]["title"] == "Renamed"
    assert {item["type"] for item in answered.json()["included"]} == {"users"}
