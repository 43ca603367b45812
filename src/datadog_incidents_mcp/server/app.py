"""Assemble the MCP server: the selected tools, and the Datadog client in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from typing import Any

import httpx2
from mcp.server import MCPServer

from datadog_incidents_mcp import __version__, prompts
from datadog_incidents_mcp.datadog import DatadogClient
from datadog_incidents_mcp.prompts import StateHolder
from datadog_incidents_mcp.server.config import Settings
from datadog_incidents_mcp.tools import REGISTRY, TOOLSETS, ToolSpec
from datadog_incidents_mcp.tools._build import build_tool
from datadog_incidents_mcp.tools._context import AppState, CredentialPool

INSTRUCTIONS = """\
Datadog Incident Management. Start triage with search_incidents (e.g. state=["active"]).
Incident IDs may be UUIDs or public IDs like IR-123. People may be named by email or handle.
Writes notify real people: declare an incident once, and confirm deletes with the user."""

_TOOLSET_ORDER = {name: index for index, name in enumerate(TOOLSETS)}


def select_tools(settings: Settings) -> list[ToolSpec]:
    """Filter in one documented order: read-only, then toolsets, then explicit names.

    Sorted by toolset then name, so tools/list is the same on every start.
    """
    chosen = [spec for spec in REGISTRY if spec.read_only or not settings.read_only]
    chosen = [spec for spec in chosen if spec.toolset in settings.toolsets]
    if settings.tools is not None:
        chosen = [spec for spec in chosen if spec.name in settings.tools]
    return sorted(chosen, key=lambda spec: (_TOOLSET_ORDER[spec.toolset], spec.name))


def open_client(
    settings: Settings, api_key: str | None = None, app_key: str | None = None
) -> DatadogClient:
    """The Datadog client: the real API, or the built-in sandbox served in-process."""
    if settings.sandbox:
        from datadog_incidents_mcp.sandbox import Sandbox

        return DatadogClient(
            api_key=settings.api_key,
            app_key=settings.app_key,
            base_url="http://sandbox.invalid",
            transport=httpx2.ASGITransport(app=Sandbox().app),
            web_url="",  # sample data: no Datadog page to link to
            deadline=settings.deadline,
        )
    return DatadogClient(
        api_key=api_key or settings.api_key,
        app_key=app_key or settings.app_key,
        site=settings.site,
        base_url=settings.api_url,
        timeout=settings.timeout,
        deadline=settings.deadline,
    )


def build_server(settings: Settings, client: DatadogClient | None = None) -> MCPServer[Any]:
    """The MCP server for these settings; `client` overrides the one it would open."""

    holder = StateHolder()

    @asynccontextmanager
    async def lifespan(server: MCPServer[Any]) -> AsyncGenerator[AppState | CredentialPool]:
        if settings.per_request_credentials:
            pool = CredentialPool(
                lambda api_key, app_key: open_client(settings, api_key, app_key),
                read_only=settings.read_only,
            )
            try:
                yield pool
            finally:
                await pool.aclose()
            return
        if client is not None:
            holder.state = AppState(client=client, read_only=settings.read_only)
            yield holder.state
            return
        async with open_client(settings) as opened:
            holder.state = AppState(client=opened, read_only=settings.read_only)
            yield holder.state

    tools = [build_tool(spec, settings.site) for spec in select_tools(settings)]
    server = MCPServer(
        "datadog-incidents",
        title="Datadog Incidents",
        version=__version__,
        instructions=INSTRUCTIONS,
        lifespan=lifespan,
        tools=tools,
    )
    prompts.register(server, holder)
    return server
