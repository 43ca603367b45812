"""Failed calls reach the client's log; long operations report progress."""

from __future__ import annotations

from typing import Any

import pytest

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import connect

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_a_failed_call_is_also_sent_to_the_client_log(sandbox: Sandbox, mode: str) -> None:
    logged: list[Any] = []

    async def on_log(params: Any) -> None:
        logged.append(params)

    async with connect(sandbox, mode=mode, logging_callback=on_log, log_level="info") as client:
        result = await client.call_tool("get_incident", {"incident_id": "IR-404"})
    assert result.is_error
    assert [(p.level, p.data["tool"]) for p in logged] == [("error", "get_incident")]
    assert "no incident has public ID 404" in logged[0].data["error"]


async def test_drafting_and_public_id_lookups_report_progress(sandbox: Sandbox) -> None:
    seen: list[str] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append(message or "")

    async with connect(sandbox) as client:
        await client.call_tool(
            "draft_postmortem_cells", {"incident_id": "IR-3"}, progress_callback=on_progress
        )
    assert seen == [
        "looked through 12 incidents",
        "gathering the incident's records",
        "building the timeline",
        "draft ready",
    ]
