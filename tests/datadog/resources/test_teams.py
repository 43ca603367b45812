"""`client.teams` and team memberships against the sandbox over real HTTP."""

from __future__ import annotations

import pytest

from datadog_incidents_mcp.datadog import ConflictError, DatadogClient, NotFoundError
from datadog_incidents_mcp.datadog.models import teams as tm
from datadog_incidents_mcp.datadog.models import user_relationship
from tests.datadog.resources.shared import user_id

pytestmark = pytest.mark.anyio


async def test_team_and_membership_round_trip(client: DatadogClient) -> None:
    sam = await user_id(client, "sam.oconnor")
    team = await client.teams.create(tm.TeamCreateRequest.of(handle="db-oncall", name="DB on-call"))
    team_id = team.data.id
    with pytest.raises(ConflictError):
        await client.teams.create(tm.TeamCreateRequest.of(handle="db-oncall", name="Again"))
    await client.teams.add_membership(
        team_id,
        tm.MembershipCreateRequest.of(
            relationships={
                "team": {"data": {"id": team_id, "type": "team"}},
                "user": user_relationship(sam),
            }
        ),
    )
    assert (await client.teams.get(team_id)).data.attributes.user_count == 1
    memberships = (await client.users.memberships(sam)).data
    assert [m.related_ids("team") for m in memberships].count([team_id]) == 1
    await client.teams.remove_membership(team_id, sam)
    await client.teams.update(
        team_id, tm.TeamUpdateRequest.of(handle="db-oncall", name="Database on-call")
    )
    assert (await client.teams.list(keyword="db-on")).data[0].attributes.name == "Database on-call"
    await client.teams.delete(team_id)
    with pytest.raises(NotFoundError):
        await client.teams.get(team_id)
