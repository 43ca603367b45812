"""Team and team membership tools (teams toolset), through the MCP client."""

from __future__ import annotations

import copy
import uuid

import pytest
from mcp import Client
from mcp.types import ElicitRequestParams, ElicitResult

from datadog_incidents_mcp.calls import state
from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, connect, sandbox_settings

pytestmark = pytest.mark.anyio


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


async def test_removing_a_member_asks_about_the_person_by_name(sandbox: Sandbox) -> None:
    """The question names whom the reference resolved to; one that fits several people
    fails before anyone is asked."""
    asked: list[str] = []

    async def answer(ctx: object, params: ElicitRequestParams) -> ElicitResult:
        asked.append(params.message)
        return ElicitResult(action="accept", content={"confirm": True})

    settings = sandbox_settings(toolsets="teams")
    async with connect(sandbox, settings=settings, elicitation_callback=answer) as client:
        team_id = (
            await call(client, "create_team", {"handle": "review", "name": "Review", "members": []})
        )["team"]["id"]  # type: ignore[index]
        await call(
            client, "add_team_member", {"team_id": team_id, "user": "sam.oconnor@example.com"}
        )
        vague = await client.call_tool(
            "remove_team_member", {"team_id": team_id, "user": "example"}
        )
        assert vague.is_error and "is only part of a user's name or email" in vague.content[0].text  # type: ignore[union-attr]
        assert not asked and sandbox.count("DELETE") == 0
        await call(client, "remove_team_member", {"team_id": team_id, "user": "sam o'connor"})
    assert asked == [
        "Permanently delete Sam O'Connor <sam.oconnor@example.com>'s membership of team "
        '"Review"? This cannot be undone.'
    ]
    assert sandbox.count("DELETE") == 1


def _renamed(sandbox: Sandbox, email: str, name: str) -> None:
    user = next(u for u in sandbox.store["users"].values() if u["attributes"]["email"] == email)
    user["attributes"]["name"] = name


@pytest.mark.parametrize(
    ("mode", "removed", "kept"),
    [  # legacy: asked mid-call, once; auto (2026-07-28): a changed question is asked again
        ("legacy", "Sam Lee <sam.oconnor@example.com>", "Sam O'Connor <samuel.park@example.com>"),
        ("auto", "Sam O'Connor <samuel.park@example.com>", "Sam Lee <sam.oconnor@example.com>"),
    ],
)
async def test_the_member_removed_is_the_person_the_user_said_yes_to(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, mode: str, removed: str, kept: str
) -> None:
    """While the question waits (nothing remembered), Sam is renamed and another member
    takes the name: the one removed is the one named in the question answered last. The
    legacy case guards the carried UUID; in the auto case the SDK asks the changed question
    again."""
    monkeypatch.setattr(state, "PEOPLE_SECONDS", 0.0)
    sam = next(
        u
        for u in sandbox.store["users"].values()
        if u["attributes"]["email"] == "sam.oconnor@example.com"
    )
    samuel = copy.deepcopy(sam)
    samuel["id"] = samuel["attributes"]["uuid"] = str(uuid.uuid4())
    samuel["attributes"].update(
        name="Samuel Park", email="samuel.park@example.com", handle="samuel.park@example.com"
    )
    sandbox.store["users"][samuel["id"]] = samuel
    asked: list[str] = []

    async def answer(ctx: object, params: ElicitRequestParams) -> ElicitResult:
        asked.append(params.message)
        _renamed(sandbox, "sam.oconnor@example.com", "Sam Lee")
        _renamed(sandbox, "samuel.park@example.com", "Sam O'Connor")
        return ElicitResult(action="accept", content={"confirm": True})

    settings = sandbox_settings(toolsets="teams")
    options = {"mode": mode, "elicitation_callback": answer}
    async with connect(sandbox, settings=settings, **options) as client:
        members = ["sam.oconnor@example.com", "samuel.park@example.com"]
        made = await call(
            client, "create_team", {"handle": "ops", "name": "Ops", "members": members}
        )
        team_id = made["team"]["id"]  # type: ignore[index]
        gone = await call(
            client, "remove_team_member", {"team_id": team_id, "user": "Sam O'Connor"}
        )
        left = (await call(client, "list_team_members", {"team_id": team_id}))["members"]
    email = removed.split("<")[1]  # the question named the person as they were called then
    assert asked[-1].startswith("Permanently delete Sam O'Connor <" + email)
    assert gone["deleted"] == f"{removed} from team {team_id}"
    assert [m["user"] for m in left] == [kept]  # type: ignore[index, union-attr]
