"""What tools get at call time: the Datadog client and the ID caches, via the MCP context."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mcp.server.mcpserver import Context

from datadog_incidents_mcp.datadog import DatadogClient


@dataclass
class AppState:
    """Opened once in the server lifespan and shared by every tool call."""

    client: DatadogClient
    public_ids: dict[int, str] = field(default_factory=dict[int, str])  # public_id -> uuid
    users: dict[str, str] = field(default_factory=dict[str, str])  # email/handle -> uuid


def app_state(ctx: Context[Any]) -> AppState:
    state = ctx.request_context.lifespan_context
    assert isinstance(state, AppState)
    return state
