"""Where Datadog's live answers (2026 recordings) differ from its spec, the sandbox answers as
Datadog does. Each test pins one recorded fact on the wire, over real HTTP; the list in
docs/sandbox.md names them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx2
import pytest

from datadog_incidents_mcp.sandbox import Sandbox
from tests.sandbox.conftest import KEYS, C, body

pytestmark = pytest.mark.anyio
JSON = "application/json"
JSONAPI = "application/vnd.api+json"
NIL = "00000000-0000-0000-0000-000000000000"
MISSING = "00000000-1111-2222-3333-444444444444"
BARE_404 = {"errors": [{"status": "404", "title": "Not Found"}]}
CONFIGURATIONS = (
    "google_chat_configuration",
    "google_meet_configuration",
    "microsoft_teams_configuration",
    "zoom_configuration",
)
SLACKBOT = {
    "icon": "https://a.slack-edge.com/80588/img/slackbot_48.png",
    "id": "USLACKBOT",
    "name": "Slackbot",
    "source": "slack",
}


@pytest.fixture
async def http(sandbox_url: str) -> AsyncIterator[httpx2.AsyncClient]:
    """Real HTTP, not the in-process client of conftest: these facts are on the wire."""
    async with httpx2.AsyncClient(base_url=sandbox_url, headers=KEYS, timeout=10) as client:
        yield client


def _media(response: httpx2.Response) -> str:
    return response.headers["content-type"].split(";")[0]


async def _incident(http: httpx2.AsyncClient) -> str:
    made = await http.post(
        "/api/v2/incidents", json=body("incidents", {"title": "t", "customer_impacted": False})
    )
    assert made.status_code == 201
    return made.json()["data"]["id"]


def _embedded_caller(sandbox: Sandbox) -> dict[str, Any]:
    user = sandbox.store["users"][sandbox.store.caller_id]
    return {
        "data": {
            "id": user["id"],
            "type": "users",
            "attributes": {
                "uuid": user["id"],
                "handle": user["attributes"]["handle"],
                "email": user["attributes"]["email"],
                "name": user["attributes"]["name"],
                "icon": user["attributes"]["icon"],
            },
        }
    }


async def test_incident_type_answers_carry_the_chat_and_meeting_relationships(
    http: httpx2.AsyncClient,
) -> None:
    unset = {"data": None}
    made = await http.post(f"{C}/types", json=body("incident_types", {"name": "Security"}))
    type_id = made.json()["data"]["id"]
    renamed = await http.patch(
        f"{C}/types/{type_id}", json=body("incident_types", {"name": "Sec"}, id=type_id)
    )
    for answer in (made, renamed):
        relationships = answer.json()["data"]["relationships"]
        assert {name: relationships[name] for name in CONFIGURATIONS} == dict.fromkeys(
            CONFIGURATIONS, unset
        )
    meet = await http.post(
        f"{C}/google-meet-configurations",
        json=body(
            "google_meet_configurations",
            {"allow_manual_meeting_creation": True, "auto_summarize": False},
            relationships={"incident_type": {"data": {"id": type_id, "type": "incident_types"}}},
        ),
    )
    linked = (await http.get(f"{C}/types/{type_id}")).json()["data"]["relationships"]
    assert linked["google_meet_configuration"] == {
        "data": {"id": meet.json()["data"]["id"], "type": "google_meet_configurations"}
    }
    assert linked["google_chat_configuration"] == unset


async def test_todos_carry_uuid_twins_and_embed_their_users_on_writes(
    http: httpx2.AsyncClient, sandbox: Sandbox
) -> None:
    incident_id = await _incident(http)
    todos = f"/api/v2/incidents/{incident_id}/relationships/todos"
    assignees = ["@mei.chen@example.com", SLACKBOT]
    made = await http.post(
        todos, json=body("incident_todos", {"content": "Call back", "assignees": assignees})
    )
    assert (made.status_code, _media(made)) == (201, JSON)
    attributes = made.json()["data"]["attributes"]
    me = sandbox.store.caller_id
    user = _embedded_caller(sandbox)
    assert attributes["assignees"] == assignees  # Slack users are kept as given
    # POST embeds the users and leaves the twins null, as recorded
    assert (attributes["created_by"], attributes["last_modified_by"]) == (user, user)
    assert (attributes["created_by_uuid"], attributes["last_modified_by_uuid"]) == (None, None)

    one = f"{todos}/{made.json()['data']['id']}"
    patched = await http.patch(
        one, json=body("incident_todos", {"content": "Call back today", "assignees": []})
    )
    read = await http.get(one)
    for answer in (patched, read):
        attributes = answer.json()["data"]["attributes"]
        assert (attributes["created_by"], attributes["last_modified_by"]) == (user, user)
        assert (attributes["created_by_uuid"], attributes["last_modified_by_uuid"]) == (me, me)
    listed = (await http.get(todos)).json()["data"][0]["attributes"]
    assert (listed["created_by_uuid"], listed["last_modified_by_uuid"]) == (me, me)
    assert "created_by" not in listed and "last_modified_by" not in listed


async def test_integration_reads_and_deletes_are_the_newer_service(
    http: httpx2.AsyncClient, sandbox: Sandbox
) -> None:
    incident_id = await _incident(http)
    integrations = f"/api/v2/incidents/{incident_id}/relationships/integrations"
    jira = {"issues": [{"account": "acme", "project_key": "OPS", "issue_key": "OPS-1"}]}
    attributes = {"integration_type": 8, "metadata": jira}
    made = await http.post(integrations, json=body("incident_integrations", attributes))
    one = f"{integrations}/{made.json()['data']['id']}"
    patched = await http.patch(one, json=body("incident_integrations", attributes))
    me = sandbox.store.caller_id
    user = _embedded_caller(sandbox)
    for answer in (made, patched):  # writes: the original service, users embedded
        assert _media(answer) == JSON
        written = answer.json()["data"]["attributes"]
        assert (written["created_by"], written["last_modified_by"]) == (user, user)
        assert (written["created_by_uuid"], written["last_modified_by_uuid"]) == (me, me)

    read = await http.get(one)
    listed = await http.get(integrations)
    assert (_media(read), _media(listed)) == (JSONAPI, JSONAPI)
    for got in (read.json()["data"], listed.json()["data"][0]):
        assert got["attributes"]["created_by_uuid"] == me
        assert got["attributes"]["last_modified_by_uuid"] == me
        assert "created_by" not in got["attributes"]

    deleted = await http.delete(one)
    assert (deleted.status_code, deleted.headers.get("content-type")) == (204, None)
    again = await http.delete(one)
    assert (again.status_code, _media(again)) == (404, JSONAPI)
    assert again.json() == {
        "errors": [{"title": "Generic Error", "detail": "incident integration doesn't exist"}]
    }


async def test_reading_an_incident_leaves_out_embedded_users_declared_by_too(
    http: httpx2.AsyncClient, sandbox: Sandbox
) -> None:
    made = await http.post(
        "/api/v2/incidents", json=body("incidents", {"title": "t", "customer_impacted": False})
    )
    written = made.json()["data"]["attributes"]
    assert written["declared_by"] == _embedded_caller(sandbox)
    incident_id = made.json()["data"]["id"]
    read = (await http.get(f"/api/v2/incidents/{incident_id}")).json()["data"]["attributes"]
    listed = (await http.get("/api/v2/incidents?page[size]=100")).json()["data"]
    for attributes in (read, *(i["attributes"] for i in listed)):
        assert not {"declared_by", "created_by", "last_modified_by", "commander"} & set(attributes)
    assert read["declared_by_uuid"] == sandbox.store.caller_id


async def test_an_import_answer_has_no_field_analytics(http: httpx2.AsyncClient) -> None:
    imported = await http.post(
        "/api/v2/incidents/import",
        json=body("incidents", {"title": "Imported", "visibility": "organization"}),
    )
    assert (imported.status_code, _media(imported)) == (201, JSONAPI)
    attributes = imported.json()["data"]["attributes"]
    assert "field_analytics" not in attributes
    assert list(attributes) == sorted(attributes)  # alphabetical, as live


async def test_the_notification_rules_list_is_paginated(http: httpx2.AsyncClient) -> None:
    listed = (await http.get(f"{C}/notification-rules")).json()
    size = len(listed["data"])
    assert size >= 1
    assert listed["meta"] == {"pagination": {"offset": 0, "next_offset": size, "size": size}}


@pytest.mark.parametrize("path", [f"{C}/types/{MISSING}", f"{C}/notification-templates/{MISSING}"])
async def test_a_missing_type_or_template_is_a_bare_not_found(
    http: httpx2.AsyncClient, path: str
) -> None:
    kind = "incident_types" if "/types/" in path else "notification_templates"
    for answer in (
        await http.get(path),
        await http.patch(path, json=body(kind, {"name": "n"}, id=MISSING)),
        await http.delete(path),
    ):
        assert (answer.status_code, _media(answer), answer.json()) == (404, JSONAPI, BARE_404)


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("PATCH", f"{C}/notification-templates/{MISSING}", "notification_templates"),
        ("PUT", f"{C}/notification-rules/{MISSING}", "incident_notification_rules"),
    ],
)
async def test_a_wrong_data_type_is_refused_before_the_id_is_looked_up(
    http: httpx2.AsyncClient, method: str, path: str, expected: str
) -> None:
    answer = await http.request(method, path, json=body("invalid_type", {}, id=MISSING))
    detail = f'got type "invalid_type" expected one of "{expected}"'
    assert (answer.status_code, _media(answer)) == (400, JSONAPI)
    assert answer.json() == {
        "errors": [{"status": "400", "title": "Bad Request", "detail": detail}]
    }


async def test_an_impact_on_the_nil_incident_id_is_a_bad_request(
    http: httpx2.AsyncClient,
) -> None:
    answer = await http.post(
        f"/api/v2/incidents/{NIL}/impacts",
        json=body("incident_impacts", {"description": "d", "start_at": "2026-01-01T00:00:00Z"}),
    )
    assert (answer.status_code, _media(answer)) == (400, JSONAPI)
    detail = "invalid impact data: incident id is required: invalid impact"
    assert answer.json() == {"errors": [{"title": "Bad Request", "detail": detail}]}
    other = await http.post(
        f"/api/v2/incidents/{MISSING}/impacts",
        json=body("incident_impacts", {"description": "d", "start_at": "2026-01-01T00:00:00Z"}),
    )
    assert other.status_code == 404  # any other unknown incident stays a 404
