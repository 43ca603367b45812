"""MCP prompts, completions and resources, registered on the server at assembly."""

from __future__ import annotations

from typing import Any

from mcp.server import MCPServer

from datadog_incidents_mcp.calls.orgs import Orgs
from datadog_incidents_mcp.prompts import postmortem
from datadog_incidents_mcp.prompts._common import ToolIndex, add_prompt
from datadog_incidents_mcp.prompts.completions import completer
from datadog_incidents_mcp.prompts.handoff import shift_handoff
from datadog_incidents_mcp.prompts.names import KnownNames
from datadog_incidents_mcp.prompts.status_update import status_update
from datadog_incidents_mcp.prompts.triage import triage_incident

__all__ = ["ToolIndex", "completer", "register"]


def register(server: MCPServer[Any], tools: ToolIndex, orgs: Orgs | None = None) -> None:
    """Prompts and resources, and INVALID_PARAMS for a name that is none of them; with
    several `orgs` each takes the org too. `tools` is every tool the server knows, offered
    or not, so a prompt can say what would turn on one it cites. The server registers the
    completion handler (`completer`) itself: it needs the protocol-level server."""
    postmortem.register(server, orgs)
    add_prompt(server, triage_incident, "Triage incident", orgs, tools)
    add_prompt(server, status_update, "Status update", orgs)
    add_prompt(server, shift_handoff, "Shift handoff", orgs, tools)
    server.middleware.append(KnownNames(server))
