"""The sandbox asks for the permissions Datadog's spec names per operation (`x-permission`),
and a key without them gets the 403 that names what is missing."""

from __future__ import annotations

import re

import httpx2
import pytest

from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.sandbox.permissions import required
from tests.conftest import API_KEY
from tests.spec import load_spec

ANY_ID = "00000000-0000-0000-0000-00000000beef"


def test_every_documented_permission_matches_the_spec() -> None:
    checked = 0
    for op in load_spec().operations:
        documented = op.spec.get("x-permission")
        if not documented or op.deprecated:  # the sandbox serves no deprecated operation
            continue
        path = re.sub(r"\{[^}]+\}", ANY_ID, op.template)
        names = frozenset(documented["permissions"])
        expected = (
            (names,) if documented["operator"] == "AND" else tuple(frozenset({n}) for n in names)
        )
        assert set(required(op.method, path)) == set(expected), op.operation_id
        checked += 1
    assert checked >= 80


@pytest.mark.anyio
async def test_a_key_without_the_permission_gets_a_403_naming_it() -> None:
    sandbox = Sandbox(app_keys={"pager": frozenset({"incident_write", "incident_read"})})
    transport = httpx2.ASGITransport(app=sandbox.app)
    headers = {"DD-API-KEY": API_KEY, "DD-APPLICATION-KEY": "pager"}
    async with httpx2.AsyncClient(transport=transport, base_url="http://sandbox") as http:
        paged = await http.post(
            f"/api/v2/incidents/{ANY_ID}/page", headers=headers, json={"data": {"type": "page"}}
        )
        rules = await http.get("/api/v2/incidents/config/notification-rules", headers=headers)
        handles = await http.get(
            "/api/v2/incidents/config/global/incident-handles", headers=headers
        )
    assert paged.status_code == 403 and "oncall_page" in paged.text
    assert rules.status_code == 403 and "incident_notification_settings_read" in rules.text
    assert handles.status_code == 200  # keys only
