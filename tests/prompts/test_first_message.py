"""Every prompt is whole in its first message: Gemini CLI passes on only that one, so a
second message of facts never reached its model."""

from __future__ import annotations

import pytest
from mcp import Client

from tests.prompts.helpers import split

pytestmark = pytest.mark.anyio


async def test_the_first_message_holds_the_instructions_and_all_the_facts(mcp: Client) -> None:
    listed = (await mcp.list_prompts()).prompts
    asked = {p.name: {"incident_id": "IR-12"} for p in listed}
    asked["shift_handoff"] = {}
    asked["status_update"] |= {"audience": "internal"}
    assert sorted(asked) == [
        "draft_postmortem",
        "shift_handoff",
        "status_update",
        "triage_incident",
    ]
    for name, arguments in asked.items():
        result = await mcp.get_prompt(name, arguments)
        first = result.messages[0].content.text  # type: ignore[union-attr]
        instructions, data = split(result)
        assert first.startswith(instructions) and "untrusted" in instructions, name
        assert data and first.endswith("</incident-data>"), name
