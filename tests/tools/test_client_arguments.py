"""Arguments a client injects for its own use are dropped; a model's typo is still refused.

Gemini CLI adds `wait_for_previous` to every tool call (its system prompt tells the model to
set it); refusing it as an unknown argument failed every call from that client.
"""

from __future__ import annotations

import pytest
from mcp import Client

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, fail

pytestmark = pytest.mark.anyio


async def test_a_call_with_gemini_clis_wait_for_previous_works(
    mcp: Client, sandbox: Sandbox
) -> None:
    found = await call(mcp, "get_incident", {"incident_id": "IR-1", "wait_for_previous": True})
    assert found["incident"]["title"] == "Database failover in primary Postgres cluster"  # type: ignore[index]
    made = await call(mcp, "create_incident", {"title": "Queue lag", "wait_for_previous": False})
    assert made["incident"]["title"] == "Queue lag"  # type: ignore[index]
    assert sandbox.count("POST") == 1


async def test_a_typo_of_a_real_parameter_is_still_refused(mcp: Client, sandbox: Sandbox) -> None:
    typo = await fail(mcp, "create_incident", {"titel": "Queue lag", "wait_for_previous": True})
    assert typo.startswith("unknown argument `titel`: create_incident takes title,")
    assert sandbox.count("POST") == 0
