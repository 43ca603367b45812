"""Impact fields in the sandbox: an update is a PUT that replaces the whole field."""

from __future__ import annotations

import httpx2
import pytest

from tests.sandbox.conftest import DEFAULT_TYPE, C, body

pytestmark = pytest.mark.anyio


async def test_put_replaces_the_whole_record_and_needs_every_required_attribute(
    http: httpx2.AsyncClient,
) -> None:
    field = {"name": "tier", "display_name": "Tier", "field_type": "text"}
    made = await http.post(
        f"{C}/impact-fields", json=body("impact_fields", field, relationships=DEFAULT_TYPE)
    )
    assert made.status_code == 201
    field_id = made.json()["data"]["id"]
    partial = await http.put(
        f"{C}/impact-fields/{field_id}", json=body("impact_fields", {"display_name": "T"})
    )
    assert partial.status_code == 400 and "name is required" in partial.text
    replaced = await http.put(
        f"{C}/impact-fields/{field_id}",
        json=body("impact_fields", {**field, "display_name": "Customer tier"}),
    )
    assert replaced.json()["data"]["attributes"]["display_name"] == "Customer tier"
