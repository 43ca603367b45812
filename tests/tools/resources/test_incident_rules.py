"""Incident rule tools (automation toolset), through the MCP client."""

from __future__ import annotations

import json
from typing import Any

import pytest

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, connect, fail, sandbox_settings

pytestmark = pytest.mark.anyio


async def test_incident_rules_round_trip(sandbox: Sandbox) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="automation")) as client:
        seeded: Any = (await call(client, "list_incident_rules", {}))["rules"]
        assert [r["task"] for r in seeded] == ["slack-create-channel-job"]
        settings = json.dumps({"project_key": "OPS", "issue_type": "Incident"})
        rule: Any = (
            await call(
                client,
                "create_incident_rule",
                {
                    "task": "jira-create-issue-job",
                    "query": "severity:(SEV-1 OR SEV-2)",
                    "settings": settings,
                    "conditions": [{"field": "services", "values": ["checkout-api"]}],
                    "runs": "every_match",
                },
            )
        )["rule"]
        assert {k: rule[k] for k in ("task", "query", "settings", "runs", "enabled")} == {
            "task": "jira-create-issue-job",
            "query": "severity:(SEV-1 OR SEV-2)",
            "settings": settings,
            "runs": "every_match",
            "enabled": True,
        }
        assert rule["conditions"] == [{"field": "services", "values": ["checkout-api"]}]
        off: Any = (
            await call(
                client,
                "update_incident_rule",
                {"rule_id": rule["id"], "enabled": False, "query": "severity:SEV-1"},
            )
        )["rule"]
        assert (off["enabled"], off["query"], off["settings"]) == (
            False,
            "severity:SEV-1",
            settings,
        )
        got: Any = await call(client, "get_incident_rule", {"rule_id": rule["id"]})
        assert got["rule"] == off
        jira: Any = await call(client, "list_incident_rules", {"task": "jira-create-issue-job"})
        assert [r["id"] for r in jira["rules"]] == [rule["id"]]
        await call(client, "delete_incident_rule", {"rule_id": rule["id"], "confirm": True})
    assert rule["id"] not in sandbox.store["incident_rules"]


async def test_rule_settings_must_be_a_json_object(sandbox: Sandbox) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="automation")) as client:
        for bad in ("not json", "[1, 2]"):
            text = await fail(
                client,
                "create_incident_rule",
                {"task": "notify-incident-handles-job", "query": "*", "settings": bad},
            )
            assert "settings" in text and "JSON object" in text
        text = await fail(client, "create_incident_rule", {"task": "fax-job", "query": "*"})
        assert "task" in text
    assert sandbox.count("POST") == 0
