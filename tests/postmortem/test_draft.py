"""Golden drafts of sandbox incidents: timeline order, metrics and cells are pinned."""

from __future__ import annotations

from pathlib import Path

import httpx2
import pytest

from datadog_incidents_mcp.datadog import DatadogClient
from datadog_incidents_mcp.postmortem.draft import draft_cells, template_sections
from datadog_incidents_mcp.postmortem.facts import gather, metrics, timeline_of
from datadog_incidents_mcp.postmortem.reader import read_timeline
from datadog_incidents_mcp.sandbox import Sandbox
from tests import snapshots

pytestmark = pytest.mark.anyio
GOLDEN = Path(__file__).parent / "__snapshots__"
CHAT = """[09:03] mei: failover to replica started
09:20 CET - sam: writes still failing, rolling back config
2026-11-02T09:41:00Z mitigated: writes succeed again
someone should buy cake"""


def _uuid(sandbox: Sandbox, public_id: int) -> str:
    return next(
        r["id"]
        for r in sandbox.store["incidents"].values()
        if r["attributes"]["public_id"] == public_id
    )


@pytest.mark.parametrize(("public_id", "chat"), [(1, CHAT), (3, ""), (12, "")])
async def test_drafts_of_sandbox_incidents_match_their_golden_files(
    public_id: int, chat: str
) -> None:
    sandbox = Sandbox()
    transport = httpx2.ASGITransport(app=sandbox.app)
    async with DatadogClient(
        api_key="k", app_key="a", base_url="http://s.invalid", transport=transport
    ) as dd:
        facts = await gather(dd, _uuid(sandbox, public_id))
        template = (await dd.postmortem_templates.list()).data[0]
    anchor = facts.moment("declared")
    assert anchor is not None
    timeline = timeline_of(facts, read_timeline(chat, anchor=anchor), 80)
    values = metrics(facts)
    rows = [
        [e.at.isoformat() if e.at else None, e.author, e.text, e.source, e.flagged]
        for e in timeline.events
    ]
    golden = {
        "timeline": rows,
        "metrics": values.__dict__,
        "cells": draft_cells(facts, timeline, values),
        "template_cells": [
            c["id"]
            for c in draft_cells(
                facts, timeline, values, template_sections(template.attributes.content)
            )
        ],
    }
    assert snapshots.matches(GOLDEN / f"IR-{public_id}.json", golden), (
        "run with UPDATE_SNAPSHOTS=1 after checking"
    )
    times = [row[0] for row in rows if row[0]]
    assert times == sorted(times)


def test_template_headings_become_cells_and_unknown_ones_get_a_prompt() -> None:
    sections = template_sections(
        "# Postmortem\n## What happened\n## Customer impact\n## Vendor notes\n"
    )
    assert [(s.id, s.heading) for s in sections] == [
        ("postmortem", "Postmortem"),
        ("what_happened", "What happened"),
        ("customer_impact", "Customer impact"),
        ("vendor_notes", "Vendor notes"),
    ]
    assert [s.id for s in template_sections(None)][:3] == ["summary", "impact", "timeline"]
