"""The demo walks the whole triage story on the sandbox and prints every step."""

from __future__ import annotations

import subprocess
import sys

import pytest

from datadog_incidents_mcp.server.demo import run_demo

pytestmark = pytest.mark.anyio


async def test_the_demo_story_runs_end_to_end() -> None:
    lines: list[str] = []
    await run_demo(lines.append)
    text = "\n".join(lines)
    for expected in (
        "1. Find the active SEV-1 and SEV-2 incidents",
        "IR-12  SEV-1  Checkout API 5xx spike in us-east-1",
        "Jordan Blake <jordan.blake@example.com> joined",
        "State: resolved",
        "[timeline] a table of",
        "7. Publish it after review",
        "Published: Postmortem: Checkout API 5xx spike in us-east-1",
    ):
        assert expected in text


def test_the_demo_command_exits_0_and_prints_to_stdout() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "datadog_incidents_mcp", "demo"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Done." in result.stdout and "Traceback" not in result.stderr
