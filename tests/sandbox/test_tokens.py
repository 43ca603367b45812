"""The sandbox's access tokens answer as Datadog does: Bearer only where the spec lists
OAuth for the operation, the scopes it lists, expiry on the store's clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import httpx2
import pytest

from datadog_incidents_mcp.sandbox import Sandbox

pytestmark = pytest.mark.anyio
INCIDENT = "/api/v2/incidents/00000000-0000-0000-0000-000000000000"


@pytest.fixture
async def http(sandbox: Sandbox) -> AsyncIterator[httpx2.AsyncClient]:
    transport = httpx2.ASGITransport(app=sandbox.app)
    async with httpx2.AsyncClient(transport=transport, base_url="http://sb") as client:
        yield client


async def test_scopes_are_checked_on_paths_with_ids(
    sandbox: Sandbox, http: httpx2.AsyncClient
) -> None:
    reader = {"Authorization": f"Bearer {sandbox.tokens.issue({'incident_read'})}"}
    assert (await http.get(INCIDENT, headers=reader)).status_code == 404  # past the gate
    refused = await http.patch(INCIDENT, json={}, headers=reader)
    assert refused.status_code == 403
    assert refused.json() == {"errors": ["Forbidden", "missing scope: incident_write"]}


async def test_a_keys_only_operation_takes_the_token_as_application_key_not_bearer(
    sandbox: Sandbox, http: httpx2.AsyncClient
) -> None:
    token = sandbox.tokens.issue(set())
    path = "/api/v2/incidents/config/global/settings"
    assert (await http.get(path, headers={"DD-APPLICATION-KEY": token})).status_code == 200
    assert (await http.get(path, headers={"Authorization": f"Bearer {token}"})).status_code == 401


async def test_expiry_reads_the_stores_clock(sandbox: Sandbox, http: httpx2.AsyncClient) -> None:
    token = sandbox.tokens.issue({"incident_read"}, lifetime=timedelta(hours=1))
    headers = {"Authorization": f"Bearer {token}"}
    assert (await http.get("/api/v2/incidents", headers=headers)).status_code == 200
    start = sandbox.store.now()
    sandbox.store.clock = lambda: start + timedelta(hours=1)
    expired = await http.get("/api/v2/incidents", headers=headers)
    assert expired.status_code == 401 and expired.json()["errors"][1].startswith("token expired at")
