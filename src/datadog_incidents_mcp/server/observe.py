"""What each request did, for the call log and the metrics, without what it said.

A server middleware wraps every MCP request; the Datadog client reports each answer and
retry through `datadog.calls.upstream_observers`, and the request in progress (a context
variable) collects them. Each tools/call then logs one line on the logger
`datadog_incidents_mcp.calls`: a request ID of our own, the tool, the duration, the outcome
and the Datadog statuses, whose Datadog credentials acted (server/acting.py), and on a
server people sign in to, who (their email, from their token: server/signed_in.py).
Nothing from the arguments is kept, and a tool name the server does not offer is recorded
as "unknown", so no caller's text reaches a log or a label.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from mcp.server.context import CallNext, HandlerResult, ServerRequestContext

from datadog_incidents_mcp.datadog.calls import upstream_observers
from datadog_incidents_mcp.server.signed_in import person_of

Outcome = Literal["ok", "error", "input_required", "failed"]
call_log = logging.getLogger("datadog_incidents_mcp.calls")


class Sink(Protocol):
    """Where the figures go (the Prometheus metrics when --metrics is on)."""

    def tool_call(self, tool: str, outcome: Outcome, seconds: float) -> None: ...

    def upstream(self, status: int | None, wait: float | None) -> None: ...


@dataclass
class _Request:
    sink: Sink | None
    statuses: list[int | None] = field(default_factory=list[int | None])


_CURRENT: ContextVar[_Request | None] = ContextVar("datadog_incidents_mcp_request", default=None)


def _heard(status: int | None, wait: float | None) -> None:
    """The one upstream observer of the process: it reports to the request being served."""
    request = _CURRENT.get()
    if request is None:
        return
    if wait is None:
        request.statuses.append(status)
    if request.sink is not None:
        request.sink.upstream(status, wait)


def _outcome(result: HandlerResult) -> Outcome:
    """From the wire form of the result, which is what middleware gets."""
    if not isinstance(result, dict) or "content" not in result:
        return "input_required"  # the first round of a call that asks the user (a delete)
    return "error" if result.get("isError") else "ok"


class Observer:
    """Server middleware: one log line and one set of figures per tools/call."""

    def __init__(
        self,
        tools: frozenset[str],
        sink: Sink | None,
        acting: Callable[[ServerRequestContext[Any, Any]], str],
    ) -> None:
        self.tools = tools
        self.sink = sink
        self.acting = acting  # whose Datadog credentials a request acts with
        if _heard not in upstream_observers:
            upstream_observers.append(_heard)

    async def __call__(
        self, ctx: ServerRequestContext[Any, Any], call_next: CallNext
    ) -> HandlerResult:
        request = _Request(self.sink)
        token = _CURRENT.set(request)
        try:
            if ctx.method != "tools/call":
                return await call_next(ctx)
            return await self._call(ctx, call_next, request)
        finally:
            _CURRENT.reset(token)

    async def _call(
        self, ctx: ServerRequestContext[Any, Any], call_next: CallNext, request: _Request
    ) -> HandlerResult:
        name = (ctx.params or {}).get("name")
        tool = name if isinstance(name, str) and name in self.tools else "unknown"
        outcome: Outcome = "failed"
        started = time.perf_counter()
        try:
            result = await call_next(ctx)
            outcome = _outcome(result)
            return result
        finally:
            seconds = time.perf_counter() - started
            if self.sink is not None:
                self.sink.tool_call(tool, outcome, seconds)
            if call_log.isEnabledFor(logging.INFO):  # a log line's fields only for a line written
                self._log(ctx, tool, outcome, seconds, request.statuses)

    def _log(
        self,
        ctx: ServerRequestContext[Any, Any],
        tool: str,
        outcome: Outcome,
        seconds: float,
        statuses: list[int | None],
    ) -> None:
        fields = {
            "request_id": uuid.uuid4().hex[:16],
            "tool": tool,
            "duration_ms": round(seconds * 1000, 1),
            "outcome": outcome,
            "acting_as": self.acting(ctx),
            "upstream_status": statuses[-1] if statuses else None,
            "upstream_requests": len(statuses),
        }
        by = ""
        if (person := person_of(ctx)) is not None:
            fields["user"] = person
            by = " by %(user)s"
        call_log.info(
            "tool call %(request_id)s: %(tool)s" + by + " %(outcome)s in %(duration_ms)s ms "
            "acting as %(acting_as)s; %(upstream_requests)s Datadog requests, last status "
            "%(upstream_status)s",
            fields,
            extra={"call": fields},
        )
