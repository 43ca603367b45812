"""A call of a real tool the server was started without says which flag leaves it out and
how to offer it, instead of the SDK's bare `Unknown tool`."""

from __future__ import annotations

import re

import pytest
from mcp import Client

from datadog_incidents_mcp.server.app import build_server
from datadog_incidents_mcp.server.config import Flags, resolve_settings, select_tools

pytestmark = pytest.mark.anyio


async def _refusal(tool: str, **flags: object) -> str:
    settings = resolve_settings({}, Flags(sandbox=True, **flags))  # type: ignore[arg-type]
    async with Client(build_server(settings)) as client:
        result = await client.call_tool(tool, {})
    assert result.is_error
    text = result.content[0].text  # type: ignore[union-attr]
    assert isinstance(text, str)
    return text


@pytest.mark.parametrize(
    ("tool", "flags"),
    [
        ("delete_incident", {}),
        ("list_teams", {"toolsets": "incidents,todos"}),
        ("list_teams", {"toolsets": "incidents", "read_only": True}),
    ],
)
async def test_a_tool_in_a_toolset_not_enabled_names_it_and_the_flag_that_offers_it(
    tool: str, flags: dict[str, object]
) -> None:
    text = await _refusal(tool, **flags)
    assert text.startswith(f"Unknown tool: {tool} is not offered by this server")
    offering = re.search(r"start it with --toolsets (\S+),", text)
    assert offering, text
    widened = resolve_settings({}, Flags(sandbox=True, **{**flags, "toolsets": offering[1]}))  # type: ignore[arg-type]
    assert tool in {spec.name for spec in select_tools(widened)}


async def test_read_only_and_tools_are_named_when_they_leave_the_tool_out() -> None:
    text = await _refusal("create_incident", read_only=True)
    assert "changes things and the server runs with --read-only" in text
    text = await _refusal("get_incident", tools="search_incidents")
    assert "--tools list leaves it out" in text and "--toolsets" not in text


async def test_a_name_no_toolset_has_keeps_the_sdks_answer() -> None:
    assert await _refusal("delete_everything") == "Unknown tool: delete_everything"
