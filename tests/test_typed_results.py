"""Typed results: every tool's outputSchema says the keys, types and required keys its
results really have, so a client can check what it gets and a framework can type it.

Every tool of --toolsets all is called against the sandbox with arguments that work (IDs are
looked up with the tool each ID parameter names, "...; from list_incident_todos"); the MCP
client checks each structured result against the tool's outputSchema and raises where it
does not conform. An empty or wrong-shaped result must fail the same schema.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from mcp import Client
from mcp.types import Tool

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import connect, sandbox_settings
from tests.tools.test_text_arguments import _filler  # pyright: ignore[reportPrivateUsage]

pytestmark = pytest.mark.anyio
SOURCE = re.compile(r"from (\w+)")
# Values the sandbox's seed data answers to, by parameter name.
KNOWN: dict[str, Any] = {
    "incident_id": "IR-12",
    "user": "me",
    "team_id": "cf7570ee-1b0c-5c43-998e-76cc10436028",
    "url": "https://example.com/doc",
}
# Tools that need more than their required arguments to do something.
EXTRA: dict[str, dict[str, Any]] = {
    "create_postmortem_attachment": {"content": "# Postmortem"},
    "create_incident_integration": {
        "links": [{"channel_id": "C1", "channel_name": "#inc-12", "redirect_url": "https://x.test"}]
    },
    "create_notification_rule": {"handles": ["@ops"], "conditions": []},
    "update_incident_impact": {"description": "Checkout errors"},
    "update_incident_field": {"label": "Region"},
    "update_incident_role": {"description": "Writes the timeline"},
    "update_incident_type": {"description": "Security incidents"},
    "page_on_call": {"team": "ops"},
}
LAST = ("delete_", "remove_")  # called after every other tool, so what they delete is not missed


async def _arguments(client: Client, tools: dict[str, Tool], tool: Tool) -> dict[str, Any]:
    """The tool's required arguments: seeded values, IDs from the tool each ID names."""
    properties = tool.input_schema["properties"]
    arguments: dict[str, Any] = {}
    for name in tool.input_schema.get("required", []):
        source = SOURCE.search(properties[name].get("description", ""))
        if name in KNOWN:
            arguments[name] = KNOWN[name]
        elif source and source.group(1) in tools and source.group(1) != tool.name:
            lister = tools[source.group(1)]
            listed = await client.call_tool(lister.name, await _arguments(client, tools, lister))
            items = [v for v in (listed.structured_content or {}).values() if isinstance(v, list)]
            found = [item["id"] for item in (items[0] if items else []) if "id" in item]
            arguments[name] = found[0] if found else "missing"
        else:
            arguments[name] = _filler(name, properties[name])
    if "confirm" in properties:
        arguments["confirm"] = True
    return {**arguments, **EXTRA.get(tool.name, {})}


async def test_every_tool_result_conforms_to_its_output_schema() -> None:
    conforming: list[str] = []
    async with connect(Sandbox(), settings=sandbox_settings(toolsets="all")) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
        order = sorted(tools, key=lambda name: (name.startswith(LAST), name == "delete_incident"))
        for name in order:
            result = await client.call_tool(name, await _arguments(client, tools, tools[name]))
            if not result.is_error:  # the client raised had the result not conformed
                conforming.append(name)
    assert len(tools) == 104
    # The rest need IDs no tool names (a Google configuration, a page target); their result
    # shapes are those of siblings here (create_google_chat_configuration, Deleted).
    assert len(conforming) >= 95, sorted(set(tools) - set(conforming))


def _wrong(schema: dict[str, Any]) -> dict[str, Any]:
    """A result of the right keys with a value of the wrong type."""
    key = schema["required"][0]
    wrong = 42 if schema["properties"][key].get("type") != "integer" else "42"
    return {key: wrong}


async def test_an_empty_or_wrong_shaped_result_fails_every_tool_schema() -> None:
    async with connect(Sandbox(), settings=sandbox_settings(toolsets="all")) as client:
        tools = (await client.list_tools()).tools
    for tool in tools:
        assert tool.output_schema is not None, tool.name
        validator = Draft202012Validator(tool.output_schema)
        assert not validator.is_valid({}), f"{tool.name}: {{}} passes its outputSchema"
        assert not validator.is_valid(_wrong(tool.output_schema)), tool.name
    assert len(tools) == 104


async def test_an_item_of_the_wrong_type_fails_a_list_schema() -> None:
    async with connect(Sandbox(), settings=sandbox_settings(toolsets="all")) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    validator = Draft202012Validator(tools["list_incident_todos"].output_schema or {})
    assert validator.is_valid({"todos": [{"id": "t1", "completed": "2026-01-05T12:00:00Z"}]})
    assert not validator.is_valid({"todos": [{"content": "no id"}]})
    assert not validator.is_valid({"todos": [{"id": "t1", "assignees": "not a list"}]})
