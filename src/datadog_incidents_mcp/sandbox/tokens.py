"""Access tokens as the sandbox knows them: who owns each, its kind, scopes and expiry.

Datadog takes a personal or service access token (`ddpat_`, `ddsat_`) as a Bearer token on
operations whose spec lists OAuth, or alone in DD-APPLICATION-KEY (the API key is then not
evaluated); an OAuth login's token only as Bearer. The sandbox answers as Datadog does: 401
`{"errors": ["Unauthorized"]}` for a token it does not know, a revoked or expired one (with
a second message saying which, and when it expired: Datadog's own wording is unverified),
and 403 naming the scope a request needs that the token lacks. Expiry is read on the
store's clock, so a test can move time instead of waiting. The caller of a token request
(`current_user`, and who a write is by) is the token's owner.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import Literal

from starlette.responses import Response

from datadog_incidents_mcp.sandbox.oauth_scopes import OPERATIONS
from datadog_incidents_mcp.sandbox.responses import send
from datadog_incidents_mcp.sandbox.store import Store, jsonapi_time

Kind = Literal["pat", "sat", "oauth"]
_PREFIX: dict[Kind, str] = {"pat": "ddpat_", "sat": "ddsat_", "oauth": ""}


@cache
def _patterns() -> list[tuple[int, re.Pattern[str], str, str]]:
    return [
        (path.count("{"), re.compile(re.sub(r"\{[^}]+\}", "[^/]+", path) + "$"), method, path)
        for method, path in OPERATIONS
    ]


def scopes_for(method: str, path: str) -> tuple[str, ...] | None:
    """The OAuth scopes the spec lists for a request (the most literal path wins); None:
    the keys alone, as for every path the spec does not hold."""
    found = sorted((holes, t) for holes, p, m, t in _patterns() if m == method and p.match(path))
    return OPERATIONS[(method, found[0][1])] if found else None


@dataclass
class Token:
    owner: str  # a user ID of the store
    kind: Kind
    scopes: frozenset[str]
    expires: datetime | None = None  # on the store's clock; None: never
    revoked: bool = False


@dataclass
class Tokens:
    """The tokens the sandbox accepts, by value."""

    store: Store
    known: dict[str, Token] = field(default_factory=dict[str, Token])

    def issue(
        self,
        scopes: frozenset[str] | set[str],
        *,
        kind: Kind = "pat",
        owner: str | None = None,
        lifetime: timedelta | None = None,
    ) -> str:
        """A new token's value; `owner` defaults to the sandbox's own caller."""
        value = _PREFIX[kind] + secrets.token_urlsafe(32)
        expires = None if lifetime is None else self.store.now() + lifetime
        self.known[value] = Token(owner or self.store.caller_id, kind, frozenset(scopes), expires)
        return value

    def revoke(self, value: str) -> None:
        self.known[value].revoked = True

    def presented(self, headers: dict[str, str]) -> tuple[str, bool] | None:
        """The token a request carries, and whether as Bearer; None: it carries keys."""
        bearer = headers.get("authorization", "")
        if bearer.lower().startswith("bearer "):
            return bearer[7:].strip(), True
        app_key = headers.get("dd-application-key", "")
        if app_key.startswith(("ddpat_", "ddsat_")):
            return app_key, False
        return None

    def check(self, value: str, bearer: bool, method: str, path: str) -> Token | Response:
        """The token's record when it may make this request, else Datadog's refusal."""
        token = self.known.get(value)
        if token is None or token.revoked:
            return send({"errors": ["Unauthorized"]}, 401)
        if token.expires is not None and self.store.now() >= token.expires:
            when = jsonapi_time(token.expires)
            return send({"errors": ["Unauthorized", f"token expired at {when}"]}, 401)
        needed = scopes_for(method, path)
        if needed is None:
            if bearer or token.kind == "oauth":  # no OAuth listed: Bearer is not taken
                return send({"errors": ["Unauthorized"]}, 401)
            return token
        lacking = sorted(set(needed) - token.scopes)
        if lacking:
            return send({"errors": ["Forbidden", f"missing scope: {', '.join(lacking)}"]}, 403)
        return token
