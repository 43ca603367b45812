"""--confirm: which writes ask the user first, in words, and list `confirm` for it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.types import ElicitResult

from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.tools import REGISTRY
from tests.conftest import call, connect, fail, sandbox_settings
from tests.server.test_several_orgs import two_orgs

pytestmark = pytest.mark.anyio
MARKED = {
    "create_incident",
    "update_incident",
    "page_on_call",
    "add_incident_responder",
    "create_notification_rule",
    "update_notification_rule",
    "create_notification_template",
    "update_notification_template",
    "create_global_handle",
    "update_global_handle",
}


def answering(asked: list[str], yes: bool = True) -> dict[str, Any]:
    """Client options: every question is noted in `asked` and answered yes (or no)."""

    async def answer(ctx: object, params: object) -> ElicitResult:
        asked.append(str(getattr(params, "message", "")))
        return ElicitResult(action="accept", content={"confirm": yes})

    return {"elicitation_callback": answer}


async def confirm_listed(client: Client) -> set[str]:
    tools = (await client.list_tools()).tools
    return {tool.name for tool in tools if "confirm" in tool.input_schema["properties"]}


def kinds(*wanted: str) -> set[str]:
    return {spec.name for spec in REGISTRY if spec.kind in wanted}


@pytest.mark.parametrize(
    ("policy", "asking"),
    [
        ("none", set[str]()),
        ("deletes", kinds("delete")),
        ("notify", kinds("delete") | MARKED),
        ("writes", kinds("create", "update", "delete")),
    ],
)
async def test_confirm_is_listed_on_exactly_the_tools_the_policy_asks_about(
    sandbox: Sandbox, policy: str, asking: set[str]
) -> None:
    async with connect(sandbox, settings=sandbox_settings(confirm=policy)) as client:
        assert await confirm_listed(client) == asking
    assert {spec.name for spec in REGISTRY if spec.notifies} == MARKED


async def test_under_writes_a_write_the_client_cannot_ask_about_sends_nothing(
    sandbox: Sandbox,
) -> None:
    async with connect(sandbox, settings=sandbox_settings(confirm="writes")) as client:
        text = await fail(client, "update_incident", {"incident_id": "IR-2", "severity": "SEV-1"})
        assert text.startswith("not confirmed: Change incident IR-2 was not done. Ask the user")
        assert sandbox.count("PATCH") == 0
        await call(
            client, "update_incident", {"incident_id": "IR-2", "severity": "SEV-1", "confirm": True}
        )
    assert sandbox.count("PATCH") == 1


async def test_under_writes_the_question_says_what_will_happen(sandbox: Sandbox) -> None:
    asked: list[str] = []
    settings = sandbox_settings(confirm="writes")
    async with connect(sandbox, settings=settings, **answering(asked)) as client:
        await call(client, "create_incident", {"title": "Checkout errors", "severity": "SEV-2"})
        await call(
            client,
            "update_incident",
            {
                "incident_id": "IR-2",
                "severity": "SEV-1",
                "state": "stable",
                "customer_impacted": False,
            },
        )
        await call(client, "page_on_call", {"incident_id": "IR-2", "team": "payments"})
        await call(
            client,
            "add_incident_responder",
            {"incident_id": "IR-4", "user": "sam.oconnor@example.com"},
        )
    assert asked == [
        "Declare incident Checkout errors at SEV-2?",
        'Change incident IR-2 "CDN cache purge misconfiguration": state to stable; severity '
        "to SEV-1; customer impacted to False?",
        'Page On-Call about incident IR-2 "CDN cache purge misconfiguration" with team payments?',
        "Add Sam O'Connor <sam.oconnor@example.com> to the responders of incident IR-4 "
        '"Status page showing stale data"?',
    ]


async def test_a_declined_write_sends_nothing_and_says_not_to_retry(sandbox: Sandbox) -> None:
    asked: list[str] = []
    settings = sandbox_settings(confirm="writes")
    async with connect(sandbox, settings=settings, **answering(asked, yes=False)) as client:
        text = await fail(client, "create_incident_todo", {"incident_id": "IR-1", "content": "x"})
    assert text.startswith(
        'declined: the user said no to Add incident todo on incident IR-1 "Database'
    )
    assert "Do not retry" in text and len(asked) == 1
    assert sandbox.count("POST") == 0


async def test_notify_asks_about_marked_tools_and_deletes_only(sandbox: Sandbox) -> None:
    asked: list[str] = []
    settings = sandbox_settings(confirm="notify")
    async with connect(sandbox, settings=settings, **answering(asked)) as client:
        await call(client, "create_incident_todo", {"incident_id": "IR-1", "content": "Roll back"})
        await call(client, "update_incident", {"incident_id": "IR-1", "state": "resolved"})
        await call(client, "delete_incident", {"incident_id": "IR-3"})
    assert [question.split(" ")[0] for question in asked] == ["Change", "Permanently"]


async def test_none_deletes_without_asking(sandbox: Sandbox) -> None:
    asked: list[str] = []
    settings = sandbox_settings(confirm="none")
    async with connect(sandbox, settings=settings, **answering(asked)) as client:
        assert await call(client, "delete_incident", {"incident_id": "IR-3"}) == {"deleted": "IR-3"}
    assert asked == [] and sandbox.count("DELETE") == 1


async def test_default_policy_writes_without_asking(sandbox: Sandbox) -> None:
    asked: list[str] = []
    async with connect(sandbox, settings=sandbox_settings(), **answering(asked)) as client:
        assert "unknown argument `confirm`" in await fail(
            client, "get_incident", {"incident_id": "IR-1", "confirm": True}
        )
        await call(client, "update_incident", {"incident_id": "IR-1", "severity": "SEV-2"})
    assert asked == [] and sandbox.count("PATCH") == 1


async def test_with_several_orgs_the_question_names_the_org(tmp_path: Path) -> None:
    asked: list[str] = []
    async with two_orgs(tmp_path, answering(asked), toolsets="all", confirm="writes") as served:
        await call(
            served.client,
            "update_incident",
            {"incident_id": "IR-2", "severity": "SEV-3", "org": "staging"},
        )
    assert asked == [
        'Change incident IR-2 "CDN cache purge misconfiguration" in the Datadog org staging: '
        "severity to SEV-3?"
    ]
    assert (served.prod.count("PATCH"), served.staging.count("PATCH")) == (0, 1)
