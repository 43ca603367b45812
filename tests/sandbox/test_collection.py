"""What every declared sandbox collection does: relationships must point at records that
exist, and required ones must be given."""

from __future__ import annotations

import httpx2
import pytest

from tests.sandbox.conftest import C, body

pytestmark = pytest.mark.anyio


async def test_links_must_point_at_something_that_exists(http: httpx2.AsyncClient) -> None:
    missing = {"notification_template": {"data": {"id": "nope", "type": "notification_templates"}}}
    rule = {"conditions": [], "handles": ["@ops"], "trigger": "incident_created_trigger"}
    answer = await http.post(
        f"{C}/notification-rules",
        json=body("incident_notification_rules", rule, relationships=missing),
    )
    assert answer.status_code == 404 and "notification_template nope not found" in answer.text
    no_type = await http.post(
        f"{C}/google-meet-configurations",
        json=body(
            "google_meet_configurations",
            {"allow_manual_meeting_creation": True, "auto_summarize": True},
        ),
    )
    assert no_type.status_code == 400 and "incident_type is required" in no_type.text
