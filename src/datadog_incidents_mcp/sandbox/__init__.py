"""A built-in Datadog Incidents API emulator, for trying the server without an account and for tests."""

from datadog_incidents_mcp.sandbox.app import Sandbox
from datadog_incidents_mcp.sandbox.faults import Fault

__all__ = ["Fault", "Sandbox"]
