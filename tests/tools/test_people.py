"""People through the MCP client: on a write a person is exactly one user, never a guess."""

from __future__ import annotations

import copy
import uuid
from typing import Any

import pytest
from mcp import Client

from datadog_incidents_mcp.datadog import DatadogClient
from datadog_incidents_mcp.datadog.models.todos import AnonymousAssignee, TodoCreateRequest
from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, fail

pytestmark = pytest.mark.anyio


async def test_search_and_get_users(mcp: Client) -> None:
    found = await call(mcp, "search_users", {"query": "chen"})
    assert [u["email"] for u in found["users"]] == ["mei.chen@example.com"]  # type: ignore[index, union-attr]
    user = (await call(mcp, "get_user", {"user": "@mei.chen@example.com"}))["user"]
    assert user["title"] == "Platform Engineer"  # type: ignore[index]
    teams = (await call(mcp, "list_user_teams", {"user": "mei.chen@example.com"}))["teams"]
    assert len(teams) == 1  # type: ignore[arg-type]


def _incident(sandbox: Sandbox, public_id: int) -> dict[str, Any]:
    return next(
        r for r in sandbox.store["incidents"].values() if r["attributes"]["public_id"] == public_id
    )


def _commander(sandbox: Sandbox, public_id: int) -> str | None:
    data = _incident(sandbox, public_id)["relationships"]["commander_user"]["data"]
    return data["id"] if data else None


def _user_named(sandbox: Sandbox, email: str) -> str:
    return next(
        u["id"] for u in sandbox.store["users"].values() if u["attributes"]["email"] == email
    )


def _twin(sandbox: Sandbox, of: str, email: str) -> None:
    """A second user with the same name as `of`."""
    record = copy.deepcopy(sandbox.store["users"][_user_named(sandbox, of)])
    record["id"] = record["attributes"]["uuid"] = str(uuid.uuid4())
    record["attributes"].update(email=email, handle=email)
    sandbox.store["users"][record["id"]] = record


async def test_me_is_the_owner_of_the_application_key(mcp: Client, sandbox: Sandbox) -> None:
    owner = (await call(mcp, "get_current_user", {}))["user"]
    assert owner["name"] == "Alex Rivera"  # type: ignore[index]  # the sandbox keys' owner
    assert (await call(mcp, "get_user", {"user": "me"}))["user"] == owner
    added = await call(mcp, "add_incident_responder", {"incident_id": "IR-3", "user": "me"})
    assert added["responder"]["user"] == "Alex Rivera <alex.rivera@example.com>"  # type: ignore[index]
    updated = await call(mcp, "update_incident", {"incident_id": "IR-2", "commander": "Myself"})
    assert updated["incident"]["commander"] == "Alex Rivera <alex.rivera@example.com>"  # type: ignore[index]
    assert _commander(sandbox, 2) == owner["id"]  # type: ignore[index]
    assert sandbox.count("GET", "/api/v2/current_user$") == 1  # asked once, then remembered
    assert sandbox.count("GET", "/api/v2/users$") == 0  # never searched for "me"


@pytest.mark.parametrize(
    "ref",
    [
        "priya.natarajan@example.com",
        "@PRIYA.NATARAJAN@example.com",
        "priya natarajan",
        "Priya Natarajan",
    ],
)
async def test_a_person_is_a_full_email_handle_or_name(
    mcp: Client, sandbox: Sandbox, ref: str
) -> None:
    await call(mcp, "update_incident", {"incident_id": "IR-2", "commander": ref})
    assert _commander(sandbox, 2) == _user_named(sandbox, "priya.natarajan@example.com")


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        ("add_incident_responder", {"incident_id": "IR-3", "user": "mei"}),
        ("update_incident", {"incident_id": "IR-2", "commander": "Chen"}),
        ("create_incident", {"title": "x", "commander": "mei.chen"}),
        ("create_incident_todo", {"incident_id": "IR-1", "content": "x", "assignees": ["Mei"]}),
        ("add_team_member", {"team_id": "x", "user": "mei"}),
    ],
)
async def test_part_of_a_name_is_refused_on_a_write_with_the_candidates(
    mcp: Client, sandbox: Sandbox, tool: str, arguments: dict[str, object]
) -> None:
    text = await fail(mcp, tool, arguments)
    assert "Mei Chen <mei.chen@example.com>" in text
    assert "ask the user which one they mean" in text
    assert [r.method for r in sandbox.requests if r.method != "GET"] == []


async def test_a_name_several_users_share_is_refused(mcp: Client, sandbox: Sandbox) -> None:
    _twin(sandbox, "mei.chen@example.com", "mei.chen2@example.com")
    text = await fail(mcp, "update_incident", {"incident_id": "IR-2", "commander": "mei chen"})
    assert "is the name of several users" in text
    assert "Mei Chen <mei.chen@example.com>, Mei Chen <mei.chen2@example.com>" in text
    assert sandbox.count("PATCH") == 0
    await call(
        mcp, "update_incident", {"incident_id": "IR-2", "commander": "mei.chen2@example.com"}
    )
    assert _commander(sandbox, 2) == _user_named(sandbox, "mei.chen2@example.com")


