"""Every time argument of every tool and prompt refuses a time outside what Datadog can hold.

The time arguments are found as clients find them, from tools/list and prompts/list: a
parameter whose description says it takes ISO 8601 or a relative time like now-2h. A new
tool or prompt that takes a time is covered without touching this file.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError
from mcp.types import INVALID_PARAMS, PromptReference

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import fail

pytestmark = pytest.mark.anyio
TAKES_A_TIME = re.compile(r"ISO 8601|now-\d")
RANGE = "from 1970-01-01T00:00:00Z to 5 minutes from now"
# Past Python's year 9999 by arithmetic or by offset, before 1970, or not a time at all.
OVERFLOWING: list[object] = [
    "now-999999999d",
    "now+999999999w",
    "now-" + "9" * 30 + "s",
    "9999-12-31T23:59:59-01:00",
    "0001-01-01T00:00:00+01:00",
    "1969-12-31T23:59:59Z",
    "99999999999999999999",
]
# A JSON number is not taken as epoch seconds, however large.
NUMBERS: list[object] = [99_999_999_999_999_999_999, 1e300, 1_700_000_000]


def _placeholder(schema: dict[str, Any]) -> object:
    """A value the schema accepts, so only the time argument is wrong."""
    if "enum" in schema:
        return schema["enum"][0]
    if TAKES_A_TIME.search(str(schema.get("description", ""))):
        return "now-1h"
    kind = schema.get("type")
    if kind == "integer":
        return schema.get("minimum", 1)
    if kind == "boolean":
        return False
    if kind == "array":
        return []
    if kind == "object":
        return {}
    return "IR-12"


async def _time_parameters(mcp: Client) -> list[tuple[str, str, dict[str, object]]]:
    """(tool, time parameter, the tool's other required arguments) for every tool."""
    found: list[tuple[str, str, dict[str, object]]] = []
    for tool in (await mcp.list_tools()).tools:
        properties: dict[str, Any] = tool.input_schema.get("properties", {})
        required = {
            name: _placeholder(properties[name]) for name in tool.input_schema.get("required", [])
        }
        found.extend(
            (tool.name, name, required)
            for name, schema in properties.items()
            if TAKES_A_TIME.search(str(schema.get("description", "")))
        )
    return found


async def test_every_tool_time_argument_refuses_what_overflows(
    mcp: Client, sandbox: Sandbox
) -> None:
    parameters = await _time_parameters(mcp)
    assert len(parameters) >= 10, parameters  # the timestamp, impact and incident tools at least
    for tool, name, required in parameters:
        for value in [*OVERFLOWING, *NUMBERS]:
            text = await fail(mcp, tool, {**required, name: value})
            assert text.startswith(f"invalid argument `{name}`:"), (tool, value, text)
            assert RANGE in text, (tool, value, text)
    assert not sandbox.requests  # refused before any request: nothing half-done


async def test_every_prompt_time_argument_refuses_what_overflows(mcp: Client) -> None:
    checked = 0
    for prompt in (await mcp.list_prompts()).prompts:
        ref = PromptReference(type="ref/prompt", name=prompt.name)
        required: dict[str, str] = {}
        for argument in prompt.arguments or []:
            if argument.required:
                offered = await mcp.complete(ref, {"name": argument.name, "value": ""})
                required[argument.name] = (offered.completion.values or ["IR-12"])[0]
        for argument in prompt.arguments or []:
            if not TAKES_A_TIME.search(argument.description or ""):
                continue
            checked += 1
            for value in OVERFLOWING:
                with pytest.raises(MCPError) as raised:
                    await mcp.get_prompt(prompt.name, {**required, argument.name: str(value)})
                assert raised.value.code == INVALID_PARAMS, (prompt.name, value)
                message = raised.value.error.message
                assert message.startswith(f"invalid argument `{argument.name}`:"), message
                assert RANGE in message, message
    assert checked >= 1  # status_update's since
