"""How each request to Datadog is authenticated: an API and application key pair, or an
access token.

Datadog takes two kinds of access token besides its key pair: personal and service access
tokens (`ddpat_...`, `ddsat_...`, scoped and expiring) and OAuth access tokens (from
`datadog-incidents-mcp login`). Its spec lists, per operation, whether OAuth is accepted
(`oauth_scopes`): there a token goes as `Authorization: Bearer`, with the scopes listed;
elsewhere a personal or service token goes alone in DD-APPLICATION-KEY (Datadog then does
not evaluate an API key), as Datadog's own API clients send them. An OAuth login cannot
call such an operation, and says so before anything is sent.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable
from functools import cache
from typing import Protocol

from pydantic import SecretStr

from datadog_incidents_mcp.datadog.errors import DatadogError

# What Datadog's personal and service access tokens start with.
TOKEN_PREFIXES = ("ddpat_", "ddsat_")


def is_access_token(value: str) -> bool:
    """Whether a value sent or set as an application key is a personal or service token."""
    return value.startswith(TOKEN_PREFIXES)


def token_kind(value: str) -> str:
    """How a message names a token: personal, service, or (no known prefix) OAuth."""
    if value.startswith("ddpat_"):
        return "personal access token"
    if value.startswith("ddsat_"):
        return "service access token"
    return "access token"


@cache
def _templates() -> list[tuple[re.Pattern[str], int, str, str]]:
    """Each operation's path as a pattern, loaded when a token first needs the table."""
    from datadog_incidents_mcp.datadog.oauth_scopes import OPERATIONS

    return [
        (
            re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$"),
            path.count("{"),
            method,
            path,
        )
        for method, path in OPERATIONS
    ]


def operation(method: str, path: str) -> tuple[str, str] | None:
    """The spec's (method, template) for a request path; the most literal one wins."""
    found = [
        (holes, template)
        for pattern, holes, each, template in _templates()
        if each == method and pattern.match(path)
    ]
    return (method, min(found)[1]) if found else None


def scopes_for(method: str, path: str) -> tuple[str, ...] | None:
    """The OAuth scopes the spec lists for this request; None where it lists keys only
    (and for a path it does not hold: a token in DD-APPLICATION-KEY works everywhere)."""
    from datadog_incidents_mcp.datadog.oauth_scopes import OPERATIONS

    found = operation(method, path)
    return OPERATIONS[found] if found else None


class KeysOnlyError(DatadogError):
    """An OAuth login cannot call an operation whose spec lists the keys alone; not sent."""

    def __init__(self, method: str, path: str) -> None:
        super().__init__(
            f"{method} {path} was not sent: Datadog takes only API and application keys (or a "
            "personal or service access token) for it, and this server is signed in with "
            "`datadog-incidents-mcp login` alone, whose OAuth token it does not accept. To use "
            "this tool, set DD_API_KEY and DD_APP_KEY, or DD_BEARER_TOKEN to a personal or "
            "service access token"
        )


class Credentials(Protocol):
    """What a client authenticates its requests with."""

    @property
    def kind(self) -> str:
        """What they are, for a person: "personal access token", "OAuth login"..."""
        ...

    def secrets(self) -> tuple[str, ...]:
        """Every value to replace wherever it shows (answers, errors, logs)."""
        ...

    def headers(self, method: str, path: str) -> Awaitable[dict[str, str]]:
        """The authentication headers of this request (may refresh a login first)."""
        ...

    def refused(self, status: int, method: str, path: str) -> str | None:
        """What a 401 or 403 means for these credentials; None: the generic reading."""
        ...


class KeyPair:
    """An API key and an application key, sent together on every request."""

    kind = "API and application keys"

    def __init__(self, api_key: SecretStr, app_key: SecretStr) -> None:
        self._api_key, self._app_key = api_key, app_key

    def secrets(self) -> tuple[str, ...]:
        return (self._api_key.get_secret_value(), self._app_key.get_secret_value())

    async def headers(self, method: str, path: str) -> dict[str, str]:
        return {
            "DD-API-KEY": self._api_key.get_secret_value(),
            "DD-APPLICATION-KEY": self._app_key.get_secret_value(),
        }

    def refused(self, status: int, method: str, path: str) -> str | None:
        return None


def needs_scopes(method: str, path: str) -> str:
    """`the OAuth scope incident_write, which Datadog lists for POST /api/v2/incidents`."""
    scopes = scopes_for(method, path) or ()
    found = operation(method, path)
    where = f"{found[0]} {found[1]}" if found else f"{method} {path}"
    plural = "s" if len(scopes) > 1 else ""
    return f"the OAuth scope{plural} {', '.join(scopes)}, which Datadog lists for {where}"


class AccessToken:
    """A personal or service access token: Bearer where the spec lists OAuth for the
    operation, alone in DD-APPLICATION-KEY where it lists the keys alone."""

    def __init__(self, token: SecretStr) -> None:
        self._token = token
        self.kind = token_kind(token.get_secret_value())

    def secrets(self) -> tuple[str, ...]:
        return (self._token.get_secret_value(),)

    async def headers(self, method: str, path: str) -> dict[str, str]:
        token = self._token.get_secret_value()
        if scopes_for(method, path) is None:
            return {"DD-APPLICATION-KEY": token}
        return {"Authorization": f"Bearer {token}"}

    def refused(self, status: int, method: str, path: str) -> str | None:
        if status == 401:
            return (
                f"Datadog refused the {self.kind}: it has expired, been revoked, or belongs "
                "to another Datadog site. Make a new one in Datadog (Personal Settings > "
                "Access Tokens, or a service account's tokens) and check it with "
                "`datadog-incidents-mcp doctor`"
            )
        if status == 403 and scopes_for(method, path):
            return (
                f"the {self.kind} lacks {needs_scopes(method, path)}, or its owner's role "
                "lacks the permission; make a token with that scope"
            )
        return None


def credentials_of(
    api_key: SecretStr, app_key: SecretStr, token: SecretStr | None = None
) -> Credentials:
    """A token when one is given, or set where the application key goes (Datadog then does
    not evaluate the API key); else the key pair."""
    if token is not None and token.get_secret_value():
        return AccessToken(token)
    if is_access_token(app_key.get_secret_value()):
        return AccessToken(app_key)
    return KeyPair(api_key, app_key)
