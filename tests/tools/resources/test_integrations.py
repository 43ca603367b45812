"""Integration tools, through the MCP client."""

from __future__ import annotations

import pytest
from mcp import Client

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, fail

pytestmark = pytest.mark.anyio
INCIDENT = "IR-12"


async def test_integrations_round_trip(mcp: Client, sandbox: Sandbox) -> None:
    issue = {
        "account": "acme",
        "project_key": "OPS",
        "issue_key": "OPS-42",
        "redirect_url": "https://acme.atlassian.net/browse/OPS-42",
    }
    made = (
        await call(
            mcp,
            "create_incident_integration",
            {"incident_id": INCIDENT, "kind": "jira", "links": [issue]},
        )
    )["integration"]
    assert made["kind"] == "jira" and made["links"] == [issue]
    updated = await call(
        mcp,
        "update_incident_integration",
        {"incident_id": INCIDENT, "integration_id": made["id"], "status": "complete"},
    )
    assert updated["integration"]["status"] == "complete" and updated["integration"]["links"] == [
        issue
    ]
    kinds = [
        i["kind"]
        for i in (await call(mcp, "list_incident_integrations", {"incident_id": INCIDENT}))[
            "integrations"
        ]
    ]
    assert sorted(kinds) == ["jira", "slack"]
    assert (
        await call(
            mcp, "get_incident_integration", {"incident_id": INCIDENT, "integration_id": made["id"]}
        )
    )["integration"]["id"] == made["id"]
    await call(
        mcp,
        "delete_incident_integration",
        {"incident_id": INCIDENT, "integration_id": made["id"], "confirm": True},
    )
    assert made["id"] not in sandbox.store["integrations"]
    missing_key = await fail(
        mcp,
        "create_incident_integration",
        {"incident_id": INCIDENT, "kind": "jira", "links": [{"account": "acme"}]},
    )
    assert "invalid argument" in missing_key and "project_key" in missing_key
