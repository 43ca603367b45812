"""What every handler gets at call time: the Datadog client and the ID caches.

The lifespan yields one state source (`States`), and every handler, tool, prompt, resource
or completion, asks it the same way: `state(org)`. Normally one AppState serves every call
(it is its own source). With per-request credentials (HTTP only), a CredentialPool gives
each distinct pair of keys in the request headers its own AppState, client and caches, so
one session's keys never serve another's call; the pool is bounded, so junk key pairs can
neither lock a new caller out nor grow memory. With --credentials per-request-or-server a
request that brings no Datadog header at all is served by the server's own AppState (its
`fallback`); one that brings any is served by what it brought, or refused, never by the
server's, so a caller who meant to act as themselves never acts as the server unawares.
With several orgs (--orgs FILE), OrgStates holds one AppState per org, and the org a call
named (`orgs.acting_in`) picks which one.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter, OrderedDict
from collections.abc import AsyncGenerator, Callable, Mapping
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from mcp.server.mcpserver import Context

from datadog_incidents_mcp.calls.errors import ArgumentError
from datadog_incidents_mcp.calls.orgs import current_org
from datadog_incidents_mcp.datadog import DatadogClient
from datadog_incidents_mcp.datadog.auth import is_access_token

if TYPE_CHECKING:  # the user models load with the first call that resolves a person
    from datadog_incidents_mcp.datadog.models.users import User

# Per-request credentials: at most this many clients are kept, and one unused this long
# (seconds) is closed. A new key pair never waits for room: the least recently used client
# not serving a call makes way.
POOL_CAPACITY = 64
POOL_IDLE_SECONDS = 600.0
# Who a reference named is remembered this long (seconds), for at most this many references.
PEOPLE_SECONDS = 600.0
PEOPLE_CAPACITY = 512


class People:
    """Who each reference ("me", an email, a name...) named, remembered for a while.

    Not for ever: people join, leave and change names, so a name that named one person an
    hour ago may name two now, and a long-running server must ask again. Bounded, least
    recently used first, so a stream of distinct references cannot grow memory.
    """

    def __init__(
        self,
        *,
        seconds: float | None = None,  # PEOPLE_SECONDS, read when the state opens
        capacity: int = PEOPLE_CAPACITY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._seconds = PEOPLE_SECONDS if seconds is None else seconds
        self._capacity = capacity
        self._clock = clock
        self._known: OrderedDict[str, tuple[float, User]] = OrderedDict()

    def get(self, reference: str) -> User | None:
        found = self._known.get(reference)
        if found is None or self._clock() - found[0] >= self._seconds:
            self._known.pop(reference, None)
            return None
        self._known.move_to_end(reference)
        return found[1]

    def remember(self, reference: str, user: User) -> User:
        self._known[reference] = (self._clock(), user)
        self._known.move_to_end(reference)
        while len(self._known) > self._capacity:
            self._known.popitem(last=False)
        return user


# The request headers that carry Datadog credentials: lower case, as held, and as named.
_HEADER_NAMES = {"dd-api-key": "DD-API-KEY", "dd-application-key": "DD-APPLICATION-KEY"}


def sent_credentials(headers: Mapping[str, str]) -> tuple[str, str] | None:
    """The (API key, application key) a request's lower-cased headers carry, or ("", token)
    for an access token alone in DD-APPLICATION-KEY; None when they carry no complete set."""
    api_key = headers.get("dd-api-key", "")
    app_key = headers.get("dd-application-key", "")
    if is_access_token(app_key):  # Datadog does not evaluate an API key beside a token
        return ("", app_key)
    return (api_key, app_key) if api_key and app_key else None


def brings_credentials(headers: Mapping[str, str]) -> bool:
    """Whether a request sends any Datadog credential header, even an empty or half one:
    then it means to act as itself, and is never served by the server's own credentials."""
    return any(name in headers for name in _HEADER_NAMES)


# The headers of the HTTP request being served with per-request credentials.
_HEADERS: ContextVar[Mapping[str, str] | None] = ContextVar(
    "datadog_incidents_mcp.headers", default=None
)


class States(Protocol):
    """The lifespan's state source: one org, keys per request, or several orgs."""

    def state(self, org: str | None = None) -> AppState:
        """The state serving the running request: its keys' client, and `org`'s (else the
        org the call acts in, else the default). ArgumentError when there is none: a
        request without keys, an org not served."""
        ...


@dataclass
class AppState:
    """Opened once in the server lifespan (or once per credential set) and shared by calls.

    With one org and the server's own keys it is the whole state source."""

    client: DatadogClient
    public_ids: dict[int, str] = field(default_factory=dict[int, str])  # public_id -> uuid
    people: People = field(default_factory=People)

    def state(self, org: str | None = None) -> AppState:
        return self


@dataclass
class _Pooled:
    state: AppState
    last_used: float


