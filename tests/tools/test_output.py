"""The size budget and paging notes every list tool relies on, and detail=full."""

from __future__ import annotations

import pytest
from mcp import Client

from datadog_incidents_mcp.tools._output import MAX_RESULT_CHARS, listed, next_page, paged
from tests.conftest import call

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
