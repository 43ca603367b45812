"""Global incident handle tools (notifications toolset), through the MCP client."""

from __future__ import annotations

from typing import Any

import pytest

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, connect, fail, sandbox_settings

pytestmark = pytest.mark.anyio
DEFAULT_TYPE = "00000000-0000-0000-0000-000000000001"


async def test_global_handles_round_trip(sandbox: Sandbox) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="notifications")) as client:
        made: Any = (
            await call(
                client,
                "create_global_handle",
                {
                    "name": "@db-oncall",
                    "severities": ["SEV-1", "SEV-2"],
                    "commander": "priya.natarajan@example.com",
                },
            )
        )["handle"]
        priya = "Priya Natarajan <priya.natarajan@example.com>"  # named, not a UUID
        assert made["incident_type"] == DEFAULT_TYPE and made["commander"] == priya
        renamed: Any = (
            await call(
                client, "update_global_handle", {"handle_id": made["id"], "name": "@db-leads"}
            )
        )["handle"]
        assert renamed["name"] == "@db-leads"
        assert (renamed["severities"], renamed["commander"]) == (["SEV-1", "SEV-2"], priya)
        names: Any = (await call(client, "list_global_handles", {}))["handles"]
        assert {h["name"] for h in names} == {"@incident-commanders", "@db-leads"}
        missing = await fail(client, "update_global_handle", {"handle_id": "nope", "name": "@x"})
        assert "list_global_handles" in missing
        refused = await fail(client, "delete_global_handles", {})
        assert "not deleted" in refused and sandbox.store["handles"]
        await call(client, "delete_global_handles", {"confirm": True})
    assert not sandbox.store["handles"]


async def test_a_handles_commander_is_named_from_the_answer_not_a_bare_uuid(
    sandbox: Sandbox,
) -> None:
    """Nobody was resolved in this session: the name comes from the users Datadog includes
    with the handles (the tools ask it to)."""
    mei = next(u for u in sandbox.store["users"].values() if u["attributes"]["name"] == "Mei Chen")
    handle = next(iter(sandbox.store["handles"].values()))
    handle["relationships"]["commander_user"] = {"data": {"id": mei["id"], "type": "users"}}
    async with connect(sandbox, settings=sandbox_settings(toolsets="notifications")) as client:
        handles: Any = (await call(client, "list_global_handles", {}))["handles"]
    assert [h.get("commander") for h in handles] == ["Mei Chen <mei.chen@example.com>"]
