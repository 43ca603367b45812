"""The org a call acts in, when the server serves several (--orgs FILE).

A tool call, prompt or resource read that names an org runs inside `acting_in(org)`; the
state source (`calls.state`) then serves it from that org's client and caches, and its
failures name the org (a miss also names where else to look).
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from datadog_incidents_mcp.calls.errors import ArgumentError, Setup

# The org the running tool call, prompt or resource read acts in; None with one org.
_ORG: ContextVar[str | None] = ContextVar("datadog_incidents_mcp.org", default=None)


@dataclass(frozen=True)
class Orgs:
    """The orgs a call may name, as the tools, prompts and resources offer them."""

    sites: Mapping[str, str]  # org name -> its Datadog site, in the orgs file's order
    default: str
    key_variables: Mapping[str, tuple[str, str]]  # org name -> its API and app key variables

    @property
    def description(self) -> str:
        return f"Datadog org to act in; default {self.default}"

    def instructions(self) -> str:
        """The server instructions' line about orgs."""
        return (
            f"\nThis server serves the Datadog orgs {', '.join(self.sites)}; pass `org` to act "
            f"in one other than {self.default}. IDs and people belong to one org."
        )

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.sites), "description": self.description}

    def check(self, name: object) -> str:
        """The org a call named (the default when it named none), or ArgumentError."""
        if name is None or name == "":
            return self.default
        if isinstance(name, str) and name in self.sites:
            return name
        raise ArgumentError("org", f"this server serves the orgs {', '.join(self.sites)}")

    def setup(self, org: str) -> Setup:
        """Where `org`'s site and keys are set: its table in the orgs file, its variables."""
        api, app = self.key_variables[org]
        return Setup(self.sites[org], api, app, f"the site of [orgs.{org}] in the orgs file")

    def name_in(self, message: str, org: str, *, missing: bool) -> str:
        """`message` about a call in `org`, naming it; a miss also names where else to look."""
        others = " or ".join(f"org={other}" for other in self.sites if other != org)
        if missing and others:
            return f"{message} (looked in org {org}; it may be in another org: try {others})"
        return f"{message} (org {org})"


@contextmanager
def acting_in(org: str) -> Generator[None]:
    """Within this block, app_state() answers with `org`'s client and caches."""
    token = _ORG.set(org)
    try:
        yield
    finally:
        _ORG.reset(token)


def current_org() -> str | None:
    """The org the running call acts in; None when the server serves one org."""
    return _ORG.get()
