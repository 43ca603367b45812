"""One tool call as the client sees it: one deadline for all its requests, and its creates.

A tool call may send several requests (resolve a name, create, read back). Inside
`one_call()` they share one deadline, started by the first request, so retries and slow
bodies cannot stretch a call past it; and the call remembers what it created, so a
failure later in the call can say that something was already made.

In a read-only session every request but GET is refused before it is sent: the server
enters `read_only()` around each request of such a session (its --read-only, or a client's
`read_only=true`), so no tool, prompt or option can write, whatever it was built to do.

With --dry-run (or a client's `dry_run=true`) the server enters `dry_run()` around each
request the same way: every request but GET is answered with a DryRunError that holds the
request as it would go out (method, path, body), and nothing is sent.

Observers (the server's metrics and call log) hear of every answer's status and every
retry, in or out of a call: `(status, wait)`, where `wait` is None for an answer and the
seconds before the retry otherwise (status None: the connection failed). They run inline,
so they must be quick and never raise.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class Call:
    deadline: float | None = None  # on anyio's clock; set by the first request
    created: list[str] = field(default_factory=list[str])  # how to check each confirmed create
    made: list[str] = field(default_factory=list[str])  # the Datadog ID of each, where it has one


UpstreamObserver = Callable[[int | None, float | None], None]
upstream_observers: list[UpstreamObserver] = []


def tell_observers(status: int | None, wait: float | None = None) -> None:
    for observe in upstream_observers:
        observe(status, wait)


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


_READ_ONLY: ContextVar[bool] = ContextVar("datadog_incidents_mcp_read_only", default=False)


@contextmanager
def read_only() -> Generator[None]:
    """Within this block the client sends GET requests only (ReadOnlyError for others)."""
    token = _READ_ONLY.set(True)
    try:
        yield
    finally:
        _READ_ONLY.reset(token)


def writes_refused() -> bool:
    """Whether the running code is inside `read_only()`."""
    return _READ_ONLY.get()


_DRY_RUN: ContextVar[bool] = ContextVar("datadog_incidents_mcp_dry_run", default=False)


@contextmanager
def dry_run() -> Generator[None]:
    """Within this block the client sends GET requests only, and tells what else it would
    send (DryRunError)."""
    token = _DRY_RUN.set(True)
    try:
        yield
    finally:
        _DRY_RUN.reset(token)


def dry_running() -> bool:
    """Whether the running code is inside `dry_run()`."""
    return _DRY_RUN.get()
