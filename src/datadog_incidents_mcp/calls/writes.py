"""What one tools/call of a write did, told by the tool layer to the server's guardrails.

The server (server/guard.py) opens a `Written` around each write's call and reads it back:
whether the write was sent or stopped at the confirmation, what it acted on, and what it
created. Only what identifies a target goes in (an incident, a person, the thing named by
ID), never the free text of a call, since the audit trail is made of it.
"""

from __future__ import annotations

from collections.abc import Generator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Literal

Outcome = Literal["done", "failed", "declined", "not confirmed", "refused", "dry run"]
SENT: tuple[Outcome, ...] = ("done", "failed", "dry run")  # what a rate cap counts


@dataclass
class Written:
    outcome: Outcome | None = None  # None: nothing decided yet (a question is on its way)
    org: str | None = None
    targets: dict[str, str] = field(default_factory=dict[str, str])
    created: list[str] = field(default_factory=list[str])  # Datadog IDs


_WRITTEN: ContextVar[Written | None] = ContextVar("datadog_incidents_mcp.written", default=None)


@contextmanager
def recording() -> Generator[Written]:
    """Collect what the write called within this block does."""
    written = Written()
    token = _WRITTEN.set(written)
    try:
        yield written
    finally:
        _WRITTEN.reset(token)


def current_write() -> Written:
    """The record of the running write; a throwaway one where nobody listens (tests)."""
    return _WRITTEN.get() or Written()
