"""Deletes need the user's yes: asked through MCP elicitation when the client can ask,
otherwise given as `confirm=true` after the model has asked the user itself."""

from __future__ import annotations

from typing import Any, cast

from mcp.server.mcpserver import AcceptedElicitation, Context, Elicit
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import BaseModel, Field

from datadog_incidents_mcp.datadog import clean
from datadog_incidents_mcp.tools._context import current_org


class Confirmation(BaseModel):
    """The user's answer; strict like the `confirm` argument, so only a JSON true deletes."""

    confirm: bool = Field(strict=True, description="Delete it permanently?")


def ask(ctx: Context[Any], confirm: bool, what: str) -> Elicit[Confirmation] | Confirmation:
    """The resolver body shared by every delete tool."""
    if confirm:
        return Confirmation(confirm=True)
    capabilities = ctx.client_capabilities
    if capabilities is None or capabilities.elicitation is None:
        return Confirmation(confirm=False)
    org = current_org()  # several orgs: the user must see which one
    where = f" in the Datadog org {org}" if org else ""
    return Elicit(f"Permanently delete {clean(what)}{where}? This cannot be undone.", Confirmation)


def require(answer: object, what: str) -> None:
    """Raise unless the user confirmed; nothing is deleted without a yes."""
    if isinstance(answer, AcceptedElicitation):
        data = cast(Any, answer).data
        if isinstance(data, Confirmation) and data.confirm:
            return
    elif isinstance(answer, Confirmation) and answer.confirm:
        return
    raise ToolError(
        f"not confirmed: {clean(what)} was not deleted. Ask the user, and only if they "
        "agree call again with confirm=true."
    )
