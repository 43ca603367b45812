"""Once tools are listed, the server loads what a first question needs (server/warm.py)."""

from __future__ import annotations

import json
import subprocess
import sys

_FIRST_CALL_IN_A_FRESH_PROCESS = """
import json, sys, anyio
from mcp import Client
from datadog_incidents_mcp.server.app import build_server
from datadog_incidents_mcp.server.config import Flags, resolve_settings
from datadog_incidents_mcp.server.warm import PROMPT_MODULES

def ours():
    return {name for name in sys.modules if name.startswith("datadog_incidents_mcp")}

async def main():
    async with Client(build_server(resolve_settings({}, Flags(sandbox=True)))) as client:
        await client.list_tools()
        listed = ours()
        with anyio.fail_after(60):
            while PROMPT_MODULES[-1] not in sys.modules:  # the warm-up's last step
                await anyio.sleep(0.05)
        warm = ours()
        for tool, arguments in [
            ("search_incidents", {"state": ["active"]}),
            ("get_incident", {"incident_id": "IR-12"}),
        ]:
            assert not (await client.call_tool(tool, arguments)).is_error
        await client.get_prompt("triage_incident", {"incident_id": "IR-12"})
        called = ours()
    print(json.dumps({"listed": sorted(listed), "warm": sorted(warm), "called": sorted(called)}))

anyio.run(main)
"""


def test_the_first_calls_find_their_code_loaded_once_tools_are_listed() -> None:
    """A fact, not a timing: after listing and a pause (a person typing), the first search,
    the first incident read and the first triage prompt import nothing more, and the
    sandbox is seeded by then (its modules are in)."""
    run = subprocess.run(
        [sys.executable, "-c", _FIRST_CALL_IN_A_FRESH_PROCESS],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    modules = {stage: set(names) for stage, names in json.loads(run.stdout).items()}
    loaded = modules["warm"] - modules["listed"]
    assert {
        "datadog_incidents_mcp.tools.resources.incidents",
        "datadog_incidents_mcp.sandbox.seed",
        "datadog_incidents_mcp.postmortem.draft",
    } <= loaded
    assert modules["called"] == modules["warm"], " ".join(
        sorted(modules["called"] - modules["warm"])
    )
