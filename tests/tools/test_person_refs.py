"""How every tool reads a person: on a write exactly one user, never a guess."""

from __future__ import annotations

import copy
import uuid
from typing import Any

import pytest
from mcp import Client

from datadog_incidents_mcp.calls import resolve
from datadog_incidents_mcp.calls.errors import ArgumentError
from datadog_incidents_mcp.calls.state import PEOPLE_SECONDS, AppState, People
from datadog_incidents_mcp.datadog import DatadogClient
from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, fail

pytestmark = pytest.mark.anyio


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


async def test_a_remembered_person_is_looked_up_again_after_a_while(
    client: DatadogClient, sandbox: Sandbox
) -> None:
    """A long-running server must notice that a name now fits two people."""
    now = [0.0]
    state = AppState(client=client, people=People(clock=lambda: now[0]))
    mei = await resolve.user(state, "Mei Chen", "commander")
    _twin(sandbox, "mei.chen@example.com", "mei.chen2@example.com")
    now[0] += PEOPLE_SECONDS - 1
    assert (await resolve.user(state, "mei chen", "commander")).id == mei.id  # remembered
    assert sandbox.count("GET", "/api/v2/users$") == 1
    now[0] += 1
    with pytest.raises(ArgumentError, match="is the name of several users"):
        await resolve.user(state, "Mei Chen", "commander")


async def test_people_remembered_are_bounded(client: DatadogClient) -> None:
    state = AppState(client=client, people=People(capacity=2))
    for ref in ("me", "mei.chen@example.com", "priya.natarajan@example.com"):
        await resolve.user(state, ref, "user")
    assert state.people.get("me") is None  # the least recently used made way
    assert state.people.get("priya.natarajan@example.com") is not None
