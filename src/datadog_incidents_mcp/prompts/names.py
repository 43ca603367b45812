"""A request naming a prompt, resource or completion reference the server does not have.

Left to the SDK, an unknown prompt is a bare ValueError: the 2026-07-28 protocol answers it
-32603 "Internal server error" and logs a traceback, older ones answer with code 0; and a
completion for an unknown prompt or template comes back empty, as if it had no values. A
client that sent a name we do not have can fix it: -32602 (invalid params) on every
protocol, naming what there is.
"""

from __future__ import annotations

from typing import Any, cast

from mcp.server import MCPServer
from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from mcp.shared.exceptions import MCPError
from mcp.types import INVALID_PARAMS

# Enough of a name to recognise it in the error, not a client's whole payload back.
_SHOWN = 100


class KnownNames:
    """Server middleware: INVALID_PARAMS, naming the ones there are, for an unknown prompt
    (prompts/get, completion/complete) or resource (resources/read, completion/complete)."""

    def __init__(self, server: MCPServer[Any]) -> None:
        self.server = server

    async def __call__(
        self, ctx: ServerRequestContext[Any, Any], call_next: CallNext
    ) -> HandlerResult:
        params = ctx.params or {}
        if ctx.method == "prompts/get":
            await self._prompt(params.get("name"))
        elif ctx.method == "completion/complete" and isinstance(ref := params.get("ref"), dict):
            await self._reference(cast(dict[str, object], ref))
        elif ctx.method == "resources/read":
            try:
                return await call_next(ctx)
            except MCPError as exc:
                uri = params.get("uri")
                if exc.code == INVALID_PARAMS and exc.data == {"uri": uri}:  # the SDK's not found
                    raise await self._unknown_resource(str(uri), exc.data) from None
                raise
        return await call_next(ctx)

    async def _prompt(self, name: object) -> None:
        known = [prompt.name for prompt in await self.server.list_prompts()]
        if isinstance(name, str) and name not in known:
            raise MCPError(
                INVALID_PARAMS,
                f"Unknown prompt: {name[:_SHOWN]}; the prompts are {', '.join(known)}",
            )

    async def _reference(self, ref: dict[str, object]) -> None:
        if ref.get("type") == "ref/prompt":
            await self._prompt(ref.get("name"))
        elif ref.get("type") == "ref/resource" and isinstance(uri := ref.get("uri"), str):
            known = await self._templates()
            if uri not in known:
                raise MCPError(
                    INVALID_PARAMS,
                    f"Unknown resource template: {uri[:_SHOWN]}; the templates are "
                    f"{', '.join(known)}",
                )

    async def _unknown_resource(self, uri: str, data: object) -> MCPError:
        return MCPError(
            INVALID_PARAMS,
            f"Unknown resource: {uri[:_SHOWN]}; resources are read at "
            f"{', '.join(await self._templates())}",
            data,
        )

    async def _templates(self) -> list[str]:
        return [t.uri_template for t in await self.server.list_resource_templates()]
