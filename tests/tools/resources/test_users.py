"""User tools, through the MCP client."""

from __future__ import annotations

import pytest
from mcp import Client

from tests.conftest import call

pytestmark = pytest.mark.anyio


async def test_search_and_get_users(mcp: Client) -> None:
    found = await call(mcp, "search_users", {"query": "chen"})
    assert [u["email"] for u in found["users"]] == ["mei.chen@example.com"]  # type: ignore[index, union-attr]
    user = (await call(mcp, "get_user", {"user": "@mei.chen@example.com"}))["user"]
    assert user["title"] == "Platform Engineer"  # type: ignore[index]
    teams = (await call(mcp, "list_user_teams", {"user": "mei.chen@example.com"}))["teams"]
    assert len(teams) == 1  # type: ignore[arg-type]


async def test_reads_still_search_by_part_of_a_name(mcp: Client) -> None:
    found = await call(mcp, "search_users", {"query": "Mei"})
    assert [u["email"] for u in found["users"]] == ["mei.chen@example.com"]  # type: ignore[index, union-attr]
