"""One tool call as the client sees it: one deadline for all its requests, and its creates.

A tool call may send several requests (resolve a name, create, read back). Inside
`one_call()` they share one deadline, started by the first request, so retries and slow
bodies cannot stretch a call past it; and the call remembers what it created, so a
failure later in the call can say that something was already made.
"""

from __future__ import annotations

from collections.abc import Generator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class Call:
    deadline: float | None = None  # on anyio's clock; set by the first request
    created: list[str] = field(default_factory=list[str])  # how to check each confirmed create


_CURRENT: ContextVar[Call | None] = ContextVar("datadog_incidents_mcp_call", default=None)


@contextmanager
def one_call() -> Generator[Call]:
    """Make the requests sent inside one call, with one deadline."""
    call = Call()
    token = _CURRENT.set(call)
    try:
        yield call
    finally:
        _CURRENT.reset(token)


def current_call() -> Call | None:
    return _CURRENT.get()
