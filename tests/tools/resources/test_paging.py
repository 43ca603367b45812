"""Paging On-Call and ServiceNow records from an incident (opt-in toolset), through MCP."""

from __future__ import annotations

from typing import Any

import pytest

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, connect, fail, sandbox_settings

pytestmark = pytest.mark.anyio


async def test_a_page_is_linked_to_the_incident_and_listed_with_its_integrations(
    sandbox: Sandbox,
) -> None:
    toolsets = sandbox_settings(toolsets="paging,integrations")
    async with connect(sandbox, settings=toolsets) as client:
        paged: Any = await call(
            client, "page_on_call", {"incident_id": "IR-2", "team": "@platform-sre"}
        )
        assert paged["page_id"] and paged["incident_id"]
        shown: Any = (await call(client, "list_incident_integrations", {"incident_id": "IR-2"}))[
            "integrations"
        ]
        page = next(i for i in shown if i["kind"] == "oncall_page")
        assert page["details"]["page_id"] == paged["page_id"]
        again = await fail(
            client, "link_on_call_page", {"incident_id": "IR-2", "page_id": paged["page_id"]}
        )
        assert "conflict" in again and "linked" in again
        linked: Any = (
            await call(
                client,
                "link_on_call_page",
                {"incident_id": "IR-2", "page_id": "5f1e0c2a-page-7", "key": "PAGE-7"},
            )
        )["integration"]
        assert (linked["kind"], linked["details"]["key"]) == ("oncall_page", "PAGE-7")


async def test_a_page_goes_to_exactly_one_known_target(sandbox: Sandbox) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="paging")) as client:
        both = await fail(
            client, "page_on_call", {"incident_id": "IR-2", "team": "payments", "user": "priya"}
        )
        assert "exactly one" in both
        assert "exactly one" in await fail(client, "page_on_call", {"incident_id": "IR-2"})
        unknown = await fail(client, "page_on_call", {"incident_id": "IR-2", "team": "ghosts"})
        assert "not found" in unknown and "ghosts" in unknown
        paged: Any = await call(
            client, "page_on_call", {"incident_id": "IR-2", "user": "Priya Natarajan"}
        )
        assert paged["page_id"]
    assert sandbox.count("POST", r"/page$") == 2  # the unknown team and the person


async def test_servicenow_record_is_opened_or_linked(sandbox: Sandbox) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="paging")) as client:
        args = {
            "incident_id": "IR-5",
            "instance_name": "acme",
            "assignment_group": "SRE",
            "configuration_item_mapping": "service",
        }
        opened: Any = (await call(client, "create_servicenow_record", args))["integration"]
        assert (opened["kind"], opened["status"]) == ("servicenow", "pending")
        linked: Any = (
            await call(client, "create_servicenow_record", {**args, "record_id": "INC0012345"})
        )["integration"]
        assert (linked["status"], linked["details"]["record_id"]) == ("complete", "INC0012345")


async def test_paging_without_the_oncall_permission_says_which_permissions_it_needs() -> None:
    sandbox = Sandbox(app_keys={"responder": frozenset({"incident_read", "incident_write"})})
    settings = sandbox_settings(toolsets="paging")
    async with connect(sandbox, app_key="responder", settings=settings) as client:
        text = await fail(client, "page_on_call", {"incident_id": "IR-2", "team": "payments"})
    assert "`incident_write` and `oncall_page` permissions" in text
    assert not any(
        r["attributes"]["integration_type"] == 15 for r in sandbox.store["integrations"].values()
    )
