"""Signing in to a team server: the HTTP transport as an OAuth 2.1 resource server.

Per the MCP authorization spec (2025-11-25, 2026-07-28), people sign in with the
organisation's own identity provider, and their client sends the access token it got as
`Authorization: Bearer`. The SDK speaks the protocol: the Protected Resource Metadata
document (RFC 9728), and the 401 whose `WWW-Authenticate` points to it. This module gives
it the settings (here), a verifier (server/jwks.py), and turns a token into what a call may
do (server/signed_in.py):

- The read scope: every request to /mcp needs it (without, the SDK answers 403
  insufficient_scope).
- The write scope: tools that change things. A token without it is served as if its URL
  said read_only=true: tools/list shows the tools that read, and a write is refused with
  a message naming the scope to ask for.
- The email claim names the person: "me" in every tool is the Datadog user with that
  email, and the call log and audit trail name them.

The token stays here: Datadog gets the server's own keys or token, or with --credentials
per-request the DD-API-KEY and DD-APPLICATION-KEY headers each request brings. With
--credentials per-request-or-server a person may bring their own personal access token (so
Datadog's audit trail names them) and is otherwise served with the server's; the call log
says which acted (server/acting.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from datadog_incidents_mcp.server.orgs import looks_secret

if TYPE_CHECKING:
    from mcp.server.auth.settings import AuthSettings
    from pydantic import AnyHttpUrl

DEFAULT_READ_SCOPE = "incidents:read"
DEFAULT_WRITE_SCOPE = "incidents:write"


class SignInError(ValueError):
    """The sign-in settings cannot work; the message names the flag to fix."""


@dataclass(frozen=True)
class SignIn:
    """Where tokens come from and what they must say."""

    issuer: str  # the identity provider's issuer URL: a token's `iss`, exactly
    resource: str  # this server's public URL (its MCP endpoint): a token's `aud`
    jwks_url: str | None = None  # None: the jwks_uri of the issuer's metadata
    read_scope: str = DEFAULT_READ_SCOPE
    write_scope: str = DEFAULT_WRITE_SCOPE


def sign_in_from(
    env: Mapping[str, str],
    *,
    issuer: str | None,
    public_url: str | None,
    jwks_url: str | None,
    read_scope: str | None,
    write_scope: str | None,
) -> SignIn | None:
    """The sign-in settings from the flags (which win) and MCP_OAUTH_* / MCP_PUBLIC_URL;
    None when no issuer is named, or SignInError."""
    given = {
        "--oauth-issuer": issuer or env.get("MCP_OAUTH_ISSUER", "").strip(),
        "--public-url": public_url or env.get("MCP_PUBLIC_URL", "").strip(),
        "--oauth-jwks-url": jwks_url or env.get("MCP_OAUTH_JWKS_URL", "").strip(),
        "--oauth-read-scope": read_scope or env.get("MCP_OAUTH_READ_SCOPE", "").strip(),
        "--oauth-write-scope": write_scope or env.get("MCP_OAUTH_WRITE_SCOPE", "").strip(),
    }
    if not given["--oauth-issuer"]:
        extra = [flag for flag, value in given.items() if value]
        if extra:
            raise SignInError(
                f"{', '.join(extra)} {'applies' if len(extra) == 1 else 'apply'} only when "
                "people sign in: add --oauth-issuer "
                "(MCP_OAUTH_ISSUER), your identity provider's issuer URL"
            )
        return None
    if not given["--public-url"]:
        raise SignInError(
            "--oauth-issuer needs --public-url (MCP_PUBLIC_URL): this server's MCP endpoint "
            "as clients reach it, e.g. https://mcp.example.com/mcp; tokens must be issued "
            "for that URL (their aud)"
        )
    for flag in ("--oauth-issuer", "--oauth-jwks-url"):
        if given[flag]:
            _checked(flag, given[flag])
    path = _checked("--public-url", given["--public-url"]).path or ""
    if not path.rstrip("/").endswith("/mcp"):
        raise SignInError(
            f"--public-url {given['--public-url']} must be the MCP endpoint, ending in /mcp "
            "(e.g. https://mcp.example.com/mcp): clients find the sign-in metadata from it"
        )
    for flag in ("--oauth-read-scope", "--oauth-write-scope"):
        if given[flag] and len(given[flag].split()) != 1:
            raise SignInError(f"{flag} is one scope name without spaces, got {given[flag]!r}")
    return SignIn(
        issuer=given["--oauth-issuer"],
        resource=given["--public-url"],
        jwks_url=given["--oauth-jwks-url"] or None,
        read_scope=given["--oauth-read-scope"] or DEFAULT_READ_SCOPE,
        write_scope=given["--oauth-write-scope"] or DEFAULT_WRITE_SCOPE,
    )


def _checked(flag: str, url: str) -> AnyHttpUrl:
    """The URL, if https (http only on this machine, to try things out) without a query or
    fragment: the SDK's rule for an issuer. A key pasted here by mistake is not repeated."""
    from mcp.server.auth.routes import validate_issuer_url
    from pydantic import AnyHttpUrl

    try:
        parsed = AnyHttpUrl(url)
        validate_issuer_url(parsed)
    except ValueError:
        shown = "" if looks_secret(url) else f", got {url!r}"
        raise SignInError(
            f"{flag} must be an https URL (http only on localhost) without ?query or "
            f"#fragment{shown}: keys fetched or tokens checked over plain HTTP could be "
            "swapped on the way"
        ) from None
    return parsed


def server_options(sign_in: SignIn | None) -> dict[str, Any]:
    """MCPServer's `auth` and `token_verifier` for sign-in; none without it. PyJWT is
    loaded here, so a server that does not sign people in never loads it."""
    if sign_in is None:
        return {}
    from datadog_incidents_mcp.server.jwks import JwtVerifier

    return {"auth": auth_settings(sign_in), "token_verifier": JwtVerifier(sign_in)}


def auth_settings(sign_in: SignIn) -> AuthSettings:
    """The SDK's settings: tokens must carry the read scope, and name this server (the
    SDK checks the `resource` the verifier reports as well as the verifier's own `aud`)."""
    from mcp.server.auth.settings import AuthSettings

    return AuthSettings.model_validate(
        {
            "issuer_url": sign_in.issuer,
            "resource_server_url": sign_in.resource,
            "required_scopes": [sign_in.read_scope],
            "validate_token_resource": True,
        }
    )
