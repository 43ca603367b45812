"""A prompt, resource or completion reference the server does not have: -32602 naming the
ones there are, on the 2026-07-28 protocol as on older ones, and no traceback."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import pytest
from mcp import Client, MCPError
from mcp.types import PromptReference, ResourceTemplateReference

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import connect

pytestmark = pytest.mark.anyio
PROMPTS = "the prompts are draft_postmortem, triage_incident, status_update, shift_handoff"
TEMPLATES = "datadog-incident://{incident_id}, datadog-incident://{incident_id}/timeline"
ASKS: dict[str, tuple[Callable[[Client], Awaitable[object]], str]] = {
    "prompts/get": (
        lambda c: c.get_prompt("draft_postmortm", {"incident_id": "IR-1"}),
        f"Unknown prompt: draft_postmortm; {PROMPTS}",
    ),
    "resources/read": (
        lambda c: c.read_resource("datadog-incidents://IR-1"),
        f"Unknown resource: datadog-incidents://IR-1; resources are read at {TEMPLATES}",
    ),
    "completion of a prompt": (
        lambda c: c.complete(
            PromptReference(type="ref/prompt", name="triage"), {"name": "incident_id", "value": ""}
        ),
        f"Unknown prompt: triage; {PROMPTS}",
    ),
    "completion of a template": (
        lambda c: c.complete(
            ResourceTemplateReference(type="ref/resource", uri="datadog-incident://{id}"),
            {"name": "id", "value": ""},
        ),
        f"Unknown resource template: datadog-incident://{{id}}; the templates are {TEMPLATES}",
    ),
}


@pytest.mark.parametrize("mode", ["legacy", "auto"], ids=["2025-11-25", "2026-07-28"])
@pytest.mark.parametrize("ask", ASKS)
async def test_an_unknown_name_is_invalid_params_naming_what_there_is(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture, mode: str, ask: str
) -> None:
    request, message = ASKS[ask]
    caplog.set_level(logging.WARNING)
    async with connect(sandbox, mode=mode) as client:
        with pytest.raises(MCPError) as refused:
            await request(client)
    assert (refused.value.code, refused.value.message) == (-32602, message)
    assert not [r for r in caplog.records if r.exc_info]
