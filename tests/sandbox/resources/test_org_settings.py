"""Organization settings in the sandbox, under the incident types' path."""

from __future__ import annotations

import httpx2
import pytest

from tests.sandbox.conftest import C

pytestmark = pytest.mark.anyio


async def test_org_settings_are_not_taken_for_an_incident_type_id(
    http: httpx2.AsyncClient,
) -> None:
    listed = await http.get(f"{C}/types/org-settings")
    assert listed.status_code == 200
    assert listed.json()["data"][0]["type"] == "incident_org_settings"
