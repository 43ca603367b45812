"""The client pages' configurations work as written: a real stdio client starts each page's
sandbox server from the path the README's own install step creates."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from mcp import Client, StdioServerParameters

pytestmark = pytest.mark.anyio
ROOT = Path(__file__).parents[1]
CLIENTS = ROOT / "docs" / "clients"
PAGES = {path.stem: path.read_text() for path in sorted(CLIENTS.glob("*.md"))}
CLIENT_PAGES = {name: text for name, text in PAGES.items() if name != "README"}
# Every page a reader may copy a client configuration from.
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
CHECKOUT = "/home/you/datadog-incidents-mcp"
COMMAND = f"{CHECKOUT}/.venv/bin/datadog-incidents-mcp"
# What step 1 (`python3 -m venv .venv && .venv/bin/pip install -e .`) puts next to the Python.
INSTALLED = Path(sys.executable).parent / "datadog-incidents-mcp"


def _servers(page: str) -> dict[str, dict[str, Any]]:
    """The stdio servers of a page's JSON configurations, by name."""
    servers: dict[str, dict[str, Any]] = {}
    for block in re.findall(r"```json\n(.*?)```", page, flags=re.DOTALL):
        config = json.loads(block)
        servers.update(config.get("mcpServers") or config.get("servers") or {})
    return servers


def _claude_code_commands(page: str) -> dict[str, list[str]]:
    """`claude mcp add NAME ... -- COMMAND ARGS` lines, by server name."""
    return {
        line.split()[3]: line.split(" -- ", 1)[1].split()
        for line in page.splitlines()
        if line.startswith("claude mcp add ") and " -- " in line
    }


def _runs(name: str) -> dict[str, list[str]]:
    """Each server a client page configures, as its command line."""
    page = CLIENT_PAGES[name]
    if name == "claude-code":
        return _claude_code_commands(page)
    return {key: [s["command"], *s.get("args", [])] for key, s in _servers(page).items()}


def test_there_is_a_page_for_each_client_the_readme_names() -> None:
    assert set(CLIENT_PAGES) == {"claude-desktop", "claude-code", "cursor", "vscode"}
    readme = (ROOT / "README.md").read_text()
    assert all(f"docs/clients/{name}.md" in readme for name in CLIENT_PAGES)


@pytest.mark.parametrize("name", sorted(CLIENT_PAGES))
def test_every_client_runs_the_absolute_path_and_has_a_sandbox_example(name: str) -> None:
    assert _runs(name) == {
        "datadog-incidents": [COMMAND],
        "datadog-sandbox": [COMMAND, "--sandbox"],
    }


def test_the_examples_use_one_site() -> None:
    text = "\n".join(path.read_text() for path in DOCS)
    assert set(re.findall(r'DD_SITE[=": ]+"?([a-z0-9.]+)', text)) == {"datadoghq.com"}
    assert set(re.findall(r'site="([^"]+)"', text)) == {"datadoghq.com"}


def test_the_docs_say_the_package_is_not_published_yet() -> None:
    install = (ROOT / "docs" / "install.md").read_text()
    assert "not on PyPI yet" in install and "`uv tool install .` or `pipx install .`" in install
    assert "once published on PyPI (not yet)" in install


@pytest.mark.parametrize("name", ["claude-desktop", "vscode"])
async def test_a_sandbox_server_starts_from_the_page_config(name: str) -> None:
    server = _servers(CLIENT_PAGES[name])["datadog-sandbox"]
    command = server["command"].replace(f"{CHECKOUT}/.venv/bin", str(INSTALLED.parent))
    assert Path(command) == INSTALLED and INSTALLED.exists()
    async with Client(StdioServerParameters(command=command, args=server["args"])) as client:
        me = await client.call_tool("get_current_user", {})
    assert me.structured_content and me.structured_content["user"]["name"] == "Alex Rivera"
    assert "Alex Rivera (alex.rivera@example.com)" in PAGES["README"]
