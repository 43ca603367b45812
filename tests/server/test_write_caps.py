"""--max-writes-per-minute and --max-creates-per-hour: a looping agent is stopped early,
told when it may write again; reads are never capped. On a virtual clock."""

from __future__ import annotations

import json
from pathlib import Path

import anyio
import pytest
from mcp.types import ElicitResult

from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.server.config import ConfigError
from tests.conftest import call, connect, fail, sandbox_settings
from tests.datadog.virtual_clock import VirtualClockLoop

ON_A_VIRTUAL_CLOCK = pytest.mark.parametrize(
    "anyio_backend", [("asyncio", {"loop_factory": VirtualClockLoop})]
)
pytestmark = pytest.mark.anyio
CHANGE = {"incident_id": "IR-2", "severity": "SEV-3"}


@ON_A_VIRTUAL_CLOCK
async def test_writes_beyond_the_cap_are_refused_until_the_minute_has_passed(
    sandbox: Sandbox,
) -> None:
    settings = sandbox_settings(max_writes_per_minute=2)
    change = {"incident_id": "IR-2", "severity": "SEV-3"}
    async with connect(sandbox, settings=settings) as client:
        await call(client, "update_incident", change)
        await anyio.sleep(20)
        await call(client, "update_incident", change)
        text = await fail(client, "update_incident", change)
        assert text.startswith(
            "refused: the cap of 2 writes a minute (--max-writes-per-minute) is reached; "
            "nothing was sent. Writes are allowed again in 40 s."
        ), text
        for _ in range(5):  # reads are never capped
            await call(client, "get_incident", {"incident_id": "IR-2"})
        await anyio.sleep(41)
        await call(client, "update_incident", change)
    assert sandbox.count("PATCH") == 3


@ON_A_VIRTUAL_CLOCK
async def test_a_loop_of_creates_stops_at_the_hourly_cap(sandbox: Sandbox) -> None:
    settings = sandbox_settings(max_creates_per_hour=3, max_writes_per_minute=100)
    refused: list[int] = []
    async with connect(sandbox, settings=settings) as client:
        for attempt in range(10):
            result = await client.call_tool(
                "create_incident_todo", {"incident_id": "IR-1", "content": f"step {attempt}"}
            )
            if result.is_error:
                refused.append(attempt)
                text = result.content[0].text  # type: ignore[union-attr]
                assert "(--max-creates-per-hour)" in text and "in 3600 s" in text, text
        await call(client, "update_incident", {"incident_id": "IR-1", "severity": "SEV-2"})
    assert refused == list(range(3, 10))
    assert sandbox.count("POST", "/todos$") == 3


@pytest.mark.parametrize("flag", ["max_writes_per_minute", "max_creates_per_hour"])
def test_a_cap_below_one_is_refused_at_start(flag: str) -> None:
    with pytest.raises(ConfigError, match="must be a whole number of at least 1, got 0"):
        sandbox_settings(**{flag: 0})


async def test_a_declined_write_does_not_use_up_the_cap(sandbox: Sandbox) -> None:
    answers = iter([False, True])

    async def answer(ctx: object, params: object) -> ElicitResult:
        return ElicitResult(action="accept", content={"confirm": next(answers)})

    settings = sandbox_settings(max_writes_per_minute=1, confirm="writes")
    async with connect(sandbox, settings=settings, elicitation_callback=answer) as client:
        assert (await fail(client, "update_incident", CHANGE)).startswith("declined:")
        await call(client, "update_incident", CHANGE)
    assert sandbox.count("PATCH") == 1


@ON_A_VIRTUAL_CLOCK
async def test_an_org_that_is_no_name_is_refused_by_the_cap_like_any_other(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    """The cap answers, and the trail records the refusal, before the arguments are checked,
    so `org` may be any JSON value."""
    trail = tmp_path / "audit.jsonl"
    settings = sandbox_settings(max_writes_per_minute=1, audit_log=str(trail))
    async with connect(sandbox, settings=settings) as client:
        await call(client, "update_incident", CHANGE)
        for org in (["prod"], {"name": "prod"}, 7):
            text = await fail(client, "update_incident", {**CHANGE, "org": org})
            assert text.startswith("refused: the cap of 1 writes a minute"), text
    assert sandbox.count("PATCH") == 1
    outcomes = [json.loads(line)["outcome"] for line in trail.read_text().splitlines()]
    assert outcomes == ["done", "refused", "refused", "refused"]
