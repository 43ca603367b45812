"""Incident tools through the MCP client, against the sandbox."""

from __future__ import annotations

import json
from typing import Any

import pytest
from mcp import Client
from mcp.types import ElicitResult

from datadog_incidents_mcp.calls.output import MAX_RESULT_CHARS
from datadog_incidents_mcp.datadog import RetryPolicy
from datadog_incidents_mcp.sandbox import Fault, Sandbox
from datadog_incidents_mcp.sandbox.resources.incidents import new_incident
from tests.conftest import call, connect, fail

pytestmark = pytest.mark.anyio


def _titles(result: dict[str, object]) -> list[str]:
    return [i["title"] for i in result["incidents"]]  # type: ignore[index, union-attr]


async def test_search_active_sev1_and_sev2_newest_first(mcp: Client, sandbox: Sandbox) -> None:
    result = await call(
        mcp, "search_incidents", {"state": ["active"], "severity": ["SEV-1", "SEV-2"]}
    )
    assert _titles(result) == [
        "Checkout API 5xx spike in us-east-1",
        "Elevated login latency for EU users",
    ]
    assert result["total"] == 2
    first = result["incidents"][0]  # type: ignore[index]
    assert first == {
        "id": first["id"],
        "public_id": "IR-12",  # the form every tool takes, not a bare 12
        "title": "Checkout API 5xx spike in us-east-1",
        "severity": "SEV-1",
        "state": "active",
        "customer_impact": "About 12% of checkouts fail",
        "customer_impact_start": "2026-11-13T19:39:00Z",
        "commander": "Priya Natarajan <priya.natarajan@example.com>",
        "declared": "2026-11-13T20:00:00Z",
        "detected": "2026-11-13T19:42:00Z",
        "services": ["checkout-api"],
        "teams": ["payments", "checkout-web"],
        "url": "https://app.datadoghq.com/incidents/12",
    }
    assert sandbox.requests[-1].query.startswith(
        "query=state%3A%28active%29+AND+severity%3A%28SEV-1+OR+SEV-2%29"
    )


async def test_lists_page_and_say_how_to_continue(mcp: Client) -> None:
    page = await call(mcp, "search_incidents", {"page_size": 5, "sort": "oldest"})
    assert (page["total"], page["next_offset"]) == (12, 5)
    assert page["notice"] == "7 more results: call again with offset=5"
    last = await call(mcp, "search_incidents", {"page_size": 5, "offset": 10, "sort": "oldest"})
    assert len(last["incidents"]) == 2 and "next_offset" not in last  # type: ignore[arg-type]
    listed = await call(mcp, "list_incidents", {"page_size": 3})
    assert listed["next_offset"] == 3 and "more results may exist" in str(listed["notice"])


async def test_a_page_too_big_for_the_budget_is_cut_and_says_where_to_resume(
    mcp: Client, sandbox: Sandbox
) -> None:
    for n in range(40):
        new_incident(
            sandbox.store,
            title=f"Long title {n} " + "x" * 1000,
            fields={},
            now=sandbox.store.now(),
            creator=sandbox.store.caller_id,
        )
    result = await call(mcp, "search_incidents", {"text": "Long title", "page_size": 50})
    shown = len(result["incidents"])  # type: ignore[arg-type]
    assert 0 < shown < 40
    assert len(json.dumps(result["incidents"])) <= MAX_RESULT_CHARS
    assert result["next_offset"] == shown
    assert result["notice"] == (
        f"trimmed to {shown} items to stay under the size budget; "
        f"call again with offset={shown} for the rest"
    )
    rest = await call(
        mcp, "search_incidents", {"text": "Long title", "page_size": 50, "offset": shown}
    )
    assert rest["incidents"]
    listed = await call(mcp, "list_incidents", {"page_size": 50})  # total unknown on list
    assert listed["next_offset"] == len(listed["incidents"]) < 50  # type: ignore[arg-type]
    assert "trimmed" in str(listed["notice"])


async def test_get_by_public_id_compact_and_full(mcp: Client) -> None:
    compact = await call(mcp, "get_incident", {"incident_id": "IR-1"})
    incident = compact["incident"]
    assert incident["title"] == "Database failover in primary Postgres cluster"  # type: ignore[index]
    assert "attributes" not in incident  # type: ignore[operator]
    full = await call(mcp, "get_incident", {"incident_id": "1", "detail": "full"})
    attributes = full["incident"]["attributes"]  # type: ignore[index]
    assert (
        attributes["fields"]["root_cause"]["value"]
        == "Replica promotion stalled on a full WAL disk"
    )
    assert len(str(full)) > 2 * len(str(compact))


