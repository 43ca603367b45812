"""The tool registry. Importing a toolset module registers its tools.

REGISTRY imports every toolset module (each module here not named with a leading `_`) the
first time it is read. A server that lists from the shipped manifest (see `_manifest`)
never reads it, and imports a tool's module only when the tool is first called.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import TYPE_CHECKING

from datadog_incidents_mcp.tools import _registry
from datadog_incidents_mcp.tools._registry import TOOLSETS, ToolSpec

if TYPE_CHECKING:
    from datadog_incidents_mcp.tools._registry import REGISTRY

__all__ = ["REGISTRY", "TOOLSETS", "ToolSpec"]


def __getattr__(name: str) -> object:
    """`REGISTRY`, with every toolset module imported (PEP 562: only when first read)."""
    if name != "REGISTRY":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")
    globals()["REGISTRY"] = _registry.REGISTRY
    return _registry.REGISTRY
