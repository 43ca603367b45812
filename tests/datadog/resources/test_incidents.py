"""`client.incidents` against the sandbox over real HTTP, and the incident request models."""

from __future__ import annotations

import httpx2
import pytest
from pydantic import ValidationError

from datadog_incidents_mcp.datadog import (
    BadRequestError,
    DatadogClient,
    NotFoundError,
    walk_pages,
)
from datadog_incidents_mcp.datadog.models import CLEAR, user_relationship
from datadog_incidents_mcp.datadog.models import incidents as inc
from datadog_incidents_mcp.sandbox import Sandbox
from tests.datadog.resources.shared import new_incident, user_id

pytestmark = pytest.mark.anyio


def _dropdown(value: str) -> dict[str, object]:
    return {"type": "dropdown", "value": value}


async def test_incident_create_update_resolve_delete(client: DatadogClient) -> None:
    priya = await user_id(client, "priya")
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
        await new_incident(client, severity=_dropdown("SEV-9"))
    assert "SEV-9" in caught.value.messages[0]
    with pytest.raises(BadRequestError) as caught:
        await new_incident(client, flavour={"value": "x"})
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


async def test_delete_answers_204_with_an_html_content_type(
    client: DatadogClient, sandbox_url: str
) -> None:
    incident_id = await new_incident(client)
    response = httpx2.delete(
        f"{sandbox_url}/api/v2/incidents/{incident_id}",
        headers={"DD-API-KEY": "k", "DD-APPLICATION-KEY": "a"},
    )
    assert (response.status_code, response.content, response.headers["content-type"]) == (
        204,
        b"",
        "text/html; charset=utf-8",
    )


def test_relationships_are_read_leniently_whatever_their_shape() -> None:
    """Relationships stay the JSON they came in (typing an incident's dozen of them was a
    third of reading a search answer): one the tools never read does not fail the answer,
    and the IDs of one they do are found in each shape JSON:API allows."""
    body = {
        "data": {
            "id": "i-1",
            "type": "incidents",
            "attributes": {"title": "t"},
            "relationships": {
                "commander_user": {"data": {"id": "u-1", "type": "users"}},
                "responders": {"data": [{"id": "u-2", "type": "users"}, {"id": 7}, None]},
                "attachments": {"data": None},
                "integrations": {"data": [{"type": "no id"}], "links": {"x": 1}},
                "odd": "not an object",
            },
        }
    }
    incident = inc.IncidentResponse.model_validate(body).data
    assert incident.related_id("commander_user") == "u-1"
    assert incident.related_ids("responders") == ["u-2"]
    assert incident.related_ids("attachments") == []
    assert incident.related_ids("integrations") == []
    assert incident.related_ids("odd") == []
    assert incident.related_ids("absent") == []
