"""Whose Datadog credentials a request acts with, for the call log and the audit trail.

Datadog's own audit trail names whoever owns the credentials that acted: a person's own
personal access token names them, the server's keys or service token name the key's owner
or the service account. So the server's log says which acted ("own token", "own keys",
"server keys", "server token", "server login"), never a value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from mcp.server.context import ServerRequestContext

from datadog_incidents_mcp.calls.state import brings_credentials, lowered_headers
from datadog_incidents_mcp.datadog.auth import is_access_token
from datadog_incidents_mcp.server.config import Settings


def brings_own(settings: Settings, headers: Mapping[str, str]) -> bool:
    """Whether a request acts with the Datadog credentials it sends (or is refused for
    sending incomplete ones) rather than the server's; as `calls.state.CredentialPool`
    decides."""
    if not settings.per_request_credentials:
        return False
    return not settings.server_fallback or brings_credentials(headers)


def acting_as(settings: Settings) -> Callable[[ServerRequestContext[Any, Any]], str]:
    """How a request's credentials are named in the log: its own, or the server's kind."""
    if settings.login:
        server = "server login"
    elif settings.orgs:
        server = "server credentials"  # each org's own keys or token
    else:
        server = "server token" if settings.token else "server keys"

    def named(ctx: ServerRequestContext[Any, Any]) -> str:
        headers = lowered_headers(ctx)
        if not brings_own(settings, headers):
            return server
        return "own token" if is_access_token(headers.get("dd-application-key", "")) else "own keys"

    return named
