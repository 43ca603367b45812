"""The size budget and paging notes every list tool relies on, empty lists, and detail=full."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from mcp import Client
from pydantic import TypeAdapter

from datadog_incidents_mcp.calls.output import (
    MAX_RESULT_CHARS,
    iso,
    listed,
    next_page,
    paged,
    prune,
)
from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, connect

BIG = [{"id": str(n), "text": "x" * (MAX_RESULT_CHARS // 4)} for n in range(10)]


def test_an_unpaged_list_over_budget_is_cut_and_says_so_without_an_offset() -> None:
    shown, notice = listed(BIG)
    assert [item["id"] for item in shown] == ["0", "1", "2"]
    assert notice == "trimmed to 3 items to stay under the size budget"


def test_a_list_within_budget_is_whole_and_silent() -> None:
    assert listed(BIG[:2]) == (BIG[:2], None)


def test_one_item_is_shown_even_when_it_alone_is_over_budget() -> None:
    huge = [{"text": "x" * (MAX_RESULT_CHARS * 2)}, {"text": "y"}]
    assert listed(huge)[0] == huge[:1]


def test_a_cut_page_continues_from_the_first_item_not_shown() -> None:
    shown, following, notice = paged(BIG, offset=20, page_size=10, total=100)
    assert (len(shown), following) == (3, 23)
    assert notice == (
        "trimmed to 3 items to stay under the size budget; call again with offset=23 for the rest"
    )


def test_page_notes_follow_the_total_or_a_full_page() -> None:
    small = [{"id": "a"}, {"id": "b"}]
    assert paged(small, offset=0, page_size=2, total=5)[1:] == (
        2,
        "3 more results: call again with offset=2",
    )
    assert paged(small, offset=3, page_size=2, total=5)[1:] == (None, None)
    assert paged(small, offset=0, page_size=2, total=None)[1:] == (
        2,
        "more results may exist: call again with offset=2",
    )
    assert paged(small, offset=0, page_size=5, total=None)[1:] == (None, None)
    assert next_page(0, 2, 2, total=5, noun="teams") == "more teams: call again with page=1"
    assert next_page(2, 2, 1, total=5, noun="teams") is None


@pytest.mark.anyio
async def test_detail_full_adds_every_attribute_and_relationship(mcp: Client) -> None:
    compact = (await call(mcp, "list_incident_todos", {"incident_id": "IR-12"}))["todos"][0]
    full = (await call(mcp, "list_incident_todos", {"incident_id": "IR-12", "detail": "full"}))[
        "todos"
    ][0]
    assert "attributes" not in compact
    assert full["attributes"]["incident_id"] and full["attributes"]["modified"]
    assert full["relationships"]["created_by_user"]["data"]["type"] == "users"
    responders = await call(
        mcp, "list_incident_responders", {"incident_id": "IR-12", "detail": "full"}
    )
    assert responders["responders"][0]["attributes"]["is_billable"] is True


# What a list tool's required argument names, kept so the call can find it: the collection
# and a reference to one of its seeded records.
PARENTS = {
    "incident_id": ("incidents", "IR-1"),
    "team_id": ("teams", "cf7570ee-1b0c-5c43-998e-76cc10436028"),
    "user": ("users", "me"),
}


@pytest.mark.anyio
async def test_every_list_tool_says_none_with_an_empty_list() -> None:
    """Over every list_ and search_ tool in tools/list, with nothing to list: the result
    has its list key as [] (a model reading `{}` cannot tell "none" from "not shown")."""
    async with connect(Sandbox()) as client:
        tools = [
            t for t in (await client.list_tools()).tools if t.name.startswith(("list_", "search_"))
        ]
    checked: list[str] = []
    for tool in tools:
        required = tool.input_schema.get("required", [])
        sandbox = Sandbox()
        kept = {PARENTS[name][0] for name in required}
        for collection, records in sandbox.store.data.items():
            if collection not in kept:
                records.clear()
        schema = tool.output_schema or {}
        [key] = [k for k, v in schema["properties"].items() if v.get("type") == "array"]
        async with connect(sandbox) as client:
            result = await call(client, tool.name, {n: PARENTS[n][1] for n in required})
        assert result.get(key) == [], (tool.name, result)
        assert schema["required"] == [key], tool.name  # and its schema promises the key
        checked.append(tool.name)
    assert len(checked) == 22 and "search_incidents" in checked


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (datetime(2026, 11, 1, 10, 0, 0, 123456, tzinfo=UTC), "2026-11-01T10:00:00Z"),
        (datetime(2026, 1, 1, 23, 30, tzinfo=ZoneInfo("Europe/Berlin")), "2026-01-01T22:30:00Z"),
        (datetime(2026, 7, 1, 1, 0, tzinfo=timezone(timedelta(hours=-7))), "2026-07-01T08:00:00Z"),
        (datetime(1, 1, 1, tzinfo=UTC), "0001-01-01T00:00:00Z"),
    ],
)
def test_times_show_in_utc_to_the_second(moment: datetime, shown: str) -> None:
    assert iso(moment) == shown
    assert iso(TypeAdapter(datetime).validate_python(moment.isoformat())) == shown  # as parsed


def test_prune_drops_what_says_nothing_and_keeps_what_does() -> None:
    shown = {
        "title": "a\u200bb",
        "gone": None,
        "blank": "",
        "only_invisible": "\u200b\u202e",
        "none": [],
        "nothing": {},
        "zero": 0,
        "no": False,
        "nested": {"list": [None, "", "x", {"k": None}, ("y", None)], "empty": {"a": None}},
        "when": datetime(2026, 1, 1, 12, 0, 30, 5, tzinfo=UTC),
    }
    assert prune(shown) == {
        "title": "ab",
        "zero": 0,
        "no": False,
        "nested": {"list": ["x", ["y"]]},
        "when": "2026-01-01T12:00:30Z",
    }
