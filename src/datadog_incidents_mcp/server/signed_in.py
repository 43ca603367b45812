"""What a signed-in person's token lets a request do (see server/signin.py for the mode):
"me" is the person, a token without the write scope only reads, the Protected Resource
Metadata lists both scopes, and /metrics asks for a token as /mcp does."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mcp.server.auth.middleware.bearer_auth import (
    AuthenticatedUser,
    BearerAuthBackend,
    RequireAuthMiddleware,
)
from mcp.server.auth.provider import AccessToken, TokenVerifier
from mcp.server.context import CallNext, HandlerResult, ServerMiddleware, ServerRequestContext
from starlette.types import ASGIApp, Receive, Scope, Send

from datadog_incidents_mcp.server.narrowing import only_reads
from datadog_incidents_mcp.server.signin import SignIn, auth_settings
from datadog_incidents_mcp.server.unoffered import refusal
from datadog_incidents_mcp.tools.manifest import catalog


def token_of(ctx: ServerRequestContext[Any, Any]) -> AccessToken | None:
    """The signed-in person's token for this request, as the SDK's auth left it; None when
    no one signed in (stdio, or a server without sign-in)."""
    scope: Mapping[str, Any] = getattr(ctx.request, "scope", None) or {}
    user = scope.get("user")
    return user.access_token if isinstance(user, AuthenticatedUser) else None


def email_of(token: AccessToken) -> str | None:
    """The person's email, unless the provider says it is not verified: an address anyone
    could type must not make them someone else's "me"."""
    claims = token.claims or {}
    email = claims.get("email")
    if not isinstance(email, str) or not email.strip() or claims.get("email_verified") is False:
        return None
    return email.strip()


def person_of(ctx: ServerRequestContext[Any, Any]) -> str | None:
    """Who signed in, for a log line: their email, else their issuer's subject ID."""
    token = token_of(ctx)
    if token is None:
        return None
    return email_of(token) or f"sub:{token.subject}"


def signed_in_calls(sign_in: SignIn | None) -> list[ServerMiddleware[Any]]:
    """Server middleware for sign-in (none without it): "me" is the person, and a token
    without the write scope only reads."""
    if sign_in is None:
        return []
    from datadog_incidents_mcp.calls.resolve import me_is  # the tools' code: not at start

    changes = frozenset(tool.name for tool in catalog() if not tool.read_only)

    async def middleware(ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        token = token_of(ctx)
        if token is None:
            return await call_next(ctx)
        with me_is(email_of(token) or ""):
            if sign_in.write_scope in token.scopes:
                return await call_next(ctx)
            name = (ctx.params or {}).get("name") if ctx.method == "tools/call" else None
            if name in changes:
                return refusal(
                    f"{name} changes things, and your sign-in lets you read only: your token "
                    f"lacks the scope {sign_in.write_scope}. Ask whoever runs your identity "
                    f"provider to grant it, then sign in again; the tools that read work now"
                )
            only_reads(ctx)
            return await call_next(ctx)

    return [middleware]


class ResourceMetadata:
    """ASGI: the Protected Resource Metadata document, listing both scopes.

    The SDK serves one that lists only the scopes every request needs (the read scope), so
    a client that asks for what the document lists could never write. This serves the
    SDK's own document, at the SDK's path, with the write scope added."""

    def __init__(self, app: ASGIApp, sign_in: SignIn) -> None:
        from mcp.server.auth.routes import create_protected_resource_routes

        self.app = app
        auth = auth_settings(sign_in)
        assert auth.resource_server_url is not None
        (self.route,) = create_protected_resource_routes(
            resource_url=auth.resource_server_url,
            authorization_servers=[auth.issuer_url],
            scopes_supported=list(dict.fromkeys((sign_in.read_scope, sign_in.write_scope))),
            resource_name="Datadog Incidents",
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == self.route.path:
            await self.route.handle(scope, receive, send)
            return
        await self.app(scope, receive, send)


class SignedInOnly:
    """ASGI: requests to `path` (GET /metrics) need a signed-in token with the read scope,
    as /mcp does, checked by the SDK's own middleware with the server's verifier; where a
    shared token would guard them, nothing else would."""

    def __init__(self, app: ASGIApp, path: str, verifier: TokenVerifier, sign_in: SignIn) -> None:
        from mcp.server.auth.routes import build_resource_metadata_url
        from starlette.middleware.authentication import AuthenticationMiddleware

        self.app = app
        self.path = path
        resource = auth_settings(sign_in).resource_server_url
        assert resource is not None
        required = RequireAuthMiddleware(
            app, [sign_in.read_scope], build_resource_metadata_url(resource)
        )
        self.guarded = AuthenticationMiddleware(
            required, backend=BearerAuthBackend(verifier, resource_server_url=resource)
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == self.path:
            await self.guarded(scope, receive, send)
            return
        await self.app(scope, receive, send)
