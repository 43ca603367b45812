"""`client.users` against the sandbox over real HTTP."""

from __future__ import annotations

import pytest

from datadog_incidents_mcp.datadog import DatadogClient
from tests.datadog.resources.shared import user_id

pytestmark = pytest.mark.anyio


async def test_current_user_is_the_owner_of_the_keys(client: DatadogClient) -> None:
    """`GET /api/v2/current_user` (not in the spec extract, so not in the contract test)."""
    me = (await client.users.current()).data
    assert me.type == "users" and me.attributes.email == "alex.rivera@example.com"
    assert me.id == await user_id(client, "alex.rivera")
