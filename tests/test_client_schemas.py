"""Every tool's input schema as the frameworks people use convert it, without a model.

OpenAI's strict mode (the Agents SDK converts MCP tools with `ensure_strict_json_schema`,
and falls back to non-strict where it cannot) sends every property as required: each object
must be closed, and each optional property must admit null, which the server reads as "not
given". Gemini (google-genai) turns a JSON schema into a `Schema` of its own, whose enums hold
strings only. Both conversions run offline.
"""

from __future__ import annotations

import copy
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pytest
from jsonschema import Draft202012Validator
from mcp.types import Tool

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import connect, sandbox_settings
from tests.tools.test_text_arguments import _required  # pyright: ignore[reportPrivateUsage]

if TYPE_CHECKING:
    from google.genai import types

pytestmark = pytest.mark.anyio
# The Agents SDK and google-genai are imported where used: together they take about 3 s to
# import, which every pytest-xdist worker would pay at collection for these three tests.


async def _all_tools() -> list[Tool]:
    async with connect(Sandbox(), settings=sandbox_settings(toolsets="all")) as client:
        return (await client.list_tools()).tools


def _objects(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Every object schema in `schema`, itself included."""
    found = [schema] if schema.get("type") == "object" else []
    children = [*schema.get("properties", {}).values(), *schema.get("anyOf", [])]
    children += [schema["items"]] if isinstance(schema.get("items"), dict) else []
    return found + [o for child in children for o in _objects(child)]


def strict_problems(schema: dict[str, Any]) -> list[str]:
    """Why OpenAI's strict mode cannot take `schema` as published (empty: it can)."""
    from agents.strict_schema import ensure_strict_json_schema

    try:
        ensure_strict_json_schema(copy.deepcopy(schema))
    except Exception as exc:  # the Agents SDK's UserError and the like
        return [str(exc)]
    problems: list[str] = []
    for node in _objects(schema):
        if node.get("additionalProperties") is not False:
            problems.append(f"open object {sorted(node.get('properties', {}))}")
        required = set(node.get("required", []))
        for name, prop in node.get("properties", {}).items():
            if name not in required and not Draft202012Validator(prop).is_valid(None):
                problems.append(f"optional `{name}` refuses null")
    return problems


def gemini_declaration(tool: Tool) -> types.FunctionDeclaration:
    """The function declaration google-genai makes of `tool`, refusing unknown keywords."""
    from google.genai import types

    parameters = types.Schema.from_json_schema(
        json_schema=types.JSONSchema(**copy.deepcopy(tool.input_schema)),
        api_option="GEMINI_API",
        raise_error_on_unsupported_field=True,
    )
    return types.FunctionDeclaration(
        name=tool.name, description=tool.description, parameters=parameters
    )


def _gemini_enums(schema: types.Schema) -> list[list[Any]]:
    nested = [*(schema.properties or {}).values(), *(schema.any_of or [])]
    nested += [schema.items] if schema.items else []
    return ([schema.enum] if schema.enum else []) + [e for s in nested for e in _gemini_enums(s)]


async def test_every_tool_converts_to_openai_strict_mode() -> None:
    tools = await _all_tools()
    refused = {t.name: p for t in tools if (p := strict_problems(t.input_schema))}
    assert not refused, refused
    assert len(tools) == 104


def test_the_strict_check_names_what_strict_mode_refuses() -> None:
    open_map = {"type": "object", "properties": {"m": {"type": "object"}}, "required": ["m"]}
    assert strict_problems(open_map) == [
        "open object ['m']",
        "open object []",
    ]
    optional = {"type": "object", "properties": {"n": {"type": "integer"}}}
    assert strict_problems({**optional, "additionalProperties": False}) == [
        "optional `n` refuses null"
    ]


async def test_every_tool_converts_to_a_gemini_function_declaration() -> None:
    converted = 0
    for tool in await _all_tools():
        declaration = gemini_declaration(tool)
        assert declaration.parameters is not None
        for enum in _gemini_enums(declaration.parameters):
            assert all(isinstance(value, str) for value in enum), (tool.name, enum)
        optional = set(tool.input_schema["properties"]) - set(tool.input_schema.get("required", []))
        properties = declaration.parameters.properties or {}
        assert all(properties[name].nullable for name in optional), tool.name
        converted += 1
    assert converted == 104


_VOLATILE = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}-\d\d-\d\dT[\d:.]+Z?"
)


async def _outcomes(calls: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, bool, str]]:
    """A fresh sandbox's answers to `calls` made in turn, with new IDs and times left out."""
    sandbox = Sandbox()
    moment = datetime(2026, 1, 5, 12, tzinfo=UTC)
    sandbox.store.clock = lambda: moment
    answers: list[tuple[str, bool, str]] = []
    async with connect(sandbox, settings=sandbox_settings(toolsets="all")) as client:
        for name, arguments in calls:
            result = await client.call_tool(name, arguments)
            text = "".join(getattr(block, "text", "") for block in result.content)
            answers.append((name, bool(result.is_error), _VOLATILE.sub("-", text)))
    return answers


async def test_every_optional_parameter_takes_null_as_not_given() -> None:
    """A strict client sends null for each optional argument it leaves out: every tool in
    turn, on two sandboxes alike, must do with them what it does without them."""
    given: list[tuple[str, dict[str, Any]]] = []
    with_nulls: list[tuple[str, dict[str, Any]]] = []
    for tool in await _all_tools():
        schema = tool.input_schema
        optional = set(schema["properties"]) - set(schema.get("required", []))
        given.append((tool.name, _required(schema)))
        with_nulls.append((tool.name, {**_required(schema), **dict.fromkeys(optional)}))
    assert sum(len(arguments) for _, arguments in with_nulls) > 300
    assert await _outcomes(with_nulls) == await _outcomes(given)
