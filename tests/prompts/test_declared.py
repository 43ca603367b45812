"""Prompts are declared from their signatures without the SDK's pydantic models, so a start
costs less: what prompts/list shows must still be what the SDK would derive. (Their checks
are built at the first render: each test in test_status_update renders first on its server.)"""

from __future__ import annotations

import inspect

import pytest
from mcp import Client
from mcp.server.mcpserver.prompts.base import Prompt

from datadog_incidents_mcp.prompts.handoff import shift_handoff
from datadog_incidents_mcp.prompts.postmortem import draft_postmortem
from datadog_incidents_mcp.prompts.status_update import status_update
from datadog_incidents_mcp.prompts.triage import triage_incident

pytestmark = pytest.mark.anyio


async def test_each_prompt_lists_what_the_sdk_would_derive_from_its_function(
    mcp: Client,
) -> None:
    listed = {p.name: p for p in (await mcp.list_prompts()).prompts}
    for fn in (triage_incident, status_update, shift_handoff, draft_postmortem):
        derived = Prompt.from_function(fn)
        shown = listed[derived.name]
        assert shown.description == inspect.cleandoc(derived.description or "")
        assert [(a.name, a.description, a.required) for a in shown.arguments or []] == [
            (a.name, a.description, a.required) for a in derived.arguments or []
        ]


async def test_prompt_descriptions_lose_the_docstring_indentation(mcp: Client) -> None:
    """Clients show a description as it comes: a docstring's indentation reads as `\\n    `."""
    for prompt in (await mcp.list_prompts()).prompts:
        lines = (prompt.description or "").splitlines()
        assert lines and all(line == line.lstrip() for line in lines), prompt.name
