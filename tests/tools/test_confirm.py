"""Nothing is deleted, and no switch flipped, on anything but a JSON boolean."""

from __future__ import annotations

import gc
import json
import weakref
from typing import Any

import pytest
from mcp import Client
from mcp.server.mcpserver import AcceptedElicitation
from mcp.types import ElicitRequestParams, ElicitResult

from datadog_incidents_mcp.calls.resolve import is_uuid
from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.tools import REGISTRY
from datadog_incidents_mcp.tools import confirm as holder
from datadog_incidents_mcp.tools.registry import tool
from tests.conftest import call, connect, fail, json_kind, sandbox_settings

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
    assert result.content[0].text.startswith(  # type: ignore[union-attr]
        'declined: the user said no to deleting incident IR-3 "Kafka consumer lag on order events"'
    )
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
                if json_kind(schema) != "boolean":
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
            assert json_kind(tool.input_schema["properties"]["confirm"]) == "boolean", tool.name
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


def _record(sandbox: Sandbox, collection: str, text: str) -> dict[str, Any]:
    """The seeded record of `collection` whose JSON mentions `text`."""
    return next(r for r in sandbox.store[collection].values() if text in json.dumps(r))


def _named_things(sandbox: Sandbox, role_id: str) -> dict[str, tuple[dict[str, object], str]]:
    """Each delete tool's arguments for one thing of the seed, and how its question must
    name that thing: by what people call it, never by its ID alone."""
    ir1 = _record(sandbox, "incidents", '"public_id": 1,')["id"]
    responder = next(iter(sandbox.store.children("responders", ir1)))
    user = sandbox.store["users"][responder["relationships"]["user"]["data"]["id"]]["attributes"]
    sam = "Sam O'Connor <sam.oconnor@example.com>"
    payments = _record(sandbox, "teams", '"Payments"')["id"]
    in_ir1 = {"incident_id": ir1}
    return {
        "delete_incident": (
            {"incident_id": "IR-2"},
            'incident IR-2 "CDN cache purge misconfiguration"',
        ),
        "delete_incident_todo": (
            {**in_ir1, "todo_id": _record(sandbox, "todos", "replication lag")["id"]},
            'todo "Add an alert on replication lag"',
        ),
        "delete_incident_attachment": (
            {**in_ir1, "attachment_id": _record(sandbox, "attachments", "orders-db runbook")["id"]},
            'attachment "orders-db runbook"',
        ),
        "delete_incident_impact": (
            {**in_ir1, "impact_id": _record(sandbox, "impacts", "Order writes failed")["id"]},
            'impact "Order writes failed in us-east-1"',
        ),
        "delete_incident_integration": (
            {**in_ir1, "integration_id": _record(sandbox, "integrations", "#inc-1")["id"]},
            'integration record slack "#inc-1"',
        ),
        "delete_timestamp_override": (
            {**in_ir1, "override_id": next(iter(sandbox.store["overrides"]))},
            "timestamp correction of the detected time to 2026-11-02T08:57:00Z",
        ),
        "remove_incident_responder": (
            {**in_ir1, "responder_id": responder["id"]},
            f"responder {user['name']} <{user['email']}> from the incident",
        ),
        "delete_team": ({"team_id": payments}, 'team "Payments"'),
        "remove_team_member": (
            {"team_id": payments, "user": "sam.oconnor@example.com"},
            f'{sam}\'s membership of team "Payments"',
        ),
        "delete_incident_type": (
            {"incident_type_id": _record(sandbox, "types", '"Incident"')["id"]},
            'incident type "Incident"',
        ),
        "delete_incident_field": (
            {"field_id": _record(sandbox, "fields", "root_cause")["id"]},
            'incident field "Root cause"',
        ),
        "delete_impact_field": (
            {"field_id": _record(sandbox, "impact_fields", "region")["id"]},
            'impact field "Region"',
        ),
        "delete_incident_role": ({"role_id": role_id}, 'incident role "Scribe"'),
        "delete_incident_rule": (
            {"rule_id": next(iter(sandbox.store["incident_rules"]))},
            'incident rule "slack-create-channel-job when severity:(SEV-1 OR SEV-2)"',
        ),
        "delete_notification_rule": (
            {"rule_id": next(iter(sandbox.store["notification_rules"]))},
            'notification rule "notify @slack-incidents, @pagerduty-oncall on '
            'incident_created_trigger"',
        ),
        "delete_notification_template": (
            {"template_id": _record(sandbox, "notification_templates", "Major incident")["id"]},
            'notification template "Major incident"',
        ),
        "delete_postmortem_template": (
            {"template_id": _record(sandbox, "templates", "Standard postmortem")["id"]},
            'postmortem template "Standard postmortem"',
        ),
        "delete_global_handles": ({}, "ALL of the organization's global incident handles"),
    }


async def test_every_delete_question_names_its_thing_and_a_no_is_final(sandbox: Sandbox) -> None:
    """Driven from the registry: each delete asks about its thing by name (a person as
    `Name <email>`, a todo by its text...) with no bare ID in the question, and when the
    user says no the model is told not to retry or override them."""
    asked: list[str] = []

    async def no(ctx: object, params: ElicitRequestParams) -> ElicitResult:
        asked.append(params.message)
        return ElicitResult(action="decline")

    deletes = sorted(spec.name for spec in REGISTRY if spec.kind == "delete")
    async with connect(sandbox, elicitation_callback=no) as client:
        made = await call(client, "create_incident_role", {"name": "Scribe"})
        cases = _named_things(sandbox, made["role"]["id"])  # type: ignore[index]
        assert sorted(cases) == deletes  # a new delete tool needs its case here
        for name in deletes:
            arguments, named = cases[name]
            asked.clear()
            text = await fail(client, name, arguments)
            assert asked == [f"Permanently delete {named}? This cannot be undone."], (name, asked)
            assert not [v for v in arguments.values() if is_uuid(str(v)) and v in asked[0]]
            assert text == (
                f"declined: the user said no to deleting {named}; it was not deleted. Do not "
                "retry, and do not pass confirm=true: that would override the user."
            )
    assert sandbox.count("DELETE") == 0


@pytest.mark.parametrize(
    ("tool_name", "arguments", "problem"),
    [
        ("delete_incident_todo", {"todo_id": "0" * 8}, "not found: "),
        (
            "delete_incident_attachment",
            {"attachment_id": "0" * 8},
            "invalid argument `attachment_id`: no attachment has ID",
        ),
    ],
)
async def test_a_delete_whose_thing_is_not_there_fails_before_asking(
    sandbox: Sandbox, tool_name: str, arguments: dict[str, object], problem: str
) -> None:
    asked: list[str] = []

    async def yes(ctx: object, params: ElicitRequestParams) -> ElicitResult:
        asked.append(params.message)
        return ElicitResult(action="accept", content={"confirm": True})

    async with connect(sandbox, elicitation_callback=yes) as client:
        text = await fail(client, tool_name, {"incident_id": "IR-1", **arguments})
    assert text.startswith(problem), text
    assert not asked and sandbox.count("DELETE") == 0


def test_the_class_every_answer_is_wrapped_in_outlives_garbage_collections() -> None:
    """The SDK makes `AcceptedElicitation[Any]` inside a function for each confirmed write;
    pydantic caches it weakly, so without a holder every collection that freed it had the
    next write make it again."""

    def made_as_the_sdk_does() -> type[Any]:
        return AcceptedElicitation[Any]

    first = weakref.ref(made_as_the_sdk_does())
    gc.collect()
    assert first() is made_as_the_sdk_does()
    assert holder.guarded  # the module holding it is loaded
