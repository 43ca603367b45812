"""The configuration collections the sandbox declares as data: how PATCH and PUT differ,
what a body must hold, and the quirks copied from the live API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx2
import pytest

from datadog_incidents_mcp.sandbox import Sandbox

pytestmark = pytest.mark.anyio
KEYS = {"DD-API-KEY": "k", "DD-APPLICATION-KEY": "a"}
C = "/api/v2/incidents/config"
TYPE = {
    "incident_type": {
        "data": {"id": "00000000-0000-0000-0000-000000000001", "type": "incident_types"}
    }
}


@pytest.fixture
async def http() -> AsyncIterator[httpx2.AsyncClient]:
    transport = httpx2.ASGITransport(app=Sandbox().app)
    async with httpx2.AsyncClient(transport=transport, base_url="http://sb", headers=KEYS) as c:
        yield c


def _body(kind: str, attributes: dict[str, Any], **data: Any) -> dict[str, Any]:
    return {"data": {"type": kind, "attributes": attributes, **data}}


async def test_put_replaces_the_whole_record_and_needs_every_required_attribute(
    http: httpx2.AsyncClient,
) -> None:
    field = {"name": "tier", "display_name": "Tier", "field_type": "text"}
    made = await http.post(
        f"{C}/impact-fields", json=_body("impact_fields", field, relationships=TYPE)
    )
    assert made.status_code == 201
    field_id = made.json()["data"]["id"]
    partial = await http.put(
        f"{C}/impact-fields/{field_id}", json=_body("impact_fields", {"display_name": "T"})
    )
    assert partial.status_code == 400 and "name is required" in partial.text
    replaced = await http.put(
        f"{C}/impact-fields/{field_id}",
        json=_body("impact_fields", {**field, "display_name": "Customer tier"}),
    )
    assert replaced.json()["data"]["attributes"]["display_name"] == "Customer tier"


async def test_patch_merges_and_checks_types(http: httpx2.AsyncClient) -> None:
    template = {"name": "n", "subject": "s", "content": "c", "category": "alert"}
    made = await http.post(
        f"{C}/notification-templates", json=_body("notification_templates", template)
    )
    template_id = made.json()["data"]["id"]
    one = f"{C}/notification-templates/{template_id}"
    patched = await http.patch(one, json=_body("notification_templates", {"subject": "new"}))
    assert patched.json()["data"]["attributes"] | {"modified": None, "created": None} == {
        **template,
        "subject": "new",
        "modified": None,
        "created": None,
    }
    wrong = await http.patch(one, json=_body("notification_templates", {"subject": 7}))
    assert wrong.status_code == 400 and "subject must be a valid string" in wrong.text
    other = await http.patch(one, json=_body("notification_templates", {}, id="another-id"))
    assert other.status_code == 400 and "does not match" in other.text


async def test_links_must_point_at_something_that_exists(http: httpx2.AsyncClient) -> None:
    missing = {"notification_template": {"data": {"id": "nope", "type": "notification_templates"}}}
    rule = {"conditions": [], "handles": ["@ops"], "trigger": "incident_created_trigger"}
    answer = await http.post(
        f"{C}/notification-rules",
        json=_body("incident_notification_rules", rule, relationships=missing),
    )
    assert answer.status_code == 404 and "notification_template nope not found" in answer.text
    no_type = await http.post(
        f"{C}/google-meet-configurations",
        json=_body(
            "google_meet_configurations",
            {"allow_manual_meeting_creation": True, "auto_summarize": True},
        ),
    )
    assert no_type.status_code == 400 and "incident_type is required" in no_type.text


async def test_incident_rules_answer_with_another_type_than_requests_use(
    http: httpx2.AsyncClient,
) -> None:
    rule = {
        "execution_type": 1,
        "condition_table_type": 1,
        "condition": {"raw_query": "*"},
        "task_id": "zoom-create-meeting-job",
        "task_payload": "{}",
        "enabled": True,
    }
    made = await http.post(f"{C}/rules", json=_body("incident_rules", rule))
    assert made.json()["data"]["type"] == "incidents_rules"
    wrong = await http.post(
        f"{C}/rules", json=_body("incident_rules", {**rule, "execution_type": True})
    )
    assert wrong.status_code == 400 and "execution_type" in wrong.text
    task = await http.post(f"{C}/rules", json=_body("incident_rules", {**rule, "task_id": "fax"}))
    assert task.status_code == 400 and "task_id must be one of" in task.text


async def test_global_handles_are_updated_by_body_id_and_deleted_all_at_once(
    http: httpx2.AsyncClient,
) -> None:
    path = f"{C}/global/incident-handles"
    made = await http.post(path, json=_body("incidents_handles", {"name": "@a"}))
    handle = made.json()["data"]
    assert handle["relationships"]["incident_type"] == TYPE["incident_type"]  # the default
    no_id = await http.put(path, json=_body("incidents_handles", {"name": "@b"}))
    assert no_id.status_code == 400 and "data.id is required" in no_id.text
    renamed = await http.put(path, json=_body("incidents_handles", {"name": "@b"}, id=handle["id"]))
    assert renamed.json()["data"]["attributes"]["name"] == "@b"
    assert (await http.delete(path)).status_code == 204
    assert (await http.get(path)).json()["data"] == []


async def test_org_settings_are_not_taken_for_an_incident_type_id(
    http: httpx2.AsyncClient,
) -> None:
    listed = await http.get(f"{C}/types/org-settings")
    assert listed.status_code == 200
    assert listed.json()["data"][0]["type"] == "incident_org_settings"


async def test_roles_check_their_policy_and_filter_by_incident_type(
    http: httpx2.AsyncClient,
) -> None:
    path = f"{C}/user-defined-roles"
    kind = "incident_user_defined_roles"
    bad = await http.post(
        path,
        json=_body(kind, {"name": "Scribe", "policy": {"is_single": "yes"}}, relationships=TYPE),
    )
    assert bad.status_code == 400 and "policy must be {is_single: true or false}" in bad.text
    made = await http.post(path, json=_body(kind, {"name": "Scribe"}, relationships=TYPE))
    assert made.json()["data"]["attributes"]["policy"] == {"is_single": True}
    other = await http.get(path, params={"filter[incident-type]": "another-type"})
    assert other.json()["data"] == []
    mine = await http.get(
        path, params={"filter[incident-type]": TYPE["incident_type"]["data"]["id"]}
    )
    assert [r["attributes"]["name"] for r in mine.json()["data"]] == ["Scribe"]