async def test_a_public_id_lookup_reads_only_the_pages_it_needs(
    mcp: Client, sandbox: Sandbox
) -> None:
    for n in range(150):  # 162 incidents: two pages of 100
        new_incident(
            sandbox.store,
            title=f"Filler {n}",
            fields={},
            now=sandbox.store.now(),
            creator=sandbox.store.caller_id,
        )
    await call(mcp, "get_incident", {"incident_id": "IR-2"})
    assert sandbox.count("GET", "/api/v2/incidents$") == 1
    await call(mcp, "get_incident", {"incident_id": "IR-160"})
    assert sandbox.count("GET", "/api/v2/incidents$") == 3


async def test_declare_resolve_and_delete_an_incident(mcp: Client, sandbox: Sandbox) -> None:
    created = await call(
        mcp,
        "create_incident",
        {
            "title": "Cache stampede on product pages",
            "severity": "SEV-2",
            "customer_impacted": True,
            "customer_impact_scope": "Product pages time out",
            "commander": "priya.natarajan@example.com",
            "services": ["catalog"],
            "first_update": "Paged by the latency monitor",
        },
    )
    incident = created["incident"]
    assert incident["public_id"] == "IR-13"  # type: ignore[index]
    assert incident["commander"] == "Priya Natarajan <priya.natarajan@example.com>"  # type: ignore[index]
    record = sandbox.store["incidents"][incident["id"]]  # type: ignore[index]
    assert record["_cells"] == [
        {"cell_type": "markdown", "content": {"content": "Paged by the latency monitor"}}
    ]
    assert sandbox.count("POST", "/api/v2/incidents$") == 1

    resolved = await call(
        mcp, "update_incident", {"incident_id": "IR-13", "state": "resolved", "commander": "none"}
    )
    assert resolved["incident"]["state"] == "resolved"  # type: ignore[index]
    assert "commander" not in resolved["incident"]  # type: ignore[operator]
    assert "resolved" in resolved["incident"]  # type: ignore[operator]

    await call(mcp, "delete_incident", {"incident_id": "IR-13", "confirm": True})
    assert incident["id"] not in sandbox.store["incidents"]  # type: ignore[index]


async def test_an_update_is_shown_from_the_patch_response_alone(
    mcp: Client, sandbox: Sandbox
) -> None:
    uuid = (await call(mcp, "get_incident", {"incident_id": "IR-2"}))["incident"]["id"]  # type: ignore[index]
    before = len(sandbox.requests)
    updated = await call(
        mcp, "update_incident", {"incident_id": uuid, "commander": "priya.natarajan@example.com"}
    )
    assert updated["incident"]["commander"] == "Priya Natarajan <priya.natarajan@example.com>"  # type: ignore[index]
    after = [(r.method, r.path) for r in list(sandbox.requests)[before:]]
    assert [m for m, path in after if path.startswith("/api/v2/incidents")] == ["PATCH"]


async def test_update_with_relative_times_and_fields(mcp: Client, sandbox: Sandbox) -> None:
    await call(
        mcp,
        "update_incident",
        {
            "incident_id": "IR-9",
            "detected": "2026-11-12T18:00:00+01:00",
            "fields": [{"name": "root_cause", "value": "Bad deploy"}],
        },
    )
    uuid = sandbox.store.data["incidents"]
    record = next(r for r in uuid.values() if r["attributes"]["public_id"] == 9)
    assert record["attributes"]["detected"] == "2026-11-12T17:00:00.000000+00:00"
    assert record["attributes"]["fields"]["root_cause"]["value"] == "Bad deploy"


async def test_import_a_past_incident(mcp: Client) -> None:
    imported = await call(
        mcp,
        "import_incident",
        {
            "title": "Outage before we used Datadog",
            "declared": "2026-01-05T10:00:00Z",
            "resolved": "2026-01-05T12:30:00Z",
            "state": "resolved",
            "severity": "SEV-2",
        },
    )
    assert imported["incident"]["resolved"] == "2026-01-05T12:30:00Z"  # type: ignore[index]
    assert imported["incident"]["severity"] == "SEV-2"  # type: ignore[index]


