"""Attachment tools, postmortem publishing included, through the MCP client."""

from __future__ import annotations

import pytest
from mcp import Client

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, fail

pytestmark = pytest.mark.anyio
INCIDENT = "IR-12"


async def test_attachments_round_trip_and_postmortem_publish(mcp: Client, sandbox: Sandbox) -> None:
    made = (
        await call(
            mcp,
            "create_incident_attachment",
            {
                "incident_id": INCIDENT,
                "url": "https://grafana.example/d/checkout",
                "title": "Checkout dashboard",
            },
        )
    )["attachment"]
    assert made["kind"] == "link" and made["title"] == "Checkout dashboard"
    await call(
        mcp,
        "update_incident_attachment",
        {"incident_id": INCIDENT, "attachment_id": made["id"], "title": "Dash"},
    )
    links = (
        await call(mcp, "list_incident_attachments", {"incident_id": INCIDENT, "kind": "link"})
    )["attachments"]
    assert sorted(a["title"] for a in links) == ["Dash", "checkout-api runbook"]
    await call(
        mcp,
        "delete_incident_attachment",
        {"incident_id": INCIDENT, "attachment_id": made["id"], "confirm": True},
    )
    assert made["id"] not in sandbox.store["attachments"]

    cells = [
        {"id": "summary", "content": "## Summary\nCheckout failed."},
        {"id": "impact", "content": "## Impact\n12%"},
    ]
    published = (
        await call(
            mcp,
            "create_postmortem_attachment",
            {"incident_id": INCIDENT, "cells": cells, "title": "Checkout 5xx postmortem"},
        )
    )["attachment"]
    stored = sandbox.store["postmortems"][published["id"]]
    assert [(c["id"], c["attributes"]["definition"]["content"]) for c in stored["cells"]] == [
        ("summary", "## Summary\nCheckout failed."),
        ("impact", "## Impact\n12%"),
    ]
    assert published["kind"] == "postmortem"
    bad_url = await fail(
        mcp,
        "create_incident_attachment",
        {"incident_id": INCIDENT, "url": "javascript:alert(1)", "title": "x"},
    )
    assert bad_url.startswith("invalid argument `url`")
