"""MCP prompts, completions and resources, registered on the server at assembly."""

from __future__ import annotations

from typing import Any

from mcp.server import MCPServer

from datadog_incidents_mcp.calls.state import Orgs
from datadog_incidents_mcp.prompts import completions, postmortem
from datadog_incidents_mcp.prompts._common import add_prompt
from datadog_incidents_mcp.prompts.completions import StateHolder
from datadog_incidents_mcp.prompts.handoff import shift_handoff
from datadog_incidents_mcp.prompts.names import KnownNames
from datadog_incidents_mcp.prompts.status_update import status_update
from datadog_incidents_mcp.prompts.triage import triage_incident

__all__ = ["StateHolder", "register"]


def register(server: MCPServer[Any], holder: StateHolder, orgs: Orgs | None = None) -> None:
    """Prompts, resources and completions, and INVALID_PARAMS for a name that is none of
    them; with several `orgs` each takes the org too."""
    postmortem.register(server, orgs)
    add_prompt(server, triage_incident, "Triage incident", orgs)
    add_prompt(server, status_update, "Status update", orgs)
    add_prompt(server, shift_handoff, "Shift handoff", orgs)
    completions.register(server, holder)
    server.middleware.append(KnownNames(server))
