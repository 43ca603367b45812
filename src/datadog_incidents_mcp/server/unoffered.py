"""tools/call for a tool of this project that the server was started without.

The SDK answers `Unknown tool: delete_incident` alike to a typo and to a real tool that
--toolsets, --read-only or --tools left out, so the model cannot tell its user what to
change. This middleware answers the second case with the reason and the flag that offers
the tool; a name no toolset has goes on to the SDK's own answer.
"""

from __future__ import annotations

from typing import Any

from mcp.server.context import CallNext, HandlerResult, ServerMiddleware, ServerRequestContext
from mcp.types import CallToolResult, TextContent

from datadog_incidents_mcp.server.config import Settings, select_toolsets
from datadog_incidents_mcp.tools.manifest import catalog


def refusal(text: str) -> HandlerResult:
    """A tools/call answer that is an error result the model reads, in its wire form
    (what server middleware hands back)."""
    result = CallToolResult(content=[TextContent(type="text", text=text)], is_error=True)
    return result.model_dump(mode="json", by_alias=True, exclude_none=True)


def why_not_offered(settings: Settings, name: str) -> str | None:
    """Which start-up flags leave out the project's tool `name`, and how to offer it; None
    when no toolset has such a tool. The filters are named in the order they apply."""
    spec = next((spec for spec in catalog() if spec.name == name), None)
    if spec is None:
        return None
    reasons: list[str] = []
    if settings.read_only and not spec.read_only:
        reasons.append("it changes things and the server runs with --read-only (drop it)")
    if spec.toolset not in settings.toolsets:
        enabled = (
            "default"
            if settings.toolsets == select_toolsets([])
            else ",".join(sorted(settings.toolsets))
        )
        reasons.append(
            f"it is in the {spec.toolset} toolset, which the server does not enable (start it "
            f"with --toolsets {enabled},{spec.toolset}, or --toolsets all)"
        )
    if settings.tools is not None and name not in settings.tools:
        reasons.append("the server's --tools list leaves it out (add it there)")
    return (
        f"Unknown tool: {name} is not offered by this server: {'; and '.join(reasons)}. "
        "Tell the user, who runs the server, if it is needed; tools/list shows what is offered"
    )


def refuse_unoffered(settings: Settings, offered: frozenset[str]) -> ServerMiddleware[Any]:
    """Server middleware: a call of a tool outside `offered` that this project has is
    answered with `why_not_offered`."""

    async def middleware(ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        if ctx.method == "tools/call":
            name = (ctx.params or {}).get("name")
            if isinstance(name, str) and name not in offered:
                why = why_not_offered(settings, name)
                if why is not None:
                    return refusal(why)
        return await call_next(ctx)

    return middleware
