"""The tool registry. Importing a toolset module (`tools.resources.R`) registers its tools.

REGISTRY imports every module in `resources/`, one per Datadog resource, the first time it
is read; the other modules here are the machinery that builds and lists tools. A server
that lists from the shipped manifest (see `manifest`) never reads it, and imports a tool's
module only when the tool is first called.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import TYPE_CHECKING

from datadog_incidents_mcp.tools import registry, resources
from datadog_incidents_mcp.tools.registry import TOOLSETS, ToolSpec

if TYPE_CHECKING:
    from datadog_incidents_mcp.tools.registry import REGISTRY

__all__ = ["REGISTRY", "TOOLSETS", "ToolSpec"]


def __getattr__(name: str) -> object:
    """`REGISTRY`, with every toolset module imported (PEP 562: only when first read)."""
    if name != "REGISTRY":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    for module in pkgutil.iter_modules(resources.__path__):
        importlib.import_module(f"{resources.__name__}.{module.name}")
    globals()["REGISTRY"] = registry.REGISTRY
    return registry.REGISTRY
