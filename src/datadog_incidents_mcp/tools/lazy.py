"""A tool that is listed before it is built: its pydantic machinery is made on its first call.

Why: building a tool (`Tool.from_function`: the argument model, the output adapter, both
schemas, the search for context and Resolve parameters) costs about 2 ms per tool, most of
what separated our cold start from a bare SDK server. A client lists tools at once but calls
few of them, so a LazyTool carries only what tools/list shows (from the shipped manifest,
see `manifest`) and builds the rest the first time it runs (its cost: docs/performance.md).

The SDK has no hook for this. `MCPServer(tools=[...])` takes ready-made `Tool` objects and
`MCPServer.list_tools` reads their listed fields; `Tool.run` reads the built ones. LISTED and
BUILT name every field of the SDK's `Tool` between them; tests/tools/test_lazy.py fails when
an SDK upgrade adds a field, drops one, or has `Tool.run` read one that is not built here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mcp.server.mcpserver import Context
from mcp.server.mcpserver.tools.base import Tool
from mcp.types import ToolAnnotations
from pydantic import PrivateAttr

from datadog_incidents_mcp.calls.orgs import Orgs
from datadog_incidents_mcp.tools.build import DatadogTool

# Shown by tools/list, so known without building (`output_schema` is a property of Tool's).
LISTED = ("name", "title", "description", "parameters", "annotations", "icons", "meta")
# Read by `Tool.run`, and copied from the real build on the first call.
BUILT = ("fn", "fn_metadata", "is_async", "context_kwarg", "resolved_params", "resolver_plans")


class LazyTool(DatadogTool):
    """A DatadogTool made from its tools/list entry; `build` makes the real one when needed."""

    _build: Callable[[], Tool] = PrivateAttr()
    _output_schema: dict[str, Any] | None = PrivateAttr(default=None)
    _built: bool = PrivateAttr(default=False)

    @classmethod
    def listed(
        cls, entry: dict[str, Any], build: Callable[[], Tool], orgs: Orgs | None = None
    ) -> LazyTool:
        """From a tools/list entry as sent on the wire (by alias, without nulls)."""
        annotations = entry.get("annotations")
        tool = cls.model_construct(
            name=entry["name"],
            title=entry.get("title"),
            description=entry.get("description", ""),
            parameters=entry["inputSchema"],
            annotations=None
            if annotations is None
            else ToolAnnotations.model_validate(annotations),
            icons=None,
            meta=None,
            # Placeholders until `build`, given so that model_construct does not look at
            # each default factory's signature: two thirds of this method's time
            context_kwarg=None,
            resolved_params={},
            resolver_plans={},
            orgs=orgs,
        )
        tool._build = build
        tool._output_schema = entry.get("outputSchema")
        return tool

    @property
    def output_schema(self) -> dict[str, Any] | None:  # pyright: ignore[reportIncompatibleVariableOverride]
        return self._output_schema

    def build(self) -> None:
        """Fill what `Tool.run` reads from the real build (once; later calls do nothing)."""
        if self._built:
            return
        built = self._build()
        for field in BUILT:
            setattr(self, field, getattr(built, field))
        self._built = True

    async def run(
        self, arguments: dict[str, Any], context: Context[Any, Any], convert_result: bool = False
    ) -> Any:
        self.build()
        return await super().run(arguments, context, convert_result)
