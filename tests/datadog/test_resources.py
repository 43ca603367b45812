"""Round trips through every resource against the sandbox over real HTTP."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx2
import pytest
from pydantic import ValidationError

from datadog_incidents_mcp.datadog import (
    BadRequestError,
    ConflictError,
    DatadogClient,
    NotFoundError,
    walk_pages,
)
from datadog_incidents_mcp.datadog.models import attachments as att
from datadog_incidents_mcp.datadog.models import impacts as imp
from datadog_incidents_mcp.datadog.models import incidents as inc
from datadog_incidents_mcp.datadog.models import integrations as integ
from datadog_incidents_mcp.datadog.models import responders as resp
from datadog_incidents_mcp.datadog.models import teams as tm
from datadog_incidents_mcp.datadog.models import timestamps as ts
from datadog_incidents_mcp.datadog.models import todos as td
from datadog_incidents_mcp.datadog.models._base import CLEAR, user_relationship
from datadog_incidents_mcp.sandbox import Sandbox

pytestmark = pytest.mark.anyio
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


async def _user_id(dd: DatadogClient, text: str) -> str:
    return (await dd.users.list(filter_text=text)).data[0].id


async def _new_incident(dd: DatadogClient, **fields: dict[str, object]) -> str:
    body = inc.IncidentCreateRequest.of(
        title="Round trip", customer_impacted=False, fields=fields or None
    )
    return (await dd.incidents.create(body)).data.id


def _dropdown(value: str) -> dict[str, object]:
    return {"type": "dropdown", "value": value}


async def test_incident_create_update_resolve_delete(client: DatadogClient) -> None:
    priya = await _user_id(client, "priya")
    created = await client.incidents.create(
        inc.IncidentCreateRequest.of(
            title="Queue backlog",
            customer_impacted=False,
            fields={"severity": _dropdown("SEV-2")},
            relationships={"commander_user": user_relationship(priya)},
        )
    )
    a = created.data.attributes
    assert (a.severity, a.state, a.field_value("slug")) == ("SEV-2", "active", f"IR-{a.public_id}")
    assert (
        a.commander and a.commander["data"]["attributes"]["email"] == "priya.natarajan@example.com"
    )
    incident_id = created.data.id
    assert len((await client.responders.list(incident_id)).data) == 1  # the commander

    fetched = await client.incidents.get(incident_id)
    assert fetched.data.attributes.commander is None  # GET does not embed users...
    assert fetched.data.attributes.created_by_uuid  # ...it fills the *_uuid twins

    updated = await client.incidents.update(
        incident_id,
        inc.IncidentUpdateRequest.of(
            id=incident_id,
            title="Queue backlog in us-east-1",
            fields={"state": _dropdown("resolved")},
        ),
    )
    assert updated.data.attributes.title == "Queue backlog in us-east-1"
    assert updated.data.attributes.state == "resolved"
    assert updated.data.attributes.resolved is not None

    await client.incidents.delete(incident_id)
    with pytest.raises(NotFoundError) as caught:
        await client.incidents.get(incident_id)
    assert caught.value.messages == [f"incident {incident_id} not found"]


async def test_invalid_incident_bodies_get_clear_400s(
    client: DatadogClient, sandbox: Sandbox
) -> None:
    before = len(sandbox.store["incidents"])
    with pytest.raises(BadRequestError) as caught:
        await _new_incident(client, severity=_dropdown("SEV-9"))
    assert "SEV-9" in caught.value.messages[0]
    with pytest.raises(BadRequestError) as caught:
        await _new_incident(client, flavour={"value": "x"})
    assert "flavour" in caught.value.messages[0]
    assert len(sandbox.store["incidents"]) == before


async def test_request_models_refuse_what_datadog_would_reject() -> None:
    with pytest.raises(ValidationError, match="customer_impact_scope"):
        inc.IncidentCreateRequest.of(title="x", customer_impacted=True)
    with pytest.raises(ValidationError, match="list"):
        inc.IncidentCreateRequest.of(
            title="x",
            customer_impacted=False,
            fields={"teams": {"type": "multiselect", "value": "a"}},
        )
    with pytest.raises(ValidationError, match=r"data\.attributes\.severity"):
        inc.IncidentCreateRequest.of(title="x", customer_impacted=False, severity="SEV-1")


async def test_explicit_nulls_are_sent_and_unset_fields_are_not() -> None:
    body = inc.IncidentUpdateRequest.of(
        id="i1",
        detected=CLEAR,
        title=None,
        relationships={"commander_user": user_relationship(None)},
    )
    assert body.model_dump(exclude_unset=True) == {
        "data": {
            "id": "i1",
            "type": "incidents",
            "attributes": {"detected": None},
            "relationships": {"commander_user": {"data": None}},
        }
    }


async def test_search_filters_sorts_and_pages(client: DatadogClient) -> None:
    newest_first = await client.incidents.search(
        query_text="state:active AND severity:(SEV-1 OR SEV-2)", sort="-created"
    )
    titles = [i.attributes.title for i in newest_first.incidents]
    assert titles == ["Checkout API 5xx spike in us-east-1", "Elevated login latency for EU users"]
    assert newest_first.data.attributes.total == 2
    page = await client.incidents.search(query_text="-state:resolved", page_size=2, offset=2)
    assert page.meta and page.meta.pagination and page.meta.pagination.offset == 2
    assert len(page.incidents) == 2
    assert (await client.incidents.search(query_text="checkout")).data.attributes.total == 1
    with pytest.raises(BadRequestError):
        await client.incidents.search(query_text="severity:(SEV-1")


async def test_list_pages_stop_on_a_short_page(client: DatadogClient) -> None:
    async def fetch(offset: int, size: int) -> list[inc.Incident]:
        return (await client.incidents.list(page_size=size, offset=offset)).data

    everything = [len(page) async for page in walk_pages(fetch, max_items=100, page_size=5)]
    assert everything == [5, 5, 2]
    capped = [len(page) async for page in walk_pages(fetch, max_items=7, page_size=5)]
    assert capped == [5, 2]  # the cap, not a short page, ended it: the second page asked for 2


async def test_todo_round_trip(client: DatadogClient) -> None:
    incident_id = await _new_incident(client)
    todo = await client.todos.create(
        incident_id,
        td.TodoCreateRequest.of(
            content="Page the DBA", assignees=["@mei.chen@example.com"], due_date="2026-12-01"
        ),
    )
    assert todo.data.attributes.completed is None
    await client.todos.update(
        incident_id,
        todo.data.id,
        td.TodoUpdateRequest.of(
            content="Page the DBA",
            assignees=["@mei.chen@example.com"],
            completed="2026-11-23T10:00:00+00:00",
        ),
    )
    assert (await client.todos.get(incident_id, todo.data.id)).data.attributes.completed
    await client.todos.delete(incident_id, todo.data.id)
    assert (await client.todos.list(incident_id)).data == []
    with pytest.raises(NotFoundError) as caught:
        await client.todos.delete(incident_id, todo.data.id)
    assert caught.value.messages == [f"{todo.data.id} not found"]


async def test_attachment_and_postmortem_round_trip(
    client: DatadogClient, sandbox: Sandbox
) -> None:
    incident_id = await _new_incident(client)
    link = await client.attachments.create(
        incident_id,
        att.AttachmentCreateRequest.of(
            attachment_type="link",
            attachment={"documentUrl": "https://x.example/d", "title": "Doc"},
        ),
    )
    assert link.included and link.included[0].type == "users"  # always included by the live API
    await client.attachments.update(
        incident_id,
        link.data.id,
        att.AttachmentUpdateRequest.of(id=link.data.id, attachment={"title": "Runbook"}),
    )
    postmortem = await client.attachments.create_postmortem(
        incident_id,
        att.PostmortemAttachmentRequest.of(
            title="PM",
            cells=[{"id": "impact", "attributes": {"definition": {"content": "## Impact"}}}],
        ),
    )
    assert postmortem.data.attributes.attachment_type == "postmortem"
    stored = sandbox.store["postmortems"][postmortem.data.id]
    assert stored["cells"][0]["attributes"]["definition"]["content"] == "## Impact"
    links = await client.attachments.list(incident_id, attachment_type="link")
    assert [a.attributes.attachment.title for a in links.data if a.attributes.attachment] == [
        "Runbook"
    ]
    await client.attachments.delete(incident_id, link.data.id)
    assert len((await client.attachments.list(incident_id)).data) == 1


async def test_impact_round_trip_keeps_the_live_null_fields(client: DatadogClient) -> None:
    incident_id = await _new_incident(client)
    impact = await client.impacts.create(
        incident_id, imp.ImpactCreateRequest.of(description="Slow checkouts", start_at=T0)
    )
    assert (impact.data.attributes.impact_type, impact.data.attributes.fields) == ("customer", None)
    patched = await client.impacts.update(
        incident_id, impact.data.id, imp.ImpactPatchRequest.of(end_at=T0.replace(hour=10))
    )
    assert patched.data.attributes.end_at == T0.replace(hour=10)
    await client.impacts.delete(incident_id, impact.data.id)
    with pytest.raises(NotFoundError) as caught:
        await client.impacts.delete(incident_id, impact.data.id)
    assert "rpc error" in caught.value.messages[0]


async def test_integration_round_trip(client: DatadogClient) -> None:
    incident_id = await _new_incident(client)
    slack = {
        "channels": [{"channel_id": "C1", "channel_name": "#inc", "redirect_url": "https://s/x"}]
    }
    made = await client.integrations.create(
        incident_id, integ.IntegrationWriteRequest.of(integration_type=1, metadata=slack)
    )
    await client.integrations.update(
        incident_id,
        made.data.id,
        integ.IntegrationWriteRequest.of(integration_type=1, metadata=slack, status=2),
    )
    assert (await client.integrations.get(incident_id, made.data.id)).data.attributes.status == 2
    await client.integrations.delete(incident_id, made.data.id)
    assert (await client.integrations.list(incident_id)).data == []


async def test_responder_round_trip(client: DatadogClient) -> None:
    incident_id = await _new_incident(client)
    mei = await _user_id(client, "mei.chen")
    body = resp.ResponderCreateRequest.of(relationships={"user": user_relationship(mei)})
    made = await client.responders.create(incident_id, body)
    included = made.included[0].attributes
    assert included and included["email"] == "mei.chen@example.com"
    with pytest.raises(ConflictError):
        await client.responders.create(incident_id, body)
    await client.responders.delete(incident_id, made.data.id)
    assert (await client.responders.list(incident_id)).data == []


async def test_timestamp_override_round_trip(client: DatadogClient) -> None:
    incident_id = await _new_incident(client)
    made = await client.timestamp_overrides.create(
        incident_id,
        ts.TimestampOverrideCreateRequest.of(timestamp_type="detected", timestamp_value=T0),
    )
    later = T0.replace(minute=5)
    await client.timestamp_overrides.update(
        incident_id,
        made.data.id,
        ts.TimestampOverridePatchRequest.of(id=made.data.id, timestamp_value=later),
    )
    listed = await client.timestamp_overrides.list(incident_id)
    assert [o.attributes.timestamp_value for o in listed.data] == [later]
    await client.timestamp_overrides.delete(incident_id, made.data.id)
    assert (await client.timestamp_overrides.list(incident_id)).data == []


async def test_team_and_membership_round_trip(client: DatadogClient) -> None:
    sam = await _user_id(client, "sam.oconnor")
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


async def test_current_user_is_the_owner_of_the_keys(client: DatadogClient) -> None:
    """`GET /api/v2/current_user` (not in the spec extract, so not in the contract test)."""
    me = (await client.users.current()).data
    assert me.type == "users" and me.attributes.email == "alex.rivera@example.com"
    assert me.id == await _user_id(client, "alex.rivera")


async def test_delete_answers_204_with_an_html_content_type(
    client: DatadogClient, sandbox_url: str
) -> None:
    incident_id = await _new_incident(client)
    response = httpx2.delete(
        f"{sandbox_url}/api/v2/incidents/{incident_id}",
        headers={"DD-API-KEY": "k", "DD-APPLICATION-KEY": "a"},
    )
    assert (response.status_code, response.content, response.headers["content-type"]) == (
        204,
        b"",
        "text/html; charset=utf-8",
    )
