"""Argument completion for the on-call prompts: open incidents and audiences."""

from __future__ import annotations

import pytest
from mcp import Client
from mcp.types import PromptReference

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("name", ["triage_incident", "status_update", "shift_handoff"])
async def test_incident_ids_offered_are_the_open_ones(mcp: Client, name: str) -> None:
    ref = PromptReference(type="ref/prompt", name=name)
    offered = await mcp.complete(ref, {"name": "incident_id", "value": ""})
    assert offered.completion.values == ["IR-12", "IR-11", "IR-10", "IR-9", "IR-8", "IR-7"]
    by_title = await mcp.complete(ref, {"name": "incident_id", "value": "webhook"})
    assert by_title.completion.values == ["IR-8"]


async def test_audiences_are_completed_from_the_fixed_list(mcp: Client) -> None:
    ref = PromptReference(type="ref/prompt", name="status_update")
    every = await mcp.complete(ref, {"name": "audience", "value": ""})
    assert every.completion.values == ["internal", "customers", "executives"]
    typed = await mcp.complete(ref, {"name": "audience", "value": "Ex"})
    assert typed.completion.values == ["executives"]


async def test_arguments_are_declared_required_only_where_they_are(mcp: Client) -> None:
    listed = {p.name: p for p in (await mcp.list_prompts()).prompts}
    required = {
        name: {a.name: a.required for a in listed[name].arguments or []}
        for name in ("triage_incident", "status_update", "shift_handoff")
    }
    assert required == {
        "triage_incident": {"incident_id": False},
        "status_update": {"incident_id": True, "audience": True, "since": False, "notes": False},
        "shift_handoff": {"incident_id": False, "notes": False},
    }
    assert all(a.description for p in listed.values() for a in p.arguments or [])
