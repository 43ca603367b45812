"""Which writes ask the user first: the server's --confirm, made stricter by a client's URL.

From least to most asking: `none` (nothing asks), `deletes` (today's default: deletes ask),
`notify` (deletes and the tools whose effect reaches people: paging, declaring, severity
and state changes, who and what notifications send), `writes` (every tool that changes
Datadog). Each asks about everything the one before it does, so "stricter" is an order and
a client can only move up it.

The policy of the running request is a context variable the server middleware sets, read
by the confirmation step (`tools.confirm`) and by tools/list, which shows `confirm` on exactly
the tools the policy can ask about.
"""

from __future__ import annotations

from collections.abc import Generator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Literal, Protocol, get_args

Policy = Literal["none", "deletes", "notify", "writes"]
POLICIES: tuple[Policy, ...] = get_args(Policy)  # least asking first
DEFAULT_POLICY: Policy = "deletes"

# What `confirm` looks like in a write's schema when the policy asks about it (a delete's
# own, in its built schema, says that deletion cannot be undone).
WRITE_CONFIRM: dict[str, Any] = {
    "description": "true only after the user explicitly agreed to this change",
    "type": ["boolean", "null"],  # null is not given, as for every optional argument (_schema)
}


class WriteTool(Protocol):
    """A tool as far as the policy cares: its kind, and whether its effect reaches people."""

    @property
    def kind(self) -> str: ...
    @property
    def notifies(self) -> bool: ...


def asks(policy: Policy, tool: WriteTool) -> bool:
    """Whether `policy` asks the user before `tool` runs."""
    if tool.kind == "read" or policy == "none":
        return False
    if tool.kind == "delete" or policy == "writes":
        return True
    return policy == "notify" and tool.notifies


def stricter(first: Policy, second: Policy) -> Policy:
    """The one of the two that asks more."""
    return first if POLICIES.index(first) >= POLICIES.index(second) else second


_POLICY: ContextVar[Policy] = ContextVar("datadog_incidents_mcp.policy", default=DEFAULT_POLICY)


@contextmanager
def confirming(policy: Policy) -> Generator[None]:
    """Within this block, writes ask as `policy` says."""
    token = _POLICY.set(policy)
    try:
        yield
    finally:
        _POLICY.reset(token)


def current_policy() -> Policy:
    return _POLICY.get()


def listed_with_policy(entry: dict[str, Any], tool: WriteTool, policy: Policy) -> dict[str, Any]:
    """A tools/list entry whose schema takes `confirm` exactly when `policy` asks about it."""
    schema: dict[str, Any] = dict(entry.get("inputSchema") or {})
    properties: dict[str, Any] = dict(schema.get("properties") or {})
    wanted = asks(policy, tool)
    if wanted == ("confirm" in properties):
        return entry
    if wanted:
        properties["confirm"] = WRITE_CONFIRM
    else:
        del properties["confirm"]
    return {**entry, "inputSchema": {**schema, "properties": properties}}
