"""Global incident handles in the sandbox: addressed as one collection."""

from __future__ import annotations

import httpx2
import pytest

from tests.sandbox.conftest import DEFAULT_TYPE, C, body

pytestmark = pytest.mark.anyio


async def test_global_handles_are_updated_by_body_id_and_deleted_all_at_once(
    http: httpx2.AsyncClient,
) -> None:
    path = f"{C}/global/incident-handles"
    made = await http.post(path, json=body("incidents_handles", {"name": "@a"}))
    handle = made.json()["data"]
    assert handle["relationships"]["incident_type"] == DEFAULT_TYPE["incident_type"]  # the default
    no_id = await http.put(path, json=body("incidents_handles", {"name": "@b"}))
    assert no_id.status_code == 400 and "data.id is required" in no_id.text
    renamed = await http.put(path, json=body("incidents_handles", {"name": "@b"}, id=handle["id"]))
    assert renamed.json()["data"]["attributes"]["name"] == "@b"
    assert (await http.delete(path)).status_code == 204
    assert (await http.get(path)).json()["data"] == []