async def test_at_most_five_candidates_are_listed(mcp: Client, sandbox: Sandbox) -> None:
    text = await fail(mcp, "add_incident_responder", {"incident_id": "IR-3", "user": "example"})
    assert text.count("@example.com>") == 5 and "and 1 more" in text
    assert sandbox.count("POST") == 0


async def test_nobody_is_refused(mcp: Client, sandbox: Sandbox) -> None:
    for tool, arguments in (
        ("add_incident_responder", {"incident_id": "IR-3", "user": "nobody@example.com"}),
        (
            "create_incident_todo",
            {"incident_id": "IR-1", "content": "x", "assignees": ["nobody@example.com"]},
        ),
    ):
        assert "no Datadog user matches 'nobody@example.com'" in await fail(mcp, tool, arguments)
    assert sandbox.count("POST") == 0


async def test_reads_still_search_by_part_of_a_name(mcp: Client) -> None:
    found = await call(mcp, "search_users", {"query": "Mei"})
    assert [u["email"] for u in found["users"]] == ["mei.chen@example.com"]  # type: ignore[index, union-attr]


async def test_todo_assignees_are_resolved_people(mcp: Client, sandbox: Sandbox) -> None:
    todo = await call(
        mcp,
        "create_incident_todo",
        {"incident_id": "IR-1", "content": "Add an alert", "assignees": ["mei chen", "me"]},
    )
    shown = ["@mei.chen@example.com", "@alex.rivera@example.com"]
    assert todo["todo"]["assignees"] == shown  # type: ignore[index]
    assert sandbox.store["todos"][todo["todo"]["id"]]["attributes"]["assignees"] == shown  # type: ignore[index]


SLACKBOT = {
    "id": "USLACKBOT",
    "name": "Slackbot",
    "source": "slack",
    "icon": "https://a.slack-edge.com/80588/img/slackbot_48.png",
}


async def test_slack_assignees_are_shown_and_kept(
    mcp: Client, sandbox: Sandbox, client: DatadogClient
) -> None:
    incident = _incident(sandbox, 1)["id"]
    made = await client.todos.create(
        incident,
        TodoCreateRequest.of(
            content="Post the status page update",
            assignees=[AnonymousAssignee.model_validate(SLACKBOT), "@mei.chen@example.com"],
        ),
    )
    assert made.data.attributes.assignees == [
        AnonymousAssignee.model_validate(SLACKBOT),
        "@mei.chen@example.com",
    ]
    listed = (await call(mcp, "list_incident_todos", {"incident_id": "IR-1"}))["todos"]
    mine = next(t for t in listed if t["id"] == made.data.id)  # type: ignore[union-attr, index]
    assert mine["assignees"] == ["Slackbot (slack user USLACKBOT)", "@mei.chen@example.com"]
    await call(
        mcp,
        "update_incident_todo",
        {"incident_id": "IR-1", "todo_id": made.data.id, "completed": True},
    )
    stored = sandbox.store["todos"][made.data.id]["attributes"]
    assert stored["assignees"] == [SLACKBOT, "@mei.chen@example.com"] and stored["completed"]


async def test_teams_and_members_round_trip(mcp: Client, sandbox: Sandbox) -> None:
    team = (
        await call(
            mcp,
            "create_team",
            {
                "handle": "incident-review",
                "name": "Incident Review",
                "members": ["priya.natarajan@example.com"],
            },
        )
    )["team"]
    team_id = team["id"]  # type: ignore[index]
    assert team["members"] == 1  # type: ignore[index]
    await call(
        mcp,
        "add_team_member",
        {"team_id": team_id, "user": "sam.oconnor@example.com", "admin": True},
    )
    members = (await call(mcp, "list_team_members", {"team_id": team_id}))["members"]
    assert sorted((m["user"], m["role"]) for m in members) == [  # type: ignore[index, union-attr]
        ("Priya Natarajan <priya.natarajan@example.com>", "member"),
        ("Sam O'Connor <sam.oconnor@example.com>", "admin"),
    ]
    demoted = await call(
        mcp,
        "update_team_member",
        {"team_id": team_id, "user": "sam.oconnor@example.com", "admin": False},
    )
    assert demoted["member"]["role"] == "member"  # type: ignore[index]
    renamed = await call(mcp, "update_team", {"team_id": team_id, "name": "Incident Review Board"})
    assert renamed["team"]["handle"] == "incident-review"  # type: ignore[index]
    assert (await call(mcp, "get_team", {"team_id": team_id}))["team"][
        "name"
    ] == "Incident Review Board"  # type: ignore[index]
    assert [
        t["handle"] for t in (await call(mcp, "list_teams", {"keyword": "review"}))["teams"]
    ] == ["incident-review"]  # type: ignore[index, union-attr]
    await call(
        mcp,
        "remove_team_member",
        {"team_id": team_id, "user": "sam.oconnor@example.com", "confirm": True},
    )
    await call(mcp, "delete_team", {"team_id": team_id, "confirm": True})
    assert team_id not in sandbox.store["teams"]
