"""Each HTTP client narrows the tool surface with the URL's query, on a server many share.

`/mcp?toolsets=incidents,todos&tools=get_incident&read_only=true` offers that client only
what passes all three filters, through the one selection --read-only, --toolsets and
--tools go through at start (tools/selection.py). It narrows what the server offers and
never widens it: a name the server was not started with is refused as clearly as a
mistyped one. The query is checked before the MCP
app sees the request (400 and a JSON-RPC error naming the closest valid names), then
tools/list hides, and tools/call refuses, every tool outside the client's set.

A client may also ask for writes to be confirmed more often than the server's --confirm
(`confirm=writes`), never less, and for a dry run (`dry_run=true`): see server/guard.py.

Read-only is more than a set of tools: a tool that reads may have an option that writes
(draft_postmortem_cells' use_datadog_ai). So a read-only session, by the server's
--read-only or the client's read_only=true, has each of its requests served inside the
Datadog client's `read_only()`, where anything but a GET is refused before it is sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qs

from mcp.server.context import CallNext, HandlerResult, ServerMiddleware, ServerRequestContext
from mcp.types import (
    INVALID_REQUEST,
    ErrorData,
    JSONRPCError,
)
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from datadog_incidents_mcp.calls.policy import DEFAULT_POLICY, POLICIES, Policy
from datadog_incidents_mcp.datadog.calls import read_only
from datadog_incidents_mcp.server.config import closest, select_toolsets
from datadog_incidents_mcp.server.unoffered import refusal
from datadog_incidents_mcp.tools import TOOLSETS
from datadog_incidents_mcp.tools.manifest import catalog
from datadog_incidents_mcp.tools.selection import Selectable, Selection, select

PARAMETERS = ("toolsets", "tools", "read_only", "confirm", "dry_run")
_STATE_KEY = "datadog_incidents_mcp.narrowing"  # in the ASGI scope's state: its Narrowing
_YES, _NO = ("true", "1", "yes"), ("false", "0", "no")


class NarrowingError(ValueError):
    """The query names something the server cannot narrow to; the message says what."""


@dataclass(frozen=True)
class Narrowing:
    """What one client's URL leaves it: these tools, whether it only reads, and the write
    policy it asked for (None: the server's)."""

    tools: frozenset[str]
    read_only: bool
    confirm: Policy | None = None
    dry_run: bool = False


def _listed(parameter: str, values: list[str]) -> list[str]:
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    if not names:
        raise NarrowingError(f"{parameter}: empty; name one or more, separated by commas")
    return names


def _refuse(what: str, unknown: Iterable[str], valid: Iterable[str], why: str) -> None:
    names = sorted(set(unknown))
    if names:
        raise NarrowingError(f"{what}: {why} {closest(names, sorted(valid))}")


def _policy(values: list[str], server: Policy) -> Policy:
    """The write policy a client asked for: the server's or a stricter one."""
    asked = {value.strip().lower() for value in values}
    known: list[Policy] = [policy for policy in POLICIES if policy in asked]
    if len(asked) != 1 or not known:
        raise NarrowingError(f"confirm: use one of {', '.join(POLICIES)}, got {', '.join(asked)}")
    looser = POLICIES[: POLICIES.index(server)]
    if known[0] in looser:
        raise NarrowingError(
            f"confirm: this server asks about {server}; a client may ask for more "
            f"({', '.join(POLICIES[POLICIES.index(server) :])}), never for less"
        )
    return known[0]


def narrowed(
    query: str, offered: list[Selectable], policy: Policy = DEFAULT_POLICY
) -> Narrowing | None:
    """What this query leaves of `offered`, on a server whose --confirm is `policy`; None
    when it names no parameter."""
    given = parse_qs(query, keep_blank_values=True)
    if not given:
        return None
    _refuse(
        "query",
        set(given) - set(PARAMETERS),
        PARAMETERS,
        "takes only toolsets, tools, read_only, confirm and dry_run, not",
    )
    confirm = _policy(given["confirm"], policy) if "confirm" in given else None
    reads_only = _switch(given, "read_only")
    wanted: frozenset[str] | None = None
    names: set[str] | None = None
    if "toolsets" in given:
        sets = _listed("toolsets", given["toolsets"])
        served = [name for name in TOOLSETS if any(spec.toolset == name for spec in offered)]
        _refuse("toolsets", set(sets) - {*TOOLSETS, "default", "all"}, served, "unknown")
        _refuse(
            "toolsets",
            set(sets) - {*served, "default", "all"},
            served,
            "not offered by this server:",
        )
        wanted = select_toolsets(sets)
    if "tools" in given:
        names = set(_listed("tools", given["tools"]))
        every = [spec.name for spec in catalog()]
        _refuse("tools", names - set(every), every, "unknown")
        served_tools = [spec.name for spec in offered]
        _refuse("tools", names - set(served_tools), served_tools, "not offered by this server:")
    chosen = select(
        offered, Selection(reads_only, wanted, None if names is None else frozenset(names))
    )
    if not chosen:
        raise NarrowingError(
            "no tool left to offer: the tools and toolsets named hold only tools that change "
            "things (read_only=true keeps only tools that read), or lie in different toolsets"
        )
    return Narrowing(
        frozenset(spec.name for spec in chosen), reads_only, confirm, _switch(given, "dry_run")
    )


def _switch(given: dict[str, list[str]], parameter: str) -> bool:
    """A true/false parameter of the query; false when it is not given."""
    flags = {value.strip().lower() for value in given.get(parameter, [])}
    if not flags <= {*_YES, *_NO}:
        raise NarrowingError(f"{parameter}: use true or false, got {', '.join(sorted(flags))}")
    return bool(flags & set(_YES))


def _error(status: int, message: str) -> JSONResponse:
    body = JSONRPCError(
        jsonrpc="2.0", id=None, error=ErrorData(code=INVALID_REQUEST, message=message)
    )
    return JSONResponse(body.model_dump(by_alias=True, exclude_unset=True), status_code=status)


class NarrowByQuery:
    """ASGI: check the query of every request to the MCP endpoint, and pass the tools it
    leaves on to the server middleware in the request's state."""

    def __init__(
        self, app: ASGIApp, offered: list[Selectable], policy: Policy = DEFAULT_POLICY
    ) -> None:
        self.app = app
        self.offered = offered
        self.policy: Policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (query := scope.get("query_string", b"")):
            try:
                narrowing = narrowed(query.decode("latin-1"), self.offered, self.policy)
            except NarrowingError as exc:
                await _error(400, f"Invalid Request: {exc}")(scope, receive, send)
                return
            scope.setdefault("state", {})[_STATE_KEY] = narrowing
        await self.app(scope, receive, send)


def narrowing_of(ctx: ServerRequestContext[Any, Any]) -> Narrowing | None:
    """What the request's URL narrowed, as NarrowByQuery left it; None: nothing."""
    scope: Mapping[str, Any] = getattr(ctx.request, "scope", None) or {}
    narrowing: Narrowing | None = scope.get("state", {}).get(_STATE_KEY)
    return narrowing


def only_reads(ctx: ServerRequestContext[Any, Any]) -> None:
    """Narrow this request as read_only=true in its URL would (on top of what its URL
    narrowed): for a signed-in person whose token grants reading only."""
    scope: dict[str, Any] | None = getattr(ctx.request, "scope", None)
    if scope is None:
        return
    narrowing = narrowing_of(ctx)
    reads = frozenset(spec.name for spec in catalog() if spec.read_only)
    tools = reads if narrowing is None else narrowing.tools & reads
    scope.setdefault("state", {})[_STATE_KEY] = (
        Narrowing(tools, read_only=True)
        if narrowing is None
        else replace(narrowing, tools=tools, read_only=True)
    )


def reads_only(server_read_only: bool) -> ServerMiddleware[Any]:
    """Server middleware: every request of a read-only session, whatever it runs, is served
    where the Datadog client sends nothing but GET."""

    async def guard(ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        narrowing = narrowing_of(ctx)
        if not server_read_only and not (narrowing and narrowing.read_only):
            return await call_next(ctx)
        with read_only():
            return await call_next(ctx)

    return guard


async def narrow_tools(ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
    """Server middleware: tools/list and tools/call see only this client's tools."""
    narrowing = narrowing_of(ctx)
    if narrowing is None or ctx.method not in ("tools/list", "tools/call"):
        return await call_next(ctx)
    tools = narrowing.tools
    if ctx.method == "tools/call":
        name = (ctx.params or {}).get("name")
        if name not in tools:
            return refusal(
                f"not offered: {name} is outside the tools this client's URL selects "
                "(toolsets=, tools=, read_only=); tools/list shows what it offers"
            )
        return await call_next(ctx)
    listed = await call_next(ctx)
    if isinstance(listed, dict):  # the runner hands middleware the wire form
        listed["tools"] = [tool for tool in listed.get("tools", []) if tool.get("name") in tools]
    return listed
