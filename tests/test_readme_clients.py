"""The README's client configurations work as written: a real stdio client starts each of its
sandbox servers from the path the README's own install step creates."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from mcp import Client, StdioServerParameters

pytestmark = pytest.mark.anyio
README = (Path(__file__).parents[1] / "README.md").read_text()
CONNECT = README[README.index("## Connect a client") :].split("\n## ", 1)[0]
CHECKOUT = "/home/you/datadog-incidents-mcp"
# What step 1 (`python3 -m venv .venv && .venv/bin/pip install -e .`) puts next to the Python.
INSTALLED = Path(sys.executable).parent / "datadog-incidents-mcp"


def _json_configs() -> list[dict[str, Any]]:
    blocks = re.findall(r"```json\n(.*?)```", CONNECT, flags=re.DOTALL)
    return [json.loads(block) for block in blocks]


def _servers() -> list[dict[str, Any]]:
    servers: list[dict[str, Any]] = []
    for config in _json_configs():
        servers.extend((config.get("mcpServers") or config.get("servers") or {}).values())
    return servers


def _claude_code_commands() -> list[list[str]]:
    return [
        line.split(" -- ", 1)[1].split()
        for line in CONNECT.splitlines()
        if line.startswith("claude mcp add ")
    ]


def test_every_client_runs_the_absolute_path_and_has_a_sandbox_example() -> None:
    servers = _servers()
    assert len(_json_configs()) == 2 and len(servers) == 4
    commands = [s["command"] for s in servers] + [c[0] for c in _claude_code_commands()]
    assert set(commands) == {f"{CHECKOUT}/.venv/bin/datadog-incidents-mcp"}
    assert [s.get("args") for s in servers] == [None, ["--sandbox"], None, ["--sandbox"]]
    assert [c[1:] for c in _claude_code_commands()] == [[], ["--sandbox"]]


def test_the_examples_use_one_site() -> None:
    sites = set(re.findall(r'DD_SITE[=": ]+"?([a-z0-9.]+)', README))
    assert sites == {"datadoghq.com"}
    assert set(re.findall(r'site="([^"]+)"', README)) == {"datadoghq.com"}


def test_the_readme_says_the_package_is_not_published_yet() -> None:
    assert "not on PyPI yet" in CONNECT and "`uv tool install .` or `pipx install .`" in CONNECT
    assert "once published on PyPI (not yet)" in README


@pytest.mark.parametrize("index", [1, 3])
async def test_a_sandbox_server_starts_from_the_readme_config(index: int) -> None:
    server = _servers()[index]
    command = server["command"].replace(f"{CHECKOUT}/.venv/bin", str(INSTALLED.parent))
    assert Path(command) == INSTALLED and INSTALLED.exists()
    async with Client(StdioServerParameters(command=command, args=server["args"])) as client:
        me = await client.call_tool("get_current_user", {})
    assert me.structured_content and me.structured_content["user"]["name"] == "Alex Rivera"
    assert "Alex Rivera (alex.rivera@example.com)" in README
