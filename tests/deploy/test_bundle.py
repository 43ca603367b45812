"""The MCP Bundle for Claude Desktop: a valid manifest, built into a folder that serves MCP.

The official `@anthropic-ai/mcpb` CLI validates and packs, through npx (skipped where Node.js
is absent, as for the Inspector test). The built folder's package is started over stdio from
the bundle's own copy of the source; the host would install its dependencies with uv.
"""

from __future__ import annotations

import json
import os
import runpy
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client, StdioServerParameters

from datadog_incidents_mcp import __version__
from datadog_incidents_mcp.datadog import SITES
from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import connect, sandbox_settings

ROOT = Path(__file__).parents[2]
BUILD = ROOT / "deploy" / "mcpb" / "build.py"
MANIFEST_PATH = ROOT / "deploy" / "mcpb" / "manifest.json"
MANIFEST = json.loads(MANIFEST_PATH.read_text())
# The pinned CLI version, shared with the build script that packs with it.
MCPB_CLI = runpy.run_path(str(BUILD))["MCPB_CLI"]

needs_npx = pytest.mark.skipif(shutil.which("npx") is None, reason="the mcpb CLI needs node (npx)")


def _mcpb(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["npx", "-y", MCPB_CLI, *arguments], capture_output=True, text=True, timeout=300
    )


def _build(*arguments: str) -> None:
    result = subprocess.run(
        [sys.executable, str(BUILD), *arguments], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]


def test_the_manifest_carries_the_package_version() -> None:
    assert MANIFEST["version"] == __version__


@needs_npx
def test_the_official_cli_validates_the_manifest() -> None:
    result = _mcpb("validate", str(MANIFEST_PATH))
    assert result.returncode == 0, result.stdout + result.stderr


def test_keys_are_asked_for_as_secrets_and_reach_the_server_as_environment() -> None:
    options: dict[str, dict[str, Any]] = MANIFEST["user_config"]
    for key in ("dd_api_key", "dd_app_key"):
        assert options[key]["type"] == "string"
        assert options[key]["sensitive"] is True and options[key]["required"] is True
    site = options["dd_site"]
    assert site["default"] == "datadoghq.com" and not site.get("sensitive")
    assert all(name in site["description"] for name in SITES)
    assert MANIFEST["server"]["mcp_config"]["env"] == {
        "DD_API_KEY": "${user_config.dd_api_key}",
        "DD_APP_KEY": "${user_config.dd_app_key}",
        "DD_SITE": "${user_config.dd_site}",
    }


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    built = tmp_path_factory.mktemp("mcpb") / "bundle"
    _build("--out", str(built))
    return built


def test_the_bundle_folder_holds_the_package_as_uv_installs_it(folder: Path) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    bundled = tomllib.loads((folder / "pyproject.toml").read_text())["project"]
    for key in ("name", "version", "requires-python", "dependencies", "scripts"):
        assert bundled[key] == project[key], key
    server = MANIFEST["server"]
    assert server["type"] == "uv" and (folder / server["entry_point"]).is_file()
    assert server["mcp_config"]["command"] == "uv"
    assert server["mcp_config"]["args"][-1] in bundled["scripts"]
    assert not list(folder.rglob("__pycache__"))
    imported = subprocess.run(
        [sys.executable, "-c", "import datadog_incidents_mcp as m; print(m.__file__)"],
        env={**os.environ, "PYTHONPATH": str(folder / "src")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert Path(imported.stdout.strip()).is_relative_to(folder), "the next test runs this copy"


@pytest.mark.anyio
async def test_the_bundled_source_serves_mcp_over_stdio(folder: Path, sandbox: Sandbox) -> None:
    """The bundle's copy (ahead of the checkout's on PYTHONPATH, shown above) serves the same
    default tools as the checkout's in-memory server."""
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "datadog_incidents_mcp", "--sandbox"],
        env={"PYTHONPATH": str(folder / "src")},
        cwd=str(folder.parent),
    )
    with anyio.fail_after(120):
        async with connect(sandbox, settings=sandbox_settings(toolsets="default")) as checkout:
            expected = {tool.name for tool in (await checkout.list_tools()).tools}
        async with Client(params) as client:
            assert {tool.name for tool in (await client.list_tools()).tools} == expected
            found = await client.call_tool("search_incidents", {"state": ["active"]})
            assert not found.is_error and found.structured_content
            assert found.structured_content["total"] == 4


@needs_npx
def test_packing_writes_an_mcpb_archive_of_the_folder(tmp_path: Path) -> None:
    archive = tmp_path / "datadog-incidents-mcp.mcpb"
    _build("--out", str(tmp_path / "bundle"), "--pack", "--mcpb", str(archive))
    names = zipfile.ZipFile(archive).namelist()
    assert {"manifest.json", "pyproject.toml", MANIFEST["server"]["entry_point"]} <= set(names)
    assert not [name for name in names if "__pycache__" in name or name.startswith("tests/")]
