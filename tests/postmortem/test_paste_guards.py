"""What the drafting tool and the draft_postmortem prompt take as a pasted timeline, through
the MCP client: the same length limit, a refusal for JSON nested too deep, every line read
in linear time."""

from __future__ import annotations

import time

import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError

from datadog_incidents_mcp.postmortem.reader import MAX_PASTE_CHARS
from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, fail
from tests.postmortem.test_pathological import LIMIT, lines

pytestmark = pytest.mark.anyio
ENTRIES = ("tool", "prompt")


async def refusal(client: Client, entry: str, timeline: str) -> str:
    """The error the tool or the prompt answers for this timeline."""
    arguments = {"incident_id": "IR-1", "timeline": timeline}
    if entry == "tool":
        return await fail(client, "draft_postmortem_cells", arguments)
    with pytest.raises(MCPError) as raised:
        await client.get_prompt("draft_postmortem", arguments)
    return raised.value.error.message


async def draft(client: Client, entry: str, timeline: str) -> None:
    arguments = {"incident_id": "IR-1", "timeline": timeline}
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
        started = time.perf_counter()
        await draft(mcp, entry, "10:42 " + line[: MAX_PASTE_CHARS - 6])
        timings.append((time.perf_counter() - started, name))
    seconds, slowest = max(timings)
    assert seconds < LIMIT, f"{entry} with {slowest}: {seconds:.1f} s"
