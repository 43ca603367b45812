"""Nothing is deleted, and no switch flipped, on anything but a JSON boolean."""

from __future__ import annotations

import pytest
from mcp import Client
from mcp.types import ElicitResult

from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.tools._registry import REGISTRY, tool
from tests.conftest import call, connect, fail, sandbox_settings

pytestmark = pytest.mark.anyio
NOT_BOOLEANS = ["yes", "y", "on", "true", "True", 1, 1.0, 0, "false", "no"]


@pytest.mark.parametrize("confirm", NOT_BOOLEANS)
async def test_a_delete_refuses_a_confirm_that_is_not_json_true_or_false(
    mcp: Client, sandbox: Sandbox, confirm: object
) -> None:
    text = await fail(mcp, "delete_incident", {"incident_id": "IR-3", "confirm": confirm})
    assert text.startswith("invalid argument `confirm`"), text
    assert sandbox.count("DELETE") == 0


async def test_a_delete_with_confirm_true_deletes(mcp: Client, sandbox: Sandbox) -> None:
    assert await call(mcp, "delete_incident", {"incident_id": "IR-3", "confirm": True}) == {
        "deleted": "IR-3"
    }
    assert sandbox.count("DELETE") == 1


@pytest.mark.parametrize("answer", ["yes", "true", 1])
async def test_an_elicited_answer_that_is_not_a_boolean_deletes_nothing(
    sandbox: Sandbox, answer: object
) -> None:
    async def reply(ctx: object, params: object) -> ElicitResult:
        return ElicitResult(action="accept", content={"confirm": answer})  # type: ignore[dict-item]

    async with connect(sandbox, elicitation_callback=reply) as client:
        result = await client.call_tool("delete_incident", {"incident_id": "IR-3"})
    assert result.is_error
    assert result.content[0].text.startswith("not confirmed: incident IR-3 was not deleted")  # type: ignore[union-attr]
    assert sandbox.count("DELETE") == 0


FILLER = {"string": "1", "array": ["1"], "object": {}, "integer": 1, "boolean": True}


async def test_every_boolean_parameter_takes_json_true_or_false_only() -> None:
    """A string or number where a tool takes a boolean is refused before anything is sent."""
    sandbox = Sandbox()
    checked: list[str] = []
    async with connect(sandbox, settings=sandbox_settings(toolsets="all")) as client:
        for tool in (await client.list_tools()).tools:
            properties = tool.input_schema["properties"]
            required = {
                n: FILLER[properties[n]["type"]] for n in tool.input_schema.get("required", [])
            }
            for name, schema in properties.items():
                if schema.get("type") != "boolean":
                    continue
                for value in ("true", 1):
                    text = await fail(client, tool.name, {**required, name: value})
                    assert f"`{name}`: Input should be a valid boolean" in text, (tool.name, text)
                checked.append(f"{tool.name}.{name}")
    assert not sandbox.requests
    assert len(checked) > 30 and "delete_incident.confirm" in checked


async def test_every_delete_asks_first_and_sends_nothing_without_a_yes() -> None:
    """Every destructive tool, found in tools/list, refuses before any request when the
    client cannot ask its user and no confirm=true came."""
    sandbox = Sandbox()
    refused: list[str] = []
    async with connect(sandbox, settings=sandbox_settings(toolsets="all")) as client:
        for tool in (await client.list_tools()).tools:
            if not (tool.annotations and tool.annotations.destructive_hint):
                continue
            assert tool.input_schema["properties"]["confirm"]["type"] == "boolean", tool.name
            required = {n: "1" for n in tool.input_schema.get("required", [])}
            text = await fail(client, tool.name, required)
            assert text.startswith("not confirmed: ") and "confirm=true" in text, (tool.name, text)
            refused.append(tool.name)
    assert not sandbox.requests
    assert len(refused) == 18 and "delete_global_handles" in refused


def test_a_delete_must_say_what_it_deletes_in_its_own_argument_names() -> None:
    """The registry refuses, at import, a delete it could not ask about."""

    async def delete_thing(ctx: object, thing_id: str) -> None:
        """Delete a thing."""

    with pytest.raises(ValueError, match="only a delete, says what it deletes"):
        tool("todos", "Delete thing", "delete")(delete_thing)
    with pytest.raises(ValueError, match="only a delete, says what it deletes"):
        tool("todos", "Read thing", "read", deletes="thing {thing_id}")(delete_thing)
    with pytest.raises(ValueError, match=r"names no argument \['thing'\]"):
        tool("todos", "Delete thing", "delete", deletes="thing {thing}")(delete_thing)
    assert all(spec.fn is not delete_thing for spec in REGISTRY)
