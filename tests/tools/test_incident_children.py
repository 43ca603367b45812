"""Attachment, todo, responder, impact, integration and timestamp tools, through the MCP client."""

from __future__ import annotations

from typing import Any

import pytest
from mcp import Client

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, fail

pytestmark = pytest.mark.anyio
INCIDENT = "IR-12"


def _uuid(sandbox: Sandbox, public_id: int) -> str:
    return next(
        r["id"]
        for r in sandbox.store["incidents"].values()
        if r["attributes"]["public_id"] == public_id
    )


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


async def test_todos_round_trip(mcp: Client, sandbox: Sandbox) -> None:
    todo = (
        await call(
            mcp,
            "create_incident_todo",
            {
                "incident_id": INCIDENT,
                "content": "Roll back the deploy",
                "assignees": ["sam.oconnor@example.com"],
                "due_date": "2026-12-01",
            },
        )
    )["todo"]
    assert todo["assignees"] == ["@sam.oconnor@example.com"] and "completed" not in todo
    done = await call(
        mcp,
        "update_incident_todo",
        {"incident_id": INCIDENT, "todo_id": todo["id"], "completed": True},
    )
    assert done["todo"]["completed"] and done["todo"]["content"] == "Roll back the deploy"
    reopened = await call(
        mcp,
        "update_incident_todo",
        {"incident_id": INCIDENT, "todo_id": todo["id"], "completed": False},
    )
    assert "completed" not in reopened["todo"]
    assert (await call(mcp, "get_incident_todo", {"incident_id": INCIDENT, "todo_id": todo["id"]}))[
        "todo"
    ]["due_date"] == "2026-12-01"
    listed = (await call(mcp, "list_incident_todos", {"incident_id": INCIDENT}))["todos"]
    assert todo["id"] in [t["id"] for t in listed]
    await call(
        mcp,
        "delete_incident_todo",
        {"incident_id": INCIDENT, "todo_id": todo["id"], "confirm": True},
    )
    assert todo["id"] not in sandbox.store["todos"]


async def test_responders_round_trip(mcp: Client, sandbox: Sandbox) -> None:
    added = await call(
        mcp,
        "add_incident_responder",
        {"incident_id": INCIDENT, "user": "@jordan.blake@example.com"},
    )
    responder = added["responder"]
    assert responder["user"] == "Jordan Blake <jordan.blake@example.com>"
    listed = (await call(mcp, "list_incident_responders", {"incident_id": INCIDENT}))["responders"]
    assert "Jordan Blake <jordan.blake@example.com>" in [r["user"] for r in listed]
    again = await fail(
        mcp, "add_incident_responder", {"incident_id": INCIDENT, "user": "jordan.blake@example.com"}
    )
    assert again.endswith("conflict: user is already a responder on this incident.")
    assert (
        await call(
            mcp,
            "get_incident_responder",
            {"incident_id": INCIDENT, "responder_id": responder["id"]},
        )
    )["responder"]["id"] == responder["id"]
    await call(
        mcp,
        "remove_incident_responder",
        {"incident_id": INCIDENT, "responder_id": responder["id"], "confirm": True},
    )
    assert responder["id"] not in sandbox.store["responders"]


async def test_impacts_round_trip(mcp: Client, sandbox: Sandbox) -> None:
    impact = (
        await call(
            mcp,
            "create_incident_impact",
            {
                "incident_id": INCIDENT,
                "description": "Card payments fail",
                "start": "2026-11-13T19:40:00Z",
            },
        )
    )["impact"]
    assert impact["start"] == "2026-11-13T19:40:00Z" and "end" not in impact
    closed = await call(
        mcp,
        "update_incident_impact",
        {"incident_id": INCIDENT, "impact_id": impact["id"], "end": "2026-11-13T21:00:00Z"},
    )
    assert closed["impact"]["end"] == "2026-11-13T21:00:00Z"
    listed = (await call(mcp, "list_incident_impacts", {"incident_id": INCIDENT}))["impacts"]
    assert impact["id"] in [i["id"] for i in listed]
    await call(
        mcp,
        "delete_incident_impact",
        {"incident_id": INCIDENT, "impact_id": impact["id"], "confirm": True},
    )
    assert impact["id"] not in sandbox.store["impacts"]


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


async def test_timestamp_overrides_round_trip(mcp: Client, sandbox: Sandbox) -> None:
    made = (
        await call(
            mcp,
            "create_timestamp_override",
            {"incident_id": INCIDENT, "timestamp": "detected", "value": "2026-11-13T19:30:00Z"},
        )
    )["override"]
    assert (made["timestamp"], made["value"]) == ("detected", "2026-11-13T19:30:00Z")
    changed = await call(
        mcp,
        "update_timestamp_override",
        {"incident_id": INCIDENT, "override_id": made["id"], "value": "2026-11-13T19:25:00Z"},
    )
    assert changed["override"]["value"] == "2026-11-13T19:25:00Z"
    listed = (await call(mcp, "list_timestamp_overrides", {"incident_id": INCIDENT}))["overrides"]
    assert [o["id"] for o in listed] == [made["id"]]
    await call(
        mcp,
        "delete_timestamp_override",
        {"incident_id": INCIDENT, "override_id": made["id"], "confirm": True},
    )
    assert (await call(mcp, "list_timestamp_overrides", {"incident_id": INCIDENT})) == {}


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        ("delete_incident_attachment", {"attachment_id": "x"}),
        ("delete_incident_todo", {"todo_id": "x"}),
        ("remove_incident_responder", {"responder_id": "x"}),
        ("delete_incident_impact", {"impact_id": "x"}),
        ("delete_incident_integration", {"integration_id": "x"}),
        ("delete_timestamp_override", {"override_id": "x"}),
    ],
)
async def test_every_delete_needs_a_yes(
    mcp: Client, sandbox: Sandbox, tool: str, arguments: dict[str, Any]
) -> None:
    text = await fail(mcp, tool, {"incident_id": INCIDENT, **arguments})
    assert "confirm=true" in text
    assert sandbox.count("DELETE") == 0


async def test_detail_full_adds_every_attribute_and_relationship(mcp: Client) -> None:
    compact = (await call(mcp, "list_incident_todos", {"incident_id": INCIDENT}))["todos"][0]
    full = (await call(mcp, "list_incident_todos", {"incident_id": INCIDENT, "detail": "full"}))[
        "todos"
    ][0]
    assert "attributes" not in compact
    assert full["attributes"]["incident_id"] and full["attributes"]["modified"]
    assert full["relationships"]["created_by_user"]["data"]["type"] == "users"
    responders = await call(
        mcp, "list_incident_responders", {"incident_id": INCIDENT, "detail": "full"}
    )
    assert responders["responders"][0]["attributes"]["is_billable"] is True
