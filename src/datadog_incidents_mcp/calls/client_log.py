"""Which log notifications a client still wants (`logging/setLevel`), per connection.

Tool failures are also sent as log notifications; a client before protocol 2026-07-28 may
choose the least severe level it gets.
"""

from __future__ import annotations

from typing import Any, get_args

from mcp.server.context import ServerRequestContext
from mcp.server.mcpserver import Context
from mcp.server.session import ServerSession
from mcp.types import EmptyResult, LoggingLevel, SetLevelRequestParams

LOG_LEVELS: tuple[LoggingLevel, ...] = get_args(LoggingLevel)  # least severe first
_CLIENT_LOG_LEVEL = "datadog_incidents_mcp.client_log_level"


def _connection_state(session: ServerSession) -> dict[str, Any]:
    """The SDK's per-connection scratch space, which lives as long as the client's session.

    ServerSession is built per request and does not expose its connection publicly.
    """
    return session._connection.state


async def set_client_log_level(
    ctx: ServerRequestContext[Any, Any], params: SetLevelRequestParams
) -> EmptyResult:
    """Handle `logging/setLevel` (protocols before 2026-07-28): remember the threshold."""
    _connection_state(ctx.session)[_CLIENT_LOG_LEVEL] = params.level
    return EmptyResult()


def client_wants_log(ctx: Context[Any], level: LoggingLevel) -> bool:
    """Whether this level is at or above what the client asked for (all, until it asks)."""
    chosen = _connection_state(ctx.session).get(_CLIENT_LOG_LEVEL)
    return chosen is None or LOG_LEVELS.index(level) >= LOG_LEVELS.index(chosen)
