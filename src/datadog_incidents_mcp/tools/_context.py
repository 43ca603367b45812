"""What tools get at call time: the Datadog client and the ID caches, via the MCP context.

Normally one AppState serves every call. With per-request credentials (HTTP only), the
lifespan holds a CredentialPool instead: each distinct pair of keys in the request headers
gets its own AppState, client and caches, so one session's keys never serve another's call.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mcp.server.mcpserver import Context

from datadog_incidents_mcp.datadog import DatadogClient
from datadog_incidents_mcp.datadog.models.users import User
from datadog_incidents_mcp.tools._errors import ArgumentError

MAX_CREDENTIAL_SETS = 256


@dataclass
class AppState:
    """Opened once in the server lifespan (or once per credential set) and shared by calls."""

    client: DatadogClient
    read_only: bool = False  # the server's --read-only: no call may write, even a tool option
    public_ids: dict[int, str] = field(default_factory=dict[int, str])  # public_id -> uuid
    users: dict[str, User] = field(default_factory=dict[str, User])  # "me", email... -> user


class CredentialPool:
    """One AppState per distinct (API key, application key) pair sent in request headers."""

    def __init__(
        self, open_client: Callable[[str, str], DatadogClient], *, read_only: bool
    ) -> None:
        self._open_client = open_client
        self._read_only = read_only
        self._states: dict[str, AppState] = {}

    def for_headers(self, headers: Mapping[str, str]) -> AppState:
        api_key = headers.get("dd-api-key", "")
        app_key = headers.get("dd-application-key", "")
        if not api_key or not app_key:
            raise ArgumentError(
                None,
                "this server takes Datadog keys with each request: "
                "send the DD-API-KEY and DD-APPLICATION-KEY headers",
            )
        # The keys themselves are never stored as dictionary keys, only their digest.
        digest = hashlib.sha256(f"{api_key}\0{app_key}".encode()).hexdigest()
        state = self._states.get(digest)
        if state is None:
            if len(self._states) >= MAX_CREDENTIAL_SETS:
                raise ArgumentError(
                    None, "too many distinct credentials for one server; restart it"
                )
            client = self._open_client(api_key, app_key)
            state = self._states[digest] = AppState(client=client, read_only=self._read_only)
        return state

    async def aclose(self) -> None:
        for state in self._states.values():
            await state.client.aclose()
        self._states.clear()


def app_state(ctx: Context[Any]) -> AppState:
    state = ctx.request_context.lifespan_context
    if isinstance(state, CredentialPool):
        headers: Mapping[str, str] = ctx.headers or {}
        return state.for_headers({k.lower(): v for k, v in headers.items()})
    assert isinstance(state, AppState)
    return state