IMPACT = {
    "customer_impact_start": "2026-01-05T10:05:00Z",
    "customer_impact_end": "2026-01-05T12:10:00Z",
    "customer_impact_scope": "EU checkout failed for card payments",
}
PAST = {
    "title": "Outage before we used Datadog",
    "declared": "2026-01-05T10:00:00Z",
    "resolved": "2026-01-05T12:30:00Z",
    "state": "resolved",
}


async def test_an_import_recreates_the_customer_impact_window(mcp: Client) -> None:
    imported = await call(mcp, "import_incident", {**PAST, **IMPACT})
    incident: Any = imported["incident"]
    assert (incident["customer_impact_start"], incident["customer_impact_end"]) == (
        "2026-01-05T10:05:00Z",
        "2026-01-05T12:10:00Z",
    )
    assert incident["customer_impact"] == "EU checkout failed for card payments"
    assert imported.get("notice") is None


async def test_an_impact_that_cannot_be_set_after_the_import_is_said_plainly(
    sandbox: Sandbox, sandbox_url: str
) -> None:
    incidents = len(sandbox.store["incidents"])
    sandbox.faults.add(
        Fault(method="PATCH", path=r"/api/v2/incidents/[^/]+$", status=503, times=20)
    )
    async with connect(sandbox, url=sandbox_url) as client:
        imported = await call(client, "import_incident", {**PAST, **IMPACT})
        incident: Any = imported["incident"]
        notice = str(imported["notice"])
        ref = incident["public_id"]
        assert len(sandbox.store["incidents"]) == incidents + 1  # one import, no duplicate
        assert sandbox.count("POST", "/import$") == 1
        assert incident.get("customer_impact_start") is None
        assert notice.startswith(f"{ref} was imported, but its customer impact was not set (")
        assert (
            "customer_impact_start, customer_impact_end, customer_impact_scope are still empty"
            in notice
        )
        assert "do not import it again" in notice
        sandbox.faults.clear()
        retried = await call(
            client,
            "update_incident",
            {"incident_id": ref, **IMPACT, "customer_impacted": True},
        )
    assert retried["incident"]["customer_impact_end"] == "2026-01-05T12:10:00Z"  # type: ignore[index]


async def test_times_that_run_backwards_are_refused_naming_both(
    mcp: Client, sandbox: Sandbox
) -> None:
    both = await fail(
        mcp,
        "update_incident",
        {
            "incident_id": "IR-12",
            "customer_impact_start": "2026-11-13T20:00:00Z",
            "customer_impact_end": "2026-11-13T19:00:00Z",
        },
    )
    assert both.startswith("invalid argument `customer_impact_end`: customer_impact_end ")
    assert "is before customer_impact_start 2026-11-13T20:00:00Z;" in both
    # IR-12's impact started at 19:39 as recorded: an end alone is checked against it.
    alone = await fail(
        mcp, "update_incident", {"incident_id": "IR-12", "customer_impact_end": "now-30d"}
    )
    assert "is before customer_impact_start 2026-11-13T19:39:00Z (as recorded)" in alone
    # IR-1 was declared at 09:00: a detection after that is the argument to fix.
    late = await fail(
        mcp, "update_incident", {"incident_id": "IR-1", "detected": "2026-11-02T13:00:00Z"}
    )
    assert late.startswith("invalid argument `detected`: ")
    assert "declared 2026-11-02T09:00:00Z (as recorded) is before detected" in late
    future = await fail(mcp, "update_incident", {"incident_id": "IR-12", "detected": "now+1h"})
    assert future.startswith("invalid argument `detected`: 'now+1h' is in the future")
    imported = await fail(
        mcp,
        "import_incident",
        {
            "title": "Backwards",
            "declared": "2026-01-05T10:00:00Z",
            "resolved": "2026-01-05T09:00:00Z",
            "state": "resolved",
        },
    )
    assert imported.startswith("invalid argument `resolved`: resolved 2026-01-05T09:00:00Z is")
    assert "before declared 2026-01-05T10:00:00Z" in imported
    assert sandbox.count("PATCH") == sandbox.count("POST") == 0


