"""MCP server for Datadog Incident Management."""

__version__ = "0.1.0"
