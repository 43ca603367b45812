"""What the drafting tool and the draft_postmortem prompt take as a pasted timeline, through
the MCP client: the same length limit, a refusal for JSON nested too deep, every line read
in linear time, and the reading done while the event loop goes on serving others."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import anyio
import anyio.lowlevel
import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError

from datadog_incidents_mcp.postmortem import assembly
from datadog_incidents_mcp.postmortem.reader import MAX_PASTE_CHARS
from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, connect, fail
from tests.postmortem.test_pathological import LIMIT, lines

pytestmark = pytest.mark.anyio
ENTRIES = ("tool", "prompt")


async def refusal(client: Client, entry: str, timeline: str) -> str:
    """The error the tool or the prompt answers for this timeline."""
    arguments: dict[str, Any] = {"incident_id": "IR-1", "timeline": timeline}
    if entry == "tool":
        return await fail(client, "draft_postmortem_cells", arguments)
    with pytest.raises(MCPError) as raised:
        await client.get_prompt("draft_postmortem", arguments)
    return raised.value.error.message


async def draft(client: Client, entry: str, timeline: str) -> None:
    arguments: dict[str, Any] = {"incident_id": "IR-1", "timeline": timeline}
    if entry == "tool":
        await call(client, "draft_postmortem_cells", arguments)
    else:
        await client.get_prompt("draft_postmortem", arguments)


@pytest.mark.parametrize("entry", ENTRIES)
async def test_a_paste_over_the_limit_is_refused_naming_the_argument(
    mcp: Client, sandbox: Sandbox, entry: str
) -> None:
    said = await refusal(mcp, entry, "10:42 Jane: it is down\n" * (MAX_PASTE_CHARS // 20))
    assert "timeline" in said and ("200,000" in said or "200000" in said), said
    assert not sandbox.requests


@pytest.mark.parametrize("entry", ENTRIES)
@pytest.mark.parametrize(
    "nested",
    ["[" * 100_000, '{"a": ' * 5_000 + "1" + "}" * 5_000],
    ids=["100,000 brackets", "objects 5,000 deep"],
)
async def test_json_nested_too_deep_is_refused_before_anything_is_fetched(
    mcp: Client, sandbox: Sandbox, entry: str, nested: str
) -> None:
    said = await refusal(mcp, entry, nested)
    assert said.startswith("invalid argument `timeline`: its JSON is nested too deep"), said
    assert "64 levels" in said
    assert not sandbox.requests


async def test_an_export_is_read_up_to_64_levels_deep(mcp: Client) -> None:
    """Through the prompt: the tool's SDK parses JSON-looking arguments first (issue 28)."""

    def export(depth: int) -> str:
        inner = "[" * (depth - 3) + "]" * (depth - 3)  # inside the object inside the list
        return f'{{"events": [{{"time": "2026-11-13T10:42:00Z", "text": "x", "data": {inner}}}]}}'

    await draft(mcp, "prompt", export(64))
    said = await refusal(mcp, "prompt", export(65))
    assert "nested too deep" in said


@pytest.mark.parametrize("entry", ENTRIES)
async def test_no_line_takes_a_draft_past_a_second(mcp: Client, entry: str) -> None:
    await draft(mcp, entry, "")  # the first call pays for imports and caches
    timings: list[tuple[float, str]] = []
    for name, line in lines().items():
        # The whole process's CPU: the reading runs in a worker thread, and nothing else runs here
        started = time.process_time()
        await draft(mcp, entry, "10:42 " + line[: MAX_PASTE_CHARS - 6])
        timings.append((time.process_time() - started, name))
    seconds, slowest = max(timings)
    assert seconds < LIMIT, f"{entry} with {slowest}: {seconds:.1f} s"


@pytest.mark.parametrize("entry", ENTRIES)
async def test_the_event_loop_keeps_serving_while_a_paste_is_read(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, entry: str
) -> None:
    ticks = 0
    during: list[int] = []
    reading = assembly.read_timeline

    def read_and_count(*args: Any, **kwargs: Any) -> Any:
        """The real reader; how often the other task ticked while it ran."""
        before = ticks
        read = reading(*args, **kwargs)
        during.append(ticks - before)
        return read

    async def tick(stop: Callable[[], bool]) -> None:
        nonlocal ticks
        while not stop():
            ticks += 1
            await anyio.lowlevel.checkpoint()

    monkeypatch.setattr(assembly, "read_timeline", read_and_count)
    chat = "".join(
        f"Jane Doe  [10:{n % 60:02d} AM]\nstill looking at the replica {n}\n" for n in range(3000)
    )
    done = anyio.Event()
    async with connect(sandbox) as client, anyio.create_task_group() as group:
        group.start_soon(tick, lambda: done.is_set())
        await draft(client, entry, chat[:MAX_PASTE_CHARS])
        done.set()
    assert len(during) == 1 and during[0] > 0, during
