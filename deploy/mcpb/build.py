"""Assemble the MCP Bundle (.mcpb) that Claude Desktop installs with one click.

The bundle uses the manifest's `uv` server type: it carries the package source and a
pyproject.toml, and the host installs the dependencies with uv on the user's machine. The
`python` type would need every dependency inside the bundle, and pydantic's compiled core
cannot be bundled portably across macOS, Windows and Linux.

    python deploy/mcpb/build.py                # the bundle folder in build/mcpb/
    python deploy/mcpb/build.py --pack         # and dist/datadog-incidents-mcp-<version>.mcpb

Packing runs the official CLI through npx (Node.js), pinned to the version the tests use.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = Path(__file__).resolve().with_name("manifest.json")
MCPB_CLI = "@anthropic-ai/mcpb@2.1.2"

# What uv needs to install the package from the bundle; the rest of the repository's
# pyproject.toml (dev extras, tool settings, the README as long description) stays out.
_PROJECT_KEYS = ("name", "version", "description", "requires-python", "license", "dependencies")


def _toml(value: str | list[str]) -> str:
    """A TOML value: JSON's string escapes are valid in TOML basic strings."""
    if isinstance(value, str):
        return json.dumps(value)
    return "[" + ", ".join(json.dumps(item) for item in value) + "]"


def bundle_pyproject(pyproject: dict[str, Any]) -> str:
    """The bundle's pyproject.toml: build system, install metadata, console script."""
    project = pyproject["project"]
    build = pyproject["build-system"]
    lines = ["[build-system]"]
    lines += [f"{key} = {_toml(build[key])}" for key in ("requires", "build-backend")]
    lines += ["", "[project]"]
    lines += [f"{key} = {_toml(project[key])}" for key in _PROJECT_KEYS]
    lines += ["", "[project.scripts]"]
    lines += [
        f"{json.dumps(name)} = {_toml(target)}" for name, target in project["scripts"].items()
    ]
    wheel = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]
    lines += ["", "[tool.hatch.build.targets.wheel]", f"packages = {_toml(wheel['packages'])}"]
    return "\n".join(lines) + "\n"


def assemble(out: Path) -> dict[str, Any]:
    """Write the bundle folder at `out` (replacing it) and return its manifest."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    manifest = json.loads(MANIFEST.read_text())
    version = pyproject["project"]["version"]
    if manifest["version"] != version:
        raise SystemExit(
            f"{MANIFEST.relative_to(ROOT)} says version {manifest['version']}, the package is "
            f"{version}: update the manifest"
        )
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copy(MANIFEST, out / "manifest.json")
    (out / "pyproject.toml").write_text(bundle_pyproject(pyproject))
    for package in pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]:
        shutil.copytree(
            ROOT / package, out / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    return manifest


def pack(folder: Path, output: Path) -> None:
    """Zip the folder into a .mcpb with the official CLI, which validates the manifest first."""
    npx = shutil.which("npx")
    if npx is None:
        raise SystemExit("packing needs Node.js (npx); the bundle folder is ready to zip by hand")
    output.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([npx, "-y", MCPB_CLI, "pack", str(folder), str(output)], check=True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--out", type=Path, default=ROOT / "build" / "mcpb", help="bundle folder to write"
    )
    parser.add_argument("--pack", action="store_true", help="also pack the folder into a .mcpb")
    parser.add_argument(
        "--mcpb", type=Path, help="where --pack writes (default dist/<name>-<version>.mcpb)"
    )
    args = parser.parse_args(argv)
    manifest = assemble(args.out)
    print(f"bundle folder: {args.out}", file=sys.stderr)
    if args.pack:
        default = ROOT / "dist" / f"{manifest['name']}-{manifest['version']}.mcpb"
        pack(args.out, args.mcpb or default)


if __name__ == "__main__":
    main()
