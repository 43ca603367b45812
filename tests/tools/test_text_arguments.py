"""Text that looks like JSON stays text, in every string parameter of every tool and prompt.

The SDK reads a string argument as JSON wherever the parameter is not annotated plain `str`,
so a Slack export pasted as a timeline, a todo reading `[1,2]` or a title `null` arrived as a
list, a dict or None and was refused or lost.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError

from tests.conftest import call, json_kind

pytestmark = pytest.mark.anyio
LOOKS_LIKE_JSON = ["[1,2]", '{"a":1}', '"x"', "123", "true", "null"]
SLACK_EXPORT = Path(__file__).parents[1] / "postmortem" / "corpus" / "slack_export.json"


def _text_parameters(schema: dict[str, Any]) -> list[str]:
    return [
        name for name, prop in schema.get("properties", {}).items() if json_kind(prop) == "string"
    ]


def _filler(name: str, prop: dict[str, Any]) -> Any:
    """A value of the right type for a required argument, so the call gets past validation."""
    kind = prop.get("type")
    if "enum" in prop:
        return prop["enum"][0]
    if kind == "string":
        return (
            "IR-12"
            if name == "incident_id"
            else "now"
            if "8601" in prop.get("description", "")
            else "a1"
        )
    if kind == "integer":
        return prop.get("minimum", 1)
    if kind == "boolean":
        return False
    if kind == "array":
        return [_filler(name, prop.get("items", {}))] * prop.get("minItems", 1)
    return {}


def _required(schema: dict[str, Any]) -> dict[str, Any]:
    properties = schema.get("properties", {})
    return {name: _filler(name, properties[name]) for name in schema.get("required", [])}


def _complaints_about(message: str, parameter: str) -> list[str]:
    """The lines of a refusal that object to `parameter`'s type, not to its value."""
    problems = message.removeprefix("invalid argument ").split("; ")
    return [p for p in problems if p.startswith(f"`{parameter}`: Input should be a valid")]


async def test_every_text_parameter_of_every_tool_takes_json_looking_text(mcp: Client) -> None:
    tools = (await mcp.list_tools()).tools
    checked = 0
    for tool in tools:
        for parameter in _text_parameters(tool.input_schema):
            for text in LOOKS_LIKE_JSON:
                arguments = {**_required(tool.input_schema), parameter: text}
                result = await mcp.call_tool(tool.name, arguments)
                message = str(result.content[0].text) if result.content else ""  # type: ignore[union-attr]
                if result.is_error and message.startswith("invalid argument"):
                    assert message.count("; ") < 4, f"{tool.name}: problems may be cut: {message}"
                    assert not _complaints_about(message, parameter), (tool.name, text, message)
                checked += 1
    assert len(tools) > 100 and checked > 1000


async def test_json_looking_text_arrives_as_written(mcp: Client) -> None:
    for text in LOOKS_LIKE_JSON:
        incident = await call(mcp, "update_incident", {"incident_id": "IR-12", "title": text})
        assert incident["incident"]["title"] == text  # type: ignore[index]
    todo = await call(mcp, "create_incident_todo", {"incident_id": "IR-12", "content": "x"})
    todo_id = todo["todo"]["id"]  # type: ignore[index]
    for text in LOOKS_LIKE_JSON:
        changed = await call(
            mcp,
            "update_incident_todo",
            {"incident_id": "IR-12", "todo_id": todo_id, "content": text},
        )
        assert changed["todo"]["content"] == text  # type: ignore[index]


async def test_a_slack_export_is_read_as_a_timeline_by_the_tool(mcp: Client) -> None:
    draft = await call(
        mcp,
        "draft_postmortem_cells",
        {"incident_id": "IR-12", "timeline": SLACK_EXPORT.read_text()},
    )
    table = str(next(c["content"] for c in draft["cells"] if c["id"] == "timeline"))  # type: ignore[index, union-attr]
    assert "| 2026-11-13 19:42 | Tomás Varga: @Ana Ruiz rolling back" in table


async def test_every_prompt_argument_takes_json_looking_text(mcp: Client) -> None:
    prompts = (await mcp.list_prompts()).prompts
    for prompt in prompts:
        for argument in prompt.arguments or []:
            if argument.name == "incident_id":
                continue
            for text in LOOKS_LIKE_JSON:
                try:
                    await mcp.get_prompt(prompt.name, {"incident_id": "IR-12", argument.name: text})
                except MCPError as exc:
                    assert "valid string" not in str(exc), (prompt.name, argument.name, exc)
