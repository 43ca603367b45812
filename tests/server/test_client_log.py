"""Log notifications a client asked for with `logging/setLevel` (protocols before 2026-07-28)."""

from __future__ import annotations

import pytest
from mcp.types import LoggingMessageNotificationParams

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import connect

# logging/setLevel is deprecated from 2026-07-28 on, which is why older clients still send it.
pytestmark = [pytest.mark.anyio, pytest.mark.filterwarnings("ignore::mcp.MCPDeprecationWarning")]


async def test_set_level_filters_the_log_notifications_of_failed_calls(sandbox: Sandbox) -> None:
    received: list[LoggingMessageNotificationParams] = []

    async def on_log(params: LoggingMessageNotificationParams) -> None:
        received.append(params)

    async def fail_a_call() -> None:
        result = await client.call_tool("get_incident", {"incident_id": "IR-999"})
        assert result.is_error

    async with connect(sandbox, mode="legacy", logging_callback=on_log) as client:
        assert client.server_capabilities is not None
        assert client.server_capabilities.logging is not None
        await fail_a_call()  # nothing asked yet: every level is sent
        await client.set_logging_level("critical")  # pyright: ignore[reportDeprecated]
        await fail_a_call()
        await client.set_logging_level("warning")  # pyright: ignore[reportDeprecated]
        await fail_a_call()
    assert [(p.level, p.data["tool"]) for p in received] == [("error", "get_incident")] * 2
