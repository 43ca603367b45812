# The sandbox reads arbitrary request bodies, whose types are unknown by nature.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false
# pyright: reportUnknownArgumentType=false
"""Datadog's OAuth endpoints for a local sign-in, emulated: dynamic client registration
(`POST /api/v2/oauth2/register`, RFC 7591), authorize (approves at once and redirects to
the client's registered loopback with a code) and token (the PKCE S256 check, then
refresh). Tokens come from `tokens.Tokens`, so expiry follows the store's clock. Error
answers follow RFC 6749 (`{"error": ..., "error_description": ...}`); Datadog's own
wording is unverified.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from datadog_incidents_mcp.sandbox.responses import send
from datadog_incidents_mcp.sandbox.tokens import Tokens

PATHS = ("/api/v2/oauth2/register", "/oauth2/v1/authorize", "/oauth2/v1/token")
ACCESS_LIFETIME = timedelta(hours=1)
CODE_LIFETIME = timedelta(minutes=10)


@dataclass
class _Code:
    client_id: str
    redirect_uri: str
    challenge: str
    scopes: frozenset[str]
    expires: datetime


@dataclass
class OAuth:
    """Registered clients, codes waiting to be traded, and refresh tokens."""

    tokens: Tokens
    clients: dict[str, list[str]] = field(default_factory=dict[str, list[str]])  # -> redirects
    codes: dict[str, _Code] = field(default_factory=dict[str, _Code])
    refresh: dict[str, tuple[str, frozenset[str]]] = field(
        default_factory=dict[str, tuple[str, frozenset[str]]]
    )  # refresh token -> (client, scopes)
    granted: list[str] = field(default_factory=list[str])  # grant types, in order, for tests
    # The scopes a sign-in may grant (None: all it asks for), as a user or org may refuse some
    grantable: frozenset[str] | None = None

    def issue(self, client_id: str, scopes: frozenset[str]) -> Response:
        access = self.tokens.issue(scopes, kind="oauth", lifetime=ACCESS_LIFETIME)
        refresh = secrets.token_urlsafe(32)
        self.refresh[refresh] = (client_id, scopes)
        return send(
            {
                "access_token": access,
                "token_type": "Bearer",
                "expires_in": int(ACCESS_LIFETIME.total_seconds()),
                "refresh_token": refresh,
                "scope": " ".join(sorted(scopes)),
            }
        )


def _oauth(request: Request) -> OAuth:
    return request.app.state.oauth


def _refuse(error: str, description: str, status: int = 400) -> Response:
    return send({"error": error, "error_description": description}, status)


async def register(request: Request) -> Response:
    body = await request.json()
    redirects = body.get("redirect_uris") if isinstance(body, dict) else None
    if not isinstance(redirects, list) or not redirects:
        return _refuse("invalid_redirect_uri", "redirect_uris is required")
    if body.get("token_endpoint_auth_method", "none") != "none":
        return _refuse("invalid_client_metadata", "only public clients are supported")
    client_id = secrets.token_hex(16)
    _oauth(request).clients[client_id] = [str(uri) for uri in redirects]
    return send({"client_id": client_id, **body}, 201)


async def authorize(request: Request) -> Response:
    oauth, query = _oauth(request), request.query_params
    redirect = query.get("redirect_uri", "")
    if redirect not in oauth.clients.get(query.get("client_id", ""), []):
        return _refuse("invalid_request", "unknown client_id or redirect_uri")
    if query.get("response_type") != "code" or query.get("code_challenge_method") != "S256":
        return _refuse("invalid_request", "response_type=code and S256 PKCE are required")
    code, asked = secrets.token_urlsafe(24), frozenset(query.get("scope", "").split())
    oauth.codes[code] = _Code(
        query["client_id"],
        redirect,
        query.get("code_challenge", ""),
        asked if oauth.grantable is None else asked & oauth.grantable,
        oauth.tokens.store.now() + CODE_LIFETIME,
    )
    back = urlencode({"code": code, "state": query.get("state", "")})
    return RedirectResponse(f"{redirect}?{back}", status_code=302)


async def token(request: Request) -> Response:
    oauth, form = _oauth(request), await request.form()
    grant = str(form.get("grant_type", ""))
    oauth.granted.append(grant)
    client_id = str(form.get("client_id", ""))
    if grant == "authorization_code":
        code = oauth.codes.pop(str(form.get("code", "")), None)  # a code is used once
        verifier = str(form.get("code_verifier", ""))
        digest = hashlib.sha256(verifier.encode()).digest()
        challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        if (
            code is None
            or code.client_id != client_id
            or code.redirect_uri != form.get("redirect_uri")
            or oauth.tokens.store.now() >= code.expires
        ):
            return _refuse("invalid_grant", "the code is unknown, used, expired or not yours")
        if challenge != code.challenge:
            return _refuse("invalid_grant", "PKCE verification failed")
        return oauth.issue(client_id, code.scopes)
    if grant == "refresh_token":
        found = oauth.refresh.pop(str(form.get("refresh_token", "")), None)  # rotated
        if found is None or found[0] != client_id:
            return _refuse("invalid_grant", "the refresh token is unknown or used")
        return oauth.issue(client_id, found[1])
    return _refuse("unsupported_grant_type", f"grant_type {grant!r} is not supported")


def routes() -> list[Route]:
    return [
        Route(PATHS[0], register, methods=["POST"]),
        Route(PATHS[1], authorize, methods=["GET"]),
        Route(PATHS[2], token, methods=["POST"]),
    ]