class CredentialPool:
    """One AppState per distinct (API key, application key) pair sent in request headers, or
    access token (`DD-APPLICATION-KEY: ddpat_...`, no API key needed).

    Bounded: least recently used first, idle ones too, are evicted and their clients
    closed, except while a request that sent those keys is being served (see `serving`).
    The keys themselves are never kept as dictionary keys, only their digest.
    """

    def __init__(
        self,
        open_client: Callable[[str, str], DatadogClient],
        *,
        capacity: int = POOL_CAPACITY,
        idle_seconds: float = POOL_IDLE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        fallback: AppState | None = None,  # serves a request that brings no Datadog header
    ) -> None:
        self._open_client = open_client
        self._fallback = fallback
        self._capacity = capacity
        self._idle_seconds = idle_seconds
        self._clock = clock
        self._states: OrderedDict[str, _Pooled] = OrderedDict()
        self._serving: Counter[str] = Counter()
        self._evicted: list[DatadogClient] = []

    def __len__(self) -> int:
        return len(self._states)

    @staticmethod
    def _digest(keys: tuple[str, str]) -> str:
        return hashlib.sha256("\0".join(keys).encode()).hexdigest()

    def state(self, org: str | None = None) -> AppState:
        """The state for the keys of the request being served (see `hold_credentials`)."""
        return self.for_headers(_HEADERS.get() or {})

    def for_headers(self, headers: Mapping[str, str]) -> AppState:
        keys = sent_credentials(headers)
        if keys is None:
            if self._fallback is not None and not brings_credentials(headers):
                return self._fallback
            raise ArgumentError(None, self._missing(headers))
        digest, now = self._digest(keys), self._clock()
        pooled = self._states.get(digest)
        if pooled is None:
            self._evict(now)
            client = self._open_client(*keys)
            pooled = _Pooled(AppState(client=client), now)
            self._states[digest] = pooled
        self._states.move_to_end(digest)
        pooled.last_used = now
        return pooled.state

    def _missing(self, headers: Mapping[str, str]) -> str:
        send = (
            "send the DD-API-KEY and DD-APPLICATION-KEY headers, or a personal or service "
            "access token (ddpat_..., ddsat_...) alone in DD-APPLICATION-KEY"
        )
        if self._fallback is None:
            return f"this server takes Datadog keys with each request: {send}"
        brought = " and ".join(named for held, named in _HEADER_NAMES.items() if held in headers)
        return (
            f"this request brings an incomplete {brought} header: {send}; or neither header, to "
            "act with the server's own Datadog credentials"
        )

    def _evict(self, now: float) -> None:
        """Make room for one more: drop idle entries, then the least recently used."""
        for digest, pooled in list(self._states.items()):
            idle = now - pooled.last_used >= self._idle_seconds
            full = len(self._states) >= self._capacity
            if (idle or full) and not self._serving[digest]:
                del self._states[digest]
                self._evicted.append(pooled.state.client)

    @asynccontextmanager
    async def serving(self, headers: Mapping[str, str]) -> AsyncGenerator[None]:
        """Hold these keys' client open for one request, then close what was evicted."""
        keys = sent_credentials(headers)
        digest = self._digest(keys) if keys else None
        if digest:
            self._serving[digest] += 1
        try:
            yield
        finally:
            if digest:
                self._serving[digest] -= 1
                if not self._serving[digest]:
                    del self._serving[digest]
            await self._close_evicted()

    async def _close_evicted(self) -> None:
        while self._evicted:
            await self._evicted.pop().aclose()

    async def aclose(self) -> None:
        self._evicted.extend(pooled.state.client for pooled in self._states.values())
        self._states.clear()
        await self._close_evicted()


def lowered_headers(ctx: ServerRequestContext[Any, Any]) -> dict[str, str]:
    """The HTTP request's headers, names in lower case; none over stdio."""
    headers: Mapping[str, str] = getattr(ctx.request, "headers", None) or {}
    return {name.lower(): value for name, value in headers.items()}


async def hold_credentials(
    ctx: ServerRequestContext[CredentialPool, Any], call_next: CallNext
) -> HandlerResult:
    """Server middleware, with per-request credentials only: a request's client stays open
    until it is answered, and its headers are at hand for `CredentialPool.state`."""
    pool = ctx.lifespan_context
    lowered = lowered_headers(ctx)
    token = _HEADERS.set(lowered)
    try:
        async with pool.serving(lowered):
            return await call_next(ctx)
    finally:
        _HEADERS.reset(token)


@dataclass
class OrgStates:
    """The lifespan's state with several orgs: one AppState (client, caches) per org."""

    states: dict[str, AppState]
    default: str

    def state(self, org: str | None = None) -> AppState:
        name = org or current_org() or self.default
        if name not in self.states:
            raise ArgumentError("org", f"this server serves the orgs {', '.join(self.states)}")
        return self.states[name]


def app_state(ctx: Context[Any]) -> AppState:
    """The state that serves this call: every handler with a context asks this way."""
    source: States = ctx.request_context.lifespan_context
    return source.state()