async def test_an_impact_window_is_shown_and_closes_after_its_start(mcp: Client) -> None:
    closed = await call(
        mcp,
        "update_incident",
        {"incident_id": "IR-12", "customer_impact_end": "2026-11-13T21:00:00Z"},
    )
    incident = closed["incident"]
    assert incident["customer_impact_start"] == "2026-11-13T19:39:00Z"  # type: ignore[index]
    assert incident["customer_impact_end"] == "2026-11-13T21:00:00Z"  # type: ignore[index]
    shown = (await call(mcp, "get_incident", {"incident_id": "IR-12"}))["incident"]
    assert shown["customer_impact_end"] == "2026-11-13T21:00:00Z"  # type: ignore[index]


async def test_delete_needs_a_yes(mcp: Client, sandbox: Sandbox) -> None:
    text = await fail(mcp, "delete_incident", {"incident_id": "IR-2"})
    assert "not deleted" in text and "confirm=true" in text
    assert sandbox.count("DELETE") == 0


@pytest.mark.parametrize(
    ("mode", "action", "deleted"),
    [("auto", "accept", True), ("legacy", "accept", True), ("auto", "decline", False)],
)
async def test_delete_asks_the_user_through_elicitation(
    sandbox: Sandbox, mode: str, action: str, deleted: bool
) -> None:
    asked: list[str] = []

    async def answer(ctx: object, params: object) -> ElicitResult:
        asked.append(str(getattr(params, "message", "")))
        return ElicitResult(
            action=action, content={"confirm": True} if action == "accept" else None
        )  # type: ignore[arg-type]

    async with connect(sandbox, mode=mode, elicitation_callback=answer) as client:
        result = await client.call_tool("delete_incident", {"incident_id": "IR-2"})
    assert asked == [
        'Permanently delete incident IR-2 "CDN cache purge misconfiguration"? This cannot be '
        "undone."
    ]
    assert result.is_error is (not deleted)
    assert sandbox.count("DELETE") == (1 if deleted else 0)


async def test_errors_say_what_to_do(mcp: Client, sandbox: Sandbox) -> None:
    missing = await fail(
        mcp, "get_incident", {"incident_id": "00000000-0000-0000-0000-000000000000"}
    )
    assert "not found" in missing and "search_incidents" in missing
    assert "no incident has public ID 404" in await fail(
        mcp, "get_incident", {"incident_id": "IR-404"}
    )
    unknown = await fail(mcp, "get_incident", {"incident_id": "IR-1", "severity": "SEV-1"})
    assert unknown.startswith("unknown argument `severity`: get_incident takes incident_id, detail")
    invalid = await fail(mcp, "search_incidents", {"severity": ["SEV-9"]})
    assert invalid.startswith("invalid argument `severity.0`")
    bad_time = await fail(
        mcp, "update_incident", {"incident_id": "IR-1", "detected": "yesterday-ish"}
    )
    assert "`detected`" in bad_time and "ISO 8601" in bad_time
    nobody = await fail(mcp, "create_incident", {"title": "x", "commander": "nobody@example.com"})
    assert "`commander`" in nobody and "search_users" in nobody
    assert sandbox.count("POST") == 0


async def test_an_interrupted_create_says_check_before_retrying(
    mcp: Client, sandbox: Sandbox
) -> None:
    sandbox.faults.add(Fault(method="POST", path="/api/v2/incidents$", status=503))
    text = await fail(mcp, "create_incident", {"title": "Half-declared"})
    assert "may or may not" in text and 'Search for incidents titled "Half-declared"' in text
    assert "Do not repeat the call" in text
    assert sandbox.count("POST", "/api/v2/incidents$") == 1


async def test_rate_limits_and_missing_permissions_are_explained(sandbox: Sandbox) -> None:
    sandbox.app_keys = {"reader": frozenset({"incident_read", "user_access_read"})}
    async with connect(sandbox, app_key="reader", retry=RetryPolicy(max_retries=0)) as client:
        denied = await fail(client, "create_incident", {"title": "x"})
        assert "`incident_write` permission" in denied and "DD_SITE" in denied
        sandbox.faults.add(
            Fault(
                path="/search",
                status=429,
                headers={"X-RateLimit-Reset": "30", "X-RateLimit-Name": "incidents"},
            )
        )
        limited = await fail(client, "search_incidents", {})
        assert limited.endswith("rate limit reached (bucket incidents); try again in 30 seconds.")
