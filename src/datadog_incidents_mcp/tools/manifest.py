"""The shipped tools/list: every tool as clients see it, so start-up need not build them.

It is the one copy of the wire schema: tests/__toolsnaps__ is its per-tool view for review,
written from it and compared with it (tests/test_tool_schemas.py).

    python -m datadog_incidents_mcp.tools.manifest    # rewrite tools/manifest.json
    UPDATE_SNAPSHOTS=1 pytest tests/tools/test_lazy.py  # the same, with the other snapshots

The manifest is made by the eager build (`build_tool` into an `MCPServer`, whose tools/list
the toolsnaps also pin) and stored as sent on the wire, with a digest of the sources it came
from: this package's tools/, calls/ and datadog/ (tool signatures, shared parameters,
docstrings, output models) and the pydantic version (it writes the schemas). At start-up a
missing or stale manifest is not used: every tool is then built eagerly, as before, and
tests/tools/test_lazy.py fails with the command above. An SDK upgrade is not in the digest
(reading its version costs more than the rest); the same test catches one that changes a
schema.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic
from mcp.server import MCPServer
from mcp.server.mcpserver.tools.base import Tool

from datadog_incidents_mcp.calls.orgs import Orgs
from datadog_incidents_mcp.datadog.sites import DEFAULT_SITE
from datadog_incidents_mcp.tools import registry
from datadog_incidents_mcp.tools.build import build_tool, with_org
from datadog_incidents_mcp.tools.lazy import LazyTool
from datadog_incidents_mcp.tools.registry import ToolSpec

MANIFEST = Path(__file__).with_name("manifest.json")
REGENERATE = "python -m datadog_incidents_mcp.tools.manifest"
_PACKAGE = Path(__file__).parents[1]
_SOURCES = ("calls", "datadog", "tools")
# What LazyTool.listed rebuilds; another key in a listed tool means it needs teaching.
_WIRE_KEYS = frozenset(
    {"name", "title", "description", "inputSchema", "outputSchema", "annotations"}
)

logger = logging.getLogger("datadog_incidents_mcp.tools")


@functools.cache
def source_digest() -> str:
    """SHA-256 over the sources the listed tools come from, and the pydantic version."""
    digest = hashlib.sha256(f"pydantic {pydantic.VERSION}\n".encode())
    for folder in _SOURCES:
        for path in sorted((_PACKAGE / folder).rglob("*.py")):
            digest.update(f"{path.relative_to(_PACKAGE).as_posix()}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class Listed:
    """A tool as the manifest has it: enough to select it and to list it, not to call it."""

    name: str
    toolset: str
    read_only: bool
    kind: str  # read, create, update or delete: what --confirm asks about
    notifies: bool  # its effect reaches people (--confirm notify)
    module: str  # where its function is, imported on the first call
    wire: dict[str, Any]  # its tools/list entry as sent


@functools.cache
def listing() -> tuple[Listed, ...] | None:
    """Every tool from the manifest, or None when the manifest is missing or stale."""
    manifest: dict[str, Any] = {}
    with contextlib.suppress(OSError, ValueError):  # missing or torn: build as before
        manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    if manifest.get("source_digest") != source_digest():
        logger.info("%s is missing or stale: building every tool at start-up", MANIFEST.name)
        return None
    return tuple(Listed(name=name, **entry) for name, entry in manifest["tools"].items())


def catalog() -> Sequence[Listed] | Sequence[ToolSpec]:
    """Every tool's name, toolset, kind and notifying mark: from the manifest when it is
    current (no tool module imported), else from the registry (which imports them all)."""
    from datadog_incidents_mcp import tools  # the package: its REGISTRY loads every module

    return listing() or tools.REGISTRY


def lazy_tool(listed: Listed, site: str, orgs: Orgs | None = None) -> Tool:
    """The tool as listed, built (its module imported first) when it is first called; with
    `orgs` (several orgs) it takes and reports `org`, as `build_tool` makes it."""

    def build() -> Tool:
        importlib.import_module(listed.module)
        spec = next(spec for spec in registry.REGISTRY if spec.name == listed.name)
        return build_tool(spec, site, orgs)

    entry = listed.wire
    if orgs is not None:
        parameters, output_schema = with_org(orgs, entry["inputSchema"], entry.get("outputSchema"))
        entry = {**entry, "inputSchema": parameters}
        if output_schema is not None:
            entry["outputSchema"] = output_schema
    return LazyTool.listed(entry, build, orgs)


async def wire_tools(specs: Sequence[ToolSpec], site: str) -> dict[str, dict[str, Any]]:
    """What tools/list sends for these specs when each is built eagerly."""
    server = MCPServer("manifest", tools=[build_tool(spec, site) for spec in specs])
    listed: dict[str, dict[str, Any]] = {}
    for tool in await server.list_tools():
        entry = tool.model_dump(by_alias=True, mode="json", exclude_none=True)
        unknown = set(entry) - _WIRE_KEYS
        if unknown:
            raise ValueError(f"{tool.name}: LazyTool.listed does not rebuild {sorted(unknown)}")
        listed[tool.name] = entry
    return listed


async def fresh_manifest() -> str:
    """The manifest's text as the current sources make it."""
    from datadog_incidents_mcp.tools import REGISTRY

    specs = sorted(REGISTRY, key=lambda spec: spec.name)
    wire = await wire_tools(specs, DEFAULT_SITE)
    tools = {
        spec.name: {
            "toolset": spec.toolset,
            "read_only": spec.read_only,
            "kind": spec.kind,
            "notifies": spec.notifies,
            "module": spec.fn.__module__,
            "wire": wire[spec.name],
        }
        for spec in specs
    }
    manifest = {"source_digest": source_digest(), "tools": tools}
    return json.dumps(manifest, indent=1, ensure_ascii=False) + "\n"


def main() -> None:
    import anyio

    MANIFEST.write_text(anyio.run(fresh_manifest), encoding="utf-8")
    print(f"wrote {MANIFEST}")


if __name__ == "__main__":
    main()
