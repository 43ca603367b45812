"""Impact fields in the sandbox: an update is a PUT that replaces the whole field, and the
field types are those of Datadog's spec."""

from __future__ import annotations

import httpx2
import pytest

from datadog_incidents_mcp.sandbox.resources.impact_fields import FIELD_TYPES
from tests.sandbox.conftest import DEFAULT_TYPE, C, body
from tests.spec import load_spec

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


def test_the_field_types_are_those_of_the_spec() -> None:
    """The sandbox keeps its own list (it must not borrow the client's); the spec is the
    judge, as for the rule tasks (test_incident_rules.py)."""
    assert tuple(load_spec().schema("IncidentImpactFieldValueType")["enum"]) == FIELD_TYPES
