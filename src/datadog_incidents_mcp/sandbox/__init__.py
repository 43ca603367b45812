"""A built-in Datadog Incidents API emulator: try the server with no account; test offline."""

from datadog_incidents_mcp.sandbox.app import Sandbox
from datadog_incidents_mcp.sandbox.faults import Fault

__all__ = ["Fault", "Sandbox"]
