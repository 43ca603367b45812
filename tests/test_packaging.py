"""Install metadata and the MCP registry's server.json stay in step with the project."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from datadog_incidents_mcp import __version__
from datadog_incidents_mcp.datadog import SITES

ROOT = Path(__file__).parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
SERVER = json.loads((ROOT / "server.json").read_text())


def test_one_version_everywhere() -> None:
    package = SERVER["packages"][0]
    assert PROJECT["version"] == __version__ == SERVER["version"] == package["version"]
    assert package["identifier"] == PROJECT["name"] and package["registryType"] == "pypi"


def test_server_json_follows_the_registry_schema_rules() -> None:
    """The 2025-09-29 server.schema.json's constraints, checked without a network."""
    assert SERVER["$schema"].endswith("/2025-09-29/server.schema.json")
    assert re.fullmatch(r"[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+", SERVER["name"])
    assert 1 <= len(SERVER["description"]) <= 100
    assert set(SERVER) <= {
        "$schema",
        "name",
        "description",
        "version",
        "repository",
        "websiteUrl",
        "packages",
        "remotes",
        "_meta",
    }
    for package in SERVER["packages"]:
        assert {"registryType", "identifier", "version", "transport"} <= set(package)
        assert package["version"] != "latest" and not re.search(r"[\^~<>*x]", package["version"])
        assert package["transport"] == {"type": "stdio"}
        for variable in package["environmentVariables"]:
            assert set(variable) <= {
                "name",
                "description",
                "isRequired",
                "isSecret",
                "default",
                "choices",
                "format",
            }
    variables = {v["name"]: v for v in SERVER["packages"][0]["environmentVariables"]}
    assert variables["DD_API_KEY"]["isSecret"] and variables["DD_APP_KEY"]["isSecret"]
    assert variables["DD_SITE"]["choices"] == list(SITES)


def test_the_readme_names_the_server_for_registry_verification() -> None:
    assert f"mcp-name: {SERVER['name']}" in (ROOT / "README.md").read_text()


def test_the_readme_names_the_python_it_needs_before_the_first_command() -> None:
    """On an older Python, step 1 fails on a dependency with no word about Python."""
    oldest = PROJECT["requires-python"].removeprefix(">=")
    before_step_1 = (ROOT / "README.md").read_text().split("# 1. Install")[0]
    assert f"Python {oldest} or newer" in before_step_1


def test_the_console_script_and_module_entry_points_run() -> None:
    assert PROJECT["scripts"] == {"datadog-incidents-mcp": "datadog_incidents_mcp.server.cli:main"}
    result = subprocess.run(
        [sys.executable, "-m", "datadog_incidents_mcp", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == f"datadog-incidents-mcp {__version__}"


def test_the_wheel_ships_the_type_marker_and_the_tool_manifest(tmp_path: Path) -> None:
    """The client is offered as a library: without `py.typed` a type checker treats it as
    untyped. The manifest is what start-up lists tools from."""
    from hatchling.builders.wheel import WheelBuilder

    wheel = next(
        iter(WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"]))
    )
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"datadog_incidents_mcp/py.typed", "datadog_incidents_mcp/tools/manifest.json"} <= names
