"""Every tool error reads alike: one lowercase kind and a colon, then what happened and
what to do. The SDK's "Error executing tool" prefix never shows, a missing argument is
named, and no message repeats itself."""

from __future__ import annotations

import re

import pytest
from mcp import Client

from datadog_incidents_mcp.datadog import RetryPolicy
from datadog_incidents_mcp.sandbox import Fault, Sandbox
from tests.conftest import connect, sandbox_settings

pytestmark = pytest.mark.anyio

KINDS = (
    r"invalid argument `[\w.]+`",
    "unknown argument `[^`]+`",
    "not found",
    "not confirmed",
    "declined",
    "permission denied",
    "authentication failed",
    "rate limited",
    "rejected",
    "conflict",
    "outcome unknown",
    "timed out",
    "unavailable",
    "answer too large",
    "unexpected answer",
)
STYLE = re.compile(f"^({'|'.join(KINDS)}): [^ ]")
TEAMS = "/api/v2/team/"
MISSING_TEAM = "00000000-0000-0000-0000-00000000beef"


async def _error(client: Client, tool: str, arguments: dict[str, object]) -> str:
    result = await client.call_tool(tool, arguments)
    assert result.is_error
    return result.content[0].text  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("tool", "missing"),
    [("create_postmortem_attachment", "incident_id"), ("update_incident_field", "field_id")],
)
async def test_a_missing_argument_is_named(sandbox: Sandbox, tool: str, missing: str) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="all")) as client:
        text = await _error(client, tool, {})
    assert text.startswith(f"invalid argument `{missing}`: ")


async def test_not_found_says_it_once(mcp: Client) -> None:
    text = await _error(mcp, "get_team", {"team_id": MISSING_TEAM})
    assert text.startswith("not found: ") and text.lower().count("not found") == 1


async def test_a_one_second_wait_is_singular(sandbox: Sandbox) -> None:
    sandbox.faults.add(Fault(path=TEAMS, status=429, times=20, headers={"X-RateLimit-Reset": "1"}))
    # No retries: the wording of the first 429 is the one under test, not three 1 s waits
    async with connect(sandbox, retry=RetryPolicy(max_retries=0)) as client:
        text = await _error(client, "get_team", {"team_id": MISSING_TEAM})
    assert text.endswith("try again in 1 second.")


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 429, 500, 502])
async def test_every_upstream_status_reads_alike(sandbox: Sandbox, status: int) -> None:
    sandbox.faults.add(Fault(path=TEAMS, status=status, times=20))
    async with connect(sandbox) as client:
        text = await _error(client, "get_team", {"team_id": MISSING_TEAM})
    assert STYLE.match(text), text


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        ("get_incident", {}),
        ("get_incident", {"incident_id": "IR-1", "severity": "SEV-1"}),
        ("get_incident", {"incident_id": "a/b"}),
        ("get_incident", {"incident_id": "IR-99999"}),
        ("delete_incident", {"incident_id": "IR-1"}),
        ("create_incident", {"title": "x", "severity": "SEV-9"}),
        ("get_team", {"team_id": MISSING_TEAM}),
    ],
)
async def test_argument_and_lookup_errors_read_alike(
    sandbox: Sandbox, tool: str, arguments: dict[str, object]
) -> None:
    async with connect(sandbox) as client:
        text = await _error(client, tool, arguments)
    assert STYLE.match(text), text


async def test_a_person_or_incident_error_points_where_to_look_not_at_the_tools_own_ids(
    mcp: Client,
) -> None:
    person = await _error(
        mcp, "create_incident_todo", {"incident_id": "IR-1", "content": "x", "assignees": ["Mei"]}
    )
    assert "Mei Chen <mei.chen@example.com>" in person and "list_incident_todos" not in person
    incident = await _error(mcp, "add_incident_responder", {"incident_id": "IR-999", "user": "me"})
    assert "search_incidents" in incident and "list_incident_responders" not in incident
