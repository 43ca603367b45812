"""Tools listed from the shipped manifest and built on their first call (tools/lazy.py).

The manifest must be what the eager build lists, byte for byte, and the lazy tool must fill
every field the SDK's `Tool.run` reads: an SDK upgrade that changes either fails here.
"""

from __future__ import annotations

import ast
import inspect
import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.tools.base import Tool

from datadog_incidents_mcp.server.app import build_server, served_orgs
from datadog_incidents_mcp.server.config import Flags, resolve_settings, select_tools
from datadog_incidents_mcp.tools import TOOLSETS, manifest
from datadog_incidents_mcp.tools.build import build_tool
from datadog_incidents_mcp.tools.lazy import BUILT, LISTED, LazyTool
from tests import snapshots
from tests.conftest import call, sandbox_settings

pytestmark = pytest.mark.anyio


def _read(function: Any, owner: str) -> set[str]:
    """The attributes `function` reads from `owner` (a name in its source)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    return {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == owner
    }


def _tools(server: MCPServer[Any]) -> list[Tool]:
    return server._tool_manager.list_tools()


def _wire(tools: list[Any]) -> list[str]:
    return [json.dumps(t.model_dump(by_alias=True, mode="json", exclude_none=True)) for t in tools]


@pytest.fixture
def stale_manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    stale = tmp_path / "manifest.json"
    stale.write_text(json.dumps({"source_digest": "an older source", "tools": {}}))
    monkeypatch.setattr(manifest, "MANIFEST", stale)
    manifest.listing.cache_clear()
    yield
    manifest.listing.cache_clear()


async def test_the_shipped_manifest_is_current() -> None:
    fresh = await manifest.fresh_manifest()
    if snapshots.UPDATE:
        manifest.MANIFEST.write_text(fresh, encoding="utf-8")
    assert manifest.MANIFEST.read_text(encoding="utf-8") == fresh, (
        f"tools/manifest.json is stale (the server builds every tool at start-up until it is "
        f"regenerated): run `{manifest.REGENERATE}` or the tests with UPDATE_SNAPSHOTS=1"
    )


@pytest.mark.parametrize(
    "flags", [{"toolsets": "all"}, {"toolsets": "default"}, {"read_only": True}]
)
async def test_tools_list_from_the_manifest_is_the_eager_one_byte_for_byte(
    flags: dict[str, object],
) -> None:
    settings = sandbox_settings(**flags)
    server = build_server(settings)
    assert all(isinstance(tool, LazyTool) for tool in _tools(server))
    eager = await manifest.wire_tools(select_tools(settings), settings.site)
    assert _wire(await server.list_tools()) == [json.dumps(entry) for entry in eager.values()]


async def test_with_several_orgs_tools_are_listed_with_org_like_the_eager_ones_and_not_built(
    tmp_path: Path,
) -> None:
    orgs_file = tmp_path / "orgs.toml"
    orgs_file.write_text(
        '[orgs.prod]\napi_key_env = "PROD_API"\napp_key_env = "PROD_APP"\ndefault = true\n\n'
        '[orgs.staging]\nsite = "datadoghq.eu"\napi_key_env = "STG_API"\napp_key_env = "STG_APP"\n'
    )
    env = {"PROD_API": "p" * 32, "PROD_APP": "p" * 40, "STG_API": "s" * 32, "STG_APP": "s" * 40}
    settings = resolve_settings(env, Flags(orgs=str(orgs_file), toolsets="all"))
    server = build_server(settings)
    assert all(isinstance(t, LazyTool) and "fn_metadata" not in t.__dict__ for t in _tools(server))
    orgs = served_orgs(settings)
    eager = MCPServer(
        "eager", tools=[build_tool(s, settings.site, orgs) for s in select_tools(settings)]
    )
    listed = await server.list_tools()
    assert _wire(listed) == _wire(await eager.list_tools())
    assert all("org" in tool.input_schema["properties"] for tool in listed)


async def test_a_stale_manifest_builds_every_tool_at_start(stale_manifest: None) -> None:
    server = build_server(sandbox_settings())
    tools = _tools(server)
    assert tools and not any(isinstance(tool, LazyTool) for tool in tools)
    assert all("fn_metadata" in tool.__dict__ for tool in tools)


async def test_a_tool_is_built_on_its_first_call_like_the_eager_one() -> None:
    settings = sandbox_settings(tools="search_users")
    (spec,) = select_tools(settings)
    server = build_server(settings)
    (lazy,) = _tools(server)
    assert isinstance(lazy, LazyTool) and "fn_metadata" not in lazy.__dict__
    async with Client(server) as client:
        found = await call(client, "search_users", {"query": "chen"})
    assert found["users"]
    eager = build_tool(spec, settings.site)
    assert lazy.fn_metadata.output_schema == eager.output_schema == lazy.output_schema
    assert lazy.fn_metadata.arg_model.model_json_schema() == (
        eager.fn_metadata.arg_model.model_json_schema()
    )
    assert (lazy.is_async, lazy.context_kwarg) == (eager.is_async, eager.context_kwarg)
    assert lazy.resolved_params.keys() == eager.resolved_params.keys()


def test_the_lazy_tool_covers_every_field_the_sdk_reads() -> None:
    """Fails on an SDK upgrade that changes what a Tool is or what listing and running read."""
    assert set(LISTED) | set(BUILT) == set(Tool.model_fields)
    assert not set(LISTED) & set(BUILT)
    assert _read(Tool.run, "self") <= set(BUILT) | {"name"}
    assert _read(MCPServer.list_tools, "info") <= set(LISTED) | {"output_schema"}
    assert "output_schema" not in Tool.model_fields  # a property made from fn_metadata


_LIST_IN_A_FRESH_PROCESS = """
import json, sys, anyio
from mcp import Client
from datadog_incidents_mcp.server.app import build_server
from datadog_incidents_mcp.server.config import Flags, resolve_settings

async def main():
    async with Client(build_server(resolve_settings({}, Flags(sandbox=True)))) as client:
        await client.list_tools()
        print(json.dumps(sorted(sys.modules)))  # before the warm-up after listing starts

anyio.run(main)
"""


def test_listing_imports_no_opt_in_module_nor_the_sandbox() -> None:
    """Start-up time: the manifest lists the tools, opt-in client namespaces load on first
    use, the sandbox is seeded on its first request."""
    run = subprocess.run(
        [sys.executable, "-c", _LIST_IN_A_FRESH_PROCESS], capture_output=True, check=True
    )
    imported = set(json.loads(run.stdout))
    listing = manifest.listing()
    assert listing is not None
    default = {tool.module for tool in listing if TOOLSETS[tool.toolset].default}
    opt_in = {tool.module for tool in listing} - default  # modules with no default tool
    assert opt_in and not opt_in & imported, sorted(opt_in & imported)
    assert "datadog_incidents_mcp.sandbox" not in imported
    client_opt_in = {"automation", "collaboration", "config", "notifications", "paging"}
    assert not {f"datadog_incidents_mcp.datadog.models.{m}" for m in client_opt_in} & imported
    assert "datadog_incidents_mcp.tools.manifest" in imported
