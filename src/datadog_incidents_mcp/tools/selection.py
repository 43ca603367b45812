"""Which tools a server, or one client of it, offers: one filter in one order.

Read-only first, then toolsets, then explicit names (github-mcp-server's order), sorted by
toolset then name so tools/list is the same on every start. The server's flags select at
start-up (server/config.py) and a client's URL narrows what that left (server/narrowing.py),
both through `select`, so the two can never disagree on what a combination means.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from datadog_incidents_mcp.tools.registry import TOOLSETS

_TOOLSET_ORDER = {name: index for index, name in enumerate(TOOLSETS)}


class Selectable(Protocol):
    """A registry entry, or a tool as the shipped manifest lists it."""

    @property
    def name(self) -> str: ...
    @property
    def toolset(self) -> str: ...
    @property
    def read_only(self) -> bool: ...


S = TypeVar("S", bound=Selectable)


@dataclass(frozen=True)
class Selection:
    """What to keep: only tools that read, these toolsets, these names (None: any)."""

    read_only: bool = False
    toolsets: frozenset[str] | None = None
    tools: frozenset[str] | None = None


def select(tools: Iterable[S], selection: Selection) -> list[S]:
    """The tools `selection` keeps, filtered in the one documented order and sorted."""
    chosen = [spec for spec in tools if spec.read_only or not selection.read_only]
    if selection.toolsets is not None:
        chosen = [spec for spec in chosen if spec.toolset in selection.toolsets]
    if selection.tools is not None:
        chosen = [spec for spec in chosen if spec.name in selection.tools]
    return sorted(chosen, key=lambda spec: (_TOOLSET_ORDER[spec.toolset], spec.name))
