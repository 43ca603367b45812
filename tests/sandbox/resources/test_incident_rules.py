"""Incident rules in the sandbox: the live answer type, and the task and trigger lists
Datadog's spec declares."""

from __future__ import annotations

import httpx2
import pytest

from datadog_incidents_mcp.sandbox.resources.incident_rules import RULE_TASKS, RULE_TRIGGERS
from tests.sandbox.conftest import C, body
from tests.spec import load_spec

pytestmark = pytest.mark.anyio


async def test_incident_rules_answer_with_another_type_than_requests_use(
    http: httpx2.AsyncClient,
) -> None:
    rule = {
        "execution_type": 1,
        "condition_table_type": 1,
        "condition": {"raw_query": "*"},
        "task_id": "zoom-create-meeting-job",
        "task_payload": "{}",
        "enabled": True,
    }
    made = await http.post(f"{C}/rules", json=body("incident_rules", rule))
    assert made.json()["data"]["type"] == "incidents_rules"
    wrong = await http.post(
        f"{C}/rules", json=body("incident_rules", {**rule, "execution_type": True})
    )
    assert wrong.status_code == 400 and "execution_type" in wrong.text
    task = await http.post(f"{C}/rules", json=body("incident_rules", {**rule, "task_id": "fax"}))
    assert task.status_code == 400 and "task_id must be one of" in task.text


def test_the_rule_tasks_and_triggers_are_those_of_the_spec() -> None:
    """The sandbox keeps its own lists (it must not borrow the client's); the spec is the
    judge of both."""
    spec = load_spec()
    assert tuple(spec.schema("IncidentRuleTaskIDType")["enum"]) == RULE_TASKS
    assert tuple(spec.schema("IncidentRuleTriggerType")["enum"]) == RULE_TRIGGERS
