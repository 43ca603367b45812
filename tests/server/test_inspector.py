"""The official MCP Inspector CLI lists the tools and calls one, as a user would check a server."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.server.processes import STDIO_SANDBOX

INSPECTOR = "@modelcontextprotocol/inspector@2.12.0"

pytestmark = pytest.mark.skipif(
    shutil.which("npx") is None, reason="the Inspector needs node (npx)"
)


def _inspect(*arguments: str) -> dict[str, object]:
    command = ["npx", "-y", INSPECTOR, "--cli", *STDIO_SANDBOX, *arguments]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def test_the_inspector_lists_tools_and_calls_one() -> None:
    listed = _inspect("--method", "tools/list")
    names = [tool["name"] for tool in listed["tools"]]  # type: ignore[union-attr, index]
    assert "search_incidents" in names and len(names) == 23
    called = _inspect(
        "--method",
        "tools/call",
        "--tool-name",
        "search_incidents",
        "--tool-arg",
        'state=["active"]',
    )
    assert called["structuredContent"]["total"] == 4  # type: ignore[index]
    assert not called.get("isError")
