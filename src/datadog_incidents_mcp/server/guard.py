"""Guardrails for agents that write: the write policy, rate caps and audit trail, in one
server middleware around every request.

- The policy (--confirm, or a stricter one from the client's URL) is in force while the
  request is served, so a write asks the user where it says (tools/confirm), and
  tools/list shows `confirm` on exactly the tools it asks about.
- A write over a rate cap is refused before anything is asked or sent.
- In a dry run (--dry-run, or the client's dry_run=true) the Datadog client sends reads
  only and answers each write with the request it would send (datadog/calls.py).
- Every write that was decided (sent, failed, declined, not confirmed, refused) is one
  line of the audit trail; a call that only carried a question to the user is not.

The caller a cap counts and the trail names is the MCP session, or where there is none
the credential (see `caller_of`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from mcp.server.context import CallNext, HandlerResult, ServerMiddleware, ServerRequestContext

from datadog_incidents_mcp.calls.policy import Policy, confirming, listed_with_policy, stricter
from datadog_incidents_mcp.calls.state import lowered_headers
from datadog_incidents_mcp.calls.writes import SENT, Written, recording
from datadog_incidents_mcp.datadog.calls import dry_run
from datadog_incidents_mcp.server.acting import acting_as, brings_own
from datadog_incidents_mcp.server.audit import AuditTrail, fingerprint
from datadog_incidents_mcp.server.caps import WriteCaps
from datadog_incidents_mcp.server.config import Settings
from datadog_incidents_mcp.server.narrowing import narrowing_of
from datadog_incidents_mcp.server.signed_in import person_of
from datadog_incidents_mcp.server.unoffered import refusal
from datadog_incidents_mcp.tools.manifest import catalog


def caller_of(ctx: ServerRequestContext[Any, Any], settings: Settings) -> str:
    """Who a request comes from: a signed-in person as "user:" and their email (so caps
    count a person across sessions, and the trail names them), else the fingerprint of
    the session or credential.

    An HTTP session is known by its ID. Without one (a stateless server, or a client of
    the 2026-07-28 protocol, which has no sessions) the caller is the credential: the
    request's own keys, else the server's, which over stdio serve its one client."""
    if (person := person_of(ctx)) is not None:
        return f"user:{person}"
    lowered = lowered_headers(ctx)
    if session_id := lowered.get("mcp-session-id"):
        return fingerprint("session", session_id)
    if brings_own(settings, lowered):
        pair = f"{lowered.get('dd-api-key', '')}\n{lowered.get('dd-application-key', '')}"
    else:
        token = settings.token.get_secret_value() if settings.token else ""
        pair = f"{settings.api_key.get_secret_value()}\n{settings.app_key.get_secret_value()}"
        pair += f"\n{token}" if token else ""
    return fingerprint("credential", pair)


def guard_writes(
    settings: Settings, trail: AuditTrail | None, caps: WriteCaps
) -> ServerMiddleware[Any]:
    """Server middleware: the write policy, rate caps and audit trail for these settings."""
    by_name = {tool.name: tool for tool in catalog()}
    acting = acting_as(settings)

    def policy_of(ctx: ServerRequestContext[Any, Any]) -> Policy:
        narrowing = narrowing_of(ctx)
        asked = narrowing.confirm if narrowing is not None else None
        return stricter(settings.confirm, asked or settings.confirm)

    async def guard(ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        narrowing = narrowing_of(ctx)
        if not settings.dry_run and not (narrowing and narrowing.dry_run):
            return await guarded(ctx, call_next)
        with dry_run():
            return await guarded(ctx, call_next)

    async def guarded(ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        policy = policy_of(ctx)
        if ctx.method == "tools/list":
            with confirming(policy):
                listed = await call_next(ctx)
            if isinstance(listed, dict):  # the runner hands middleware the wire form
                listed["tools"] = [
                    listed_with_policy(entry, by_name[entry["name"]], policy)
                    if entry.get("name") in by_name
                    else entry
                    for entry in listed.get("tools", [])
                ]
            return listed
        name = (ctx.params or {}).get("name") if ctx.method == "tools/call" else None
        tool = by_name.get(name) if isinstance(name, str) else None
        if tool is None or tool.read_only:
            with confirming(policy):
                return await call_next(ctx)
        caller = caller_of(ctx, settings)
        admitted = caps.admit(caller, tool.kind)
        if isinstance(admitted, str):
            if trail is not None:
                refused = Written(outcome="refused", org=_org(ctx, settings))
                trail.write(tool.name, caller, acting(ctx), refused)
            return refusal(admitted)
        with confirming(policy), recording() as written:
            try:
                return await call_next(ctx)
            finally:
                if written.outcome not in SENT:  # declined, or a question on its way
                    caps.refund(caller, tool.kind, admitted)
                if written.outcome is not None and trail is not None:
                    trail.write(tool.name, caller, acting(ctx), written)

    return guard


def _org(ctx: ServerRequestContext[Any, Any], settings: Settings) -> str | None:
    """The org a refused call acts in (it never reached the tool that would check): one the
    server serves, never whatever text the caller put there; None with one org."""
    arguments: object = (ctx.params or {}).get("arguments")
    named = (
        cast(Mapping[str, Any], arguments).get("org") if isinstance(arguments, Mapping) else None
    )
    served = {org.name: org.default for org in settings.orgs}
    if named is not None:  # any JSON value: only a served name is repeated
        return named if isinstance(named, str) and named in served else None
    return next((name for name, default in served.items() if default), None)
