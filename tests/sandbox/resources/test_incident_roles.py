"""Incident roles in the sandbox: a checked policy and a filter by incident type."""

from __future__ import annotations

import httpx2
import pytest

from tests.sandbox.conftest import DEFAULT_TYPE, C, body

pytestmark = pytest.mark.anyio


async def test_roles_check_their_policy_and_filter_by_incident_type(
    http: httpx2.AsyncClient,
) -> None:
    path = f"{C}/user-defined-roles"
    kind = "incident_user_defined_roles"
    bad = await http.post(
        path,
        json=body(
            kind, {"name": "Scribe", "policy": {"is_single": "yes"}}, relationships=DEFAULT_TYPE
        ),
    )
    assert bad.status_code == 400 and "policy must be {is_single: true or false}" in bad.text
    made = await http.post(path, json=body(kind, {"name": "Scribe"}, relationships=DEFAULT_TYPE))
    assert made.json()["data"]["attributes"]["policy"] == {"is_single": True}
    other = await http.get(path, params={"filter[incident-type]": "another-type"})
    assert other.json()["data"] == []
    mine = await http.get(
        path, params={"filter[incident-type]": DEFAULT_TYPE["incident_type"]["data"]["id"]}
    )
    assert [r["attributes"]["name"] for r in mine.json()["data"]] == ["Scribe"]
