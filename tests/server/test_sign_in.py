"""Signing in to a team server: tokens from the organisation's identity provider, checked
by signature, issuer, expiry and audience, through the SDK's streamable-HTTP client.

The identity provider here is a small app on 127.0.0.1 that publishes its metadata and
JWKS; the tests sign tokens with its key (or another, to forge one)."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.sandbox.app import ALL_PERMISSIONS
from datadog_incidents_mcp.sandbox.serve import running
from datadog_incidents_mcp.server.app import build_server, open_metrics
from datadog_incidents_mcp.server.config import ConfigError, Flags, resolve_settings
from datadog_incidents_mcp.server.jwks import JWKS_MAX_AGE, REFETCH_AFTER, JwtVerifier
from datadog_incidents_mcp.server.signin import SignIn
from datadog_incidents_mcp.server.transports import http_app
from tests.server.processes import http_process

pytestmark = pytest.mark.anyio
PUBLIC = "https://mcp.example.com/mcp"
PRM = "/.well-known/oauth-protected-resource/mcp"
PRIYA = "priya.natarajan@example.com"  # a seeded sandbox user; the keys' owner is Alex Rivera
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


class Provider:
    """The organisation's identity provider: its metadata and JWKS over real HTTP."""

    def __init__(self) -> None:
        self.issuer = ""
        self.jwks_fetches = 0
        self.names_issuer: str | None = None  # the issuer its metadata names, if not its own
        self.kid, self.key = "k1", KEY  # the signing key it publishes (rotated by a test)
        self.up = True
        self.app = Starlette(
            routes=[
                Route("/.well-known/oauth-authorization-server", self.metadata),
                Route("/keys", self.jwks),
            ]
        )

    async def metadata(self, request: Request) -> JSONResponse:
        named = self.names_issuer or self.issuer
        return JSONResponse({"issuer": named, "jwks_uri": f"{self.issuer}/keys"})

    async def jwks(self, request: Request) -> JSONResponse:
        self.jwks_fetches += 1
        if not self.up:
            return JSONResponse({"error": "down"}, 503)
        key = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return JSONResponse({"keys": [{**key, "kid": self.kid, "use": "sig", "alg": "RS256"}]})

    def token(self, **changes: Any) -> str:
        """A token as the provider would issue it to Priya for this server, with `changes`
        to its claims (None drops one); `signed_by` another key forges it."""
        signer = changes.pop("signed_by", self.key)
        algorithm = changes.pop("alg", "RS256")
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": "00u-priya",
            "aud": PUBLIC,
            "exp": now + 600,
            "iat": now,
            "client_id": "claude-desktop",
            "email": PRIYA,
            "scope": "openid incidents:read incidents:write",
            **changes,
        }
        claims = {name: value for name, value in claims.items() if value is not None}
        return jwt.encode(claims, signer, algorithm=algorithm, headers={"kid": self.kid})


@pytest.fixture
def provider() -> Iterator[Provider]:
    idp = Provider()
    with running(idp.app) as url:
        idp.issuer = url
        yield idp


@contextmanager
def _served(env: dict[str, str], **flags: Any) -> Iterator[str]:
    settings = resolve_settings(env, Flags(transport="http", **flags))
    with running(http_app(build_server(settings), settings), lifespan="on") as url:
        yield url


@pytest.fixture
def server(provider: Provider) -> Iterator[str]:
    """The base URL of a sandbox server people sign in to."""
    env = {"MCP_OAUTH_ISSUER": provider.issuer, "MCP_PUBLIC_URL": PUBLIC}
    with _served(env, sandbox=True) as url:
        yield url


@asynccontextmanager
async def _signed_in(url: str, token: str, **headers: str) -> AsyncIterator[Client]:
    async with (
        httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}", **headers}) as http,
        Client(streamable_http_client(url, http_client=http)) as client,
    ):
        yield client


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _initialize(url: str, token: str | None) -> httpx2.Response:
    headers = {
        "Accept": "application/json, text/event-stream",
        **(_bearer(token) if token is not None else {}),
    }
    body = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-11-25",
            "capabilities": {},
            "clientInfo": {"name": "t", "version": "1"},
        },
    }
    return httpx2.post(url, json=body, headers=headers, timeout=30)


async def test_a_signed_in_person_is_me_and_named_in_the_call_log(
    provider: Provider, server: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="datadog_incidents_mcp.calls")
    async with _signed_in(f"{server}/mcp", provider.token()) as client:
        me = await client.call_tool("get_current_user", {})
    assert not me.is_error, me.content
    assert me.structured_content is not None
    assert me.structured_content["user"]["email"] == PRIYA  # not the keys' owner, Alex Rivera
    lines = [r for r in caplog.records if r.name == "datadog_incidents_mcp.calls"]
    assert [r.call["user"] for r in lines] == [PRIYA]  # type: ignore[attr-defined]
    assert f"get_current_user by {PRIYA} ok" in lines[0].getMessage()


@pytest.mark.parametrize(
    ("changes", "logged"),
    [
        ({"aud": "https://other.example.com/mcp"}, f"the token is not for {PUBLIC}"),
        ({"exp": int(time.time()) - 300, "iat": int(time.time()) - 900}, "has expired"),
        ({"iss": "https://evil.example.com"}, "the token was not issued by http://127.0.0.1:"),
        ({"signed_by": OTHER_KEY}, "Signature verification failed"),
        ({"exp": None}, 'Token is missing the "exp" claim'),
        ({"alg": "none", "signed_by": None}, "The specified alg value is not allowed"),
    ],
    ids=["another audience", "expired", "wrong issuer", "bad signature", "no expiry", "alg none"],
)
def test_a_token_that_fails_a_check_is_refused_and_why_is_logged(
    provider: Provider,
    server: str,
    changes: dict[str, Any],
    logged: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert _initialize(f"{server}/mcp", provider.token()).status_code == 200  # the control
    token = provider.token(**changes)
    refused = _initialize(f"{server}/mcp", token)
    assert refused.status_code == 401
    assert "invalid_token" in refused.headers["www-authenticate"]
    (line,) = [r.getMessage() for r in caplog.records if r.name == "datadog_incidents_mcp.signin"]
    assert line.startswith("sign-in refused: ") and logged in line and token not in line


def test_no_token_gets_a_challenge_that_points_to_the_metadata(server: str) -> None:
    for token in (None, "not-a-jwt"):
        refused = _initialize(f"{server}/mcp", token)
        assert refused.status_code == 401
        challenge = refused.headers["www-authenticate"]
        assert challenge.startswith("Bearer ")
        assert f'resource_metadata="https://mcp.example.com{PRM}"' in challenge


def test_the_protected_resource_metadata_names_the_provider_and_both_scopes(
    provider: Provider, server: str
) -> None:
    document = httpx2.get(f"{server}{PRM}", timeout=30).json()
    assert document == {
        "resource": PUBLIC,
        "authorization_servers": [provider.issuer],
        "scopes_supported": ["incidents:read", "incidents:write"],
        "bearer_methods_supported": ["header"],
        "resource_name": "Datadog Incidents",
    }


async def test_a_read_scope_token_gets_the_read_tools_and_cannot_write(
    provider: Provider, server: str
) -> None:
    token = provider.token(scope="incidents:read")
    async with _signed_in(f"{server}/mcp", token) as client:
        listed = {tool.name for tool in (await client.list_tools()).tools}
        refused = await client.call_tool("create_incident", {"title": "x", "is_test": True})
        found = await client.call_tool("search_incidents", {})
    assert "search_incidents" in listed and "create_incident" not in listed
    assert refused.is_error
    assert "lacks the scope incidents:write" in refused.content[0].text  # type: ignore[union-attr]
    assert not found.is_error
    async with _signed_in(f"{server}/mcp", provider.token()) as client:
        assert "create_incident" in {tool.name for tool in (await client.list_tools()).tools}


def test_a_token_without_the_read_scope_is_refused_with_403(
    provider: Provider, server: str
) -> None:
    refused = _initialize(f"{server}/mcp", provider.token(scope="openid"))
    assert refused.status_code == 403
    assert 'error="insufficient_scope"' in refused.headers["www-authenticate"]


async def test_me_without_a_verified_email_names_no_one(provider: Provider, server: str) -> None:
    for claims in ({"email": None}, {"email_verified": False}):
        async with _signed_in(f"{server}/mcp", provider.token(**claims)) as client:
            me = await client.call_tool("get_current_user", {})
        assert me.is_error
        assert "carries no verified email" in me.content[0].text  # type: ignore[union-attr]


async def test_per_request_datadog_keys_work_beside_the_sign_in_token_which_stays_here(
    provider: Provider,
) -> None:
    datadog = Sandbox(api_keys={"api-a"}, app_keys={"app-a": ALL_PERMISSIONS})
    heard: list[bytes] = []

    async def upstream(scope: Scope, receive: Receive, send: Send) -> None:
        heard.extend(value for _, value in scope.get("headers", []))
        await datadog.app(scope, receive, send)

    env = {"MCP_OAUTH_ISSUER": provider.issuer, "MCP_PUBLIC_URL": PUBLIC}
    token = provider.token()
    with (
        running(upstream) as datadog_url,
        _served(env, api_url=datadog_url, credentials="per-request") as url,
    ):
        keys = {"DD-API-KEY": "api-a", "DD-APPLICATION-KEY": "app-a"}
        async with _signed_in(f"{url}/mcp", token, **keys) as client:
            me = await client.call_tool("get_current_user", {})
        assert _initialize(f"{url}/mcp", None).status_code == 401  # keys alone do not sign in
    assert not me.is_error, me.content
    assert me.structured_content is not None
    assert me.structured_content["user"]["email"] == PRIYA
    assert b"app-a" in heard  # Datadog got the request's own keys...
    assert not [value for value in heard if token.encode() in value]  # ...and never the token


# The server's own keys, which a request without Datadog headers acts with; Alex Rivera's.
SERVER_KEYS = {"DD_API_KEY": "api-server", "DD_APP_KEY": "app-server"}
# The scopes of a person's own token: enough for every tool these tests call.
SCOPES = {"incident_read", "incident_write", "incident_settings_read", "user_access_read"}


@dataclass
class Upstream:
    """Datadog as the sandbox, knowing the server's keys, and every request's headers."""

    url: str  # the MCP server's, serving --credentials per-request-or-server
    datadog: Sandbox
    heard: list[dict[str, str]]

    def user(self, email: str) -> str:
        users = self.datadog.store["users"].values()
        return next(u["id"] for u in users if u["attributes"]["email"] == email)

    def creator(self, made: Any) -> str:
        record = self.datadog.store["incidents"][made.structured_content["incident"]["id"]]
        return record["relationships"]["created_by_user"]["data"]["id"]

    def sent(self, value: str) -> bool:
        """Whether any request to Datadog carried this value in any header."""
        return any(value in header for headers in self.heard for header in headers.values())


@pytest.fixture
def own_or_server(provider: Provider) -> Iterator[Upstream]:
    datadog = Sandbox(api_keys={"api-server"}, app_keys={"app-server": ALL_PERMISSIONS})
    heard: list[dict[str, str]] = []

    async def upstream(scope: Scope, receive: Receive, send: Send) -> None:
        heard.append({k.decode().lower(): v.decode() for k, v in scope.get("headers", [])})
        await datadog.app(scope, receive, send)

    env = {**SERVER_KEYS, "MCP_OAUTH_ISSUER": provider.issuer, "MCP_PUBLIC_URL": PUBLIC}
    with (
        running(upstream) as datadog_url,
        _served(env, api_url=datadog_url, credentials="per-request-or-server") as url,
    ):
        yield Upstream(f"{url}/mcp", datadog, heard)


def _acting(caplog: pytest.LogCaptureFixture) -> list[str]:
    lines = [r for r in caplog.records if r.name == "datadog_incidents_mcp.calls"]
    assert all(f"acting as {r.call['acting_as']};" in r.getMessage() for r in lines)  # type: ignore[attr-defined]
    return [r.call["acting_as"] for r in lines]  # type: ignore[attr-defined]


async def test_a_signed_in_person_with_their_own_pat_acts_as_its_owner_in_datadog(
    provider: Provider, own_or_server: Upstream, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="datadog_incidents_mcp.calls")
    priya = own_or_server.user(PRIYA)
    pat = own_or_server.datadog.tokens.issue(SCOPES, owner=priya)
    token = provider.token()
    async with _signed_in(own_or_server.url, token, **{"DD-APPLICATION-KEY": pat}) as client:
        me = await client.call_tool("get_current_user", {})
        made = await client.call_tool("create_incident", {"title": "Own", "is_test": True})
    assert not me.is_error and not made.is_error, (me.content, made.content)
    assert me.structured_content is not None
    assert me.structured_content["user"]["email"] == PRIYA  # "me": the signed-in person
    assert own_or_server.creator(made) == priya  # Datadog's record names her, not Alex
    assert own_or_server.sent(pat)
    assert not own_or_server.sent("app-server") and not own_or_server.sent("api-server")
    assert not own_or_server.sent(token)  # the sign-in token stays here
    assert _acting(caplog) == ["own token", "own token"]
    assert pat not in caplog.text


async def test_a_signed_in_person_without_one_acts_with_the_servers_keys_and_the_log_says_so(
    provider: Provider, own_or_server: Upstream, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="datadog_incidents_mcp.calls")
    token = provider.token()
    async with _signed_in(own_or_server.url, token) as client:
        me = await client.call_tool("get_current_user", {})
        made = await client.call_tool("create_incident", {"title": "Shared", "is_test": True})
    assert not me.is_error and not made.is_error, (me.content, made.content)
    assert me.structured_content is not None
    assert me.structured_content["user"]["email"] == PRIYA  # still her "me"...
    datadog = own_or_server.datadog
    assert own_or_server.creator(made) == datadog.store.caller_id  # ...but Datadog sees Alex
    assert all(headers.get("dd-application-key") == "app-server" for headers in own_or_server.heard)
    assert not own_or_server.sent(token)
    assert _acting(caplog) == ["server keys", "server keys"]


@pytest.mark.parametrize("spoiled", ["expired", "revoked"])
async def test_a_spoiled_own_pat_is_refused_as_such_and_never_falls_back_to_the_servers_keys(
    own_or_server: Upstream, provider: Provider, spoiled: str, caplog: pytest.LogCaptureFixture
) -> None:
    from datetime import timedelta

    caplog.set_level(logging.INFO, logger="datadog_incidents_mcp.calls")
    datadog = own_or_server.datadog
    pat = datadog.tokens.issue(SCOPES, owner=own_or_server.user(PRIYA), lifetime=timedelta(days=1))
    if spoiled == "revoked":
        datadog.tokens.revoke(pat)
    else:
        start = datadog.store.now()
        datadog.store.clock = lambda: start + timedelta(days=2)
    headers = {"DD-APPLICATION-KEY": pat}
    async with _signed_in(own_or_server.url, provider.token(), **headers) as client:
        found = await client.call_tool("search_incidents", {})
    assert found.is_error
    said = found.content[0].text  # type: ignore[union-attr]
    assert "Datadog refused the personal access token" in said and pat not in said
    assert own_or_server.heard and not own_or_server.sent("app-server")
    assert _acting(caplog) == ["own token"]


@pytest.mark.parametrize(
    "headers",
    [{"DD-API-KEY": "api-own"}, {"DD-APPLICATION-KEY": "app-own"}, {"DD-APPLICATION-KEY": ""}],
    ids=["api key alone", "application key alone", "empty"],
)
async def test_incomplete_own_keys_are_refused_not_served_with_the_servers(
    own_or_server: Upstream, provider: Provider, headers: dict[str, str]
) -> None:
    async with _signed_in(own_or_server.url, provider.token(), **headers) as client:
        found = await client.call_tool("search_incidents", {})
    assert found.is_error
    said = found.content[0].text  # type: ignore[union-attr]
    assert "this request brings an incomplete DD-" in said
    assert "or neither header, to act with the server's own Datadog credentials" in said
    assert not own_or_server.heard  # nothing reached Datadog


@pytest.mark.parametrize(
    ("env", "flags", "message"),
    [
        ({}, {"sandbox": True}, "cannot be combined with --sandbox"),
        (SERVER_KEYS, {"transport": "stdio"}, "needs --transport http"),
        ({}, {}, "DD_API_KEY and DD_APP_KEY not set"),  # the server's own are needed
    ],
    ids=["sandbox", "stdio", "no server keys"],
)
def test_per_request_or_server_refuses_what_cannot_work(
    env: dict[str, str], flags: dict[str, Any], message: str, tmp_path: Path
) -> None:
    chosen: dict[str, Any] = {"transport": "http", **flags}
    with pytest.raises(ConfigError, match=message):
        resolve_settings(
            {**env, "HOME": str(tmp_path)}, Flags(credentials="per-request-or-server", **chosen)
        )


async def test_the_keys_come_from_an_explicit_jwks_url_too(provider: Provider) -> None:
    env = {
        "MCP_OAUTH_ISSUER": "https://login.example.com",  # no metadata there: never fetched
        "MCP_PUBLIC_URL": PUBLIC,
        "MCP_OAUTH_JWKS_URL": f"{provider.issuer}/keys",
    }
    with _served(env, sandbox=True) as url:
        token = provider.token(iss="https://login.example.com")
        async with _signed_in(f"{url}/mcp", token) as client:
            assert not (await client.call_tool("get_current_user", {})).is_error
    assert provider.jwks_fetches == 1  # kept, not fetched per request


async def test_metrics_need_a_signed_in_token_too(provider: Provider) -> None:
    env = {"MCP_OAUTH_ISSUER": provider.issuer, "MCP_PUBLIC_URL": PUBLIC}
    settings = resolve_settings(env, Flags(transport="http", sandbox=True, metrics=True))
    metrics = open_metrics(settings)
    app = http_app(build_server(settings, sink=metrics), settings, metrics)
    with running(app, lifespan="on") as base:
        refused = httpx2.get(f"{base}/metrics", timeout=30)
        forged = httpx2.get(f"{base}/metrics", headers=_bearer(provider.token(aud="x")))
        scraped = httpx2.get(f"{base}/metrics", headers=_bearer(provider.token()), timeout=30)
    assert refused.status_code == forged.status_code == 401
    assert (
        f'resource_metadata="https://mcp.example.com{PRM}"' in refused.headers["www-authenticate"]
    )
    assert scraped.status_code == 200 and "datadog_incidents_mcp" in scraped.text


async def test_the_audit_trail_names_the_person_who_wrote(
    provider: Provider, tmp_path: Path
) -> None:
    trail = tmp_path / "audit.jsonl"
    env = {"MCP_OAUTH_ISSUER": provider.issuer, "MCP_PUBLIC_URL": PUBLIC}
    with _served(env, sandbox=True, stateless=True, audit_log=str(trail)) as url:
        async with _signed_in(f"{url}/mcp", provider.token()) as client:
            made = await client.call_tool("create_incident", {"title": "Signed", "is_test": True})
    assert not made.is_error, made.content
    (line,) = [json.loads(text) for text in trail.read_text().splitlines()]
    assert line["caller"] == f"user:{PRIYA}" and line["outcome"] == "done"


async def test_the_write_cap_counts_a_person_across_sessions(provider: Provider) -> None:
    env = {"MCP_OAUTH_ISSUER": provider.issuer, "MCP_PUBLIC_URL": PUBLIC}
    made: list[bool] = []
    with _served(env, sandbox=True, max_writes_per_minute=1) as url:
        for who in ("00u-priya", "00u-priya", "00u-mei"):
            token = provider.token(sub=who, email=f"{who}@example.com")
            async with _signed_in(f"{url}/mcp", token) as client:  # a session each
                change = {"incident_id": "IR-2", "severity": "SEV-3"}
                result = await client.call_tool("update_incident", change)
                made.append(not result.is_error)
    assert made == [True, False, True]


def test_tokens_naming_unknown_keys_do_not_make_the_server_hammer_the_provider(
    provider: Provider, server: str
) -> None:
    assert _initialize(f"{server}/mcp", provider.token()).status_code == 200
    for n in range(5):
        junk = jwt.encode(
            {"iss": provider.issuer}, KEY, algorithm="RS256", headers={"kid": f"j{n}"}
        )
        assert _initialize(f"{server}/mcp", junk).status_code == 401
    assert provider.jwks_fetches == 1  # the first token's; an unknown kid waits REFETCH_AFTER


async def test_a_rotated_key_is_fetched_and_an_aged_one_is_not_used_once_the_provider_is_down(
    provider: Provider,
) -> None:
    now = [1000.0]
    verifier = JwtVerifier(SignIn(issuer=provider.issuer, resource=PUBLIC), clock=lambda: now[0])
    assert await verifier.verify_token(provider.token()) is not None
    provider.kid, provider.key = "k2", OTHER_KEY  # the provider rotates its key
    rotated = provider.token()
    now[0] += 1
    assert await verifier.verify_token(rotated) is None  # fetched a second ago: not again
    now[0] += REFETCH_AFTER
    assert await verifier.verify_token(rotated) is not None
    assert provider.jwks_fetches == 2
    provider.up = False
    now[0] += JWKS_MAX_AGE
    assert await verifier.verify_token(rotated) is None  # its keys aged out: fail closed
    now[0] += 1
    assert await verifier.verify_token(rotated) is None  # and stay out until a fetch works
    assert provider.jwks_fetches == 3


def test_metadata_that_names_another_issuer_is_not_trusted_for_keys(
    provider: Provider, server: str
) -> None:
    provider.names_issuer = "https://login.example.com"  # a mix-up: RFC 8414 section 3.3
    assert _initialize(f"{server}/mcp", provider.token()).status_code == 401
    assert provider.jwks_fetches == 0


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {
                "MCP_OAUTH_ISSUER": "https://idp.example.com",
                "MCP_PUBLIC_URL": PUBLIC,
                "MCP_HTTP_TOKEN": "t" * 40,
            },
            "MCP_HTTP_TOKEN and --oauth-issuer (MCP_OAUTH_ISSUER) both set who may call",
        ),
        ({"MCP_OAUTH_ISSUER": "https://idp.example.com"}, "--oauth-issuer needs --public-url"),
        (
            {"MCP_OAUTH_ISSUER": "http://idp.example.com", "MCP_PUBLIC_URL": PUBLIC},
            "--oauth-issuer must be an https URL",
        ),
        (
            {"MCP_OAUTH_ISSUER": "https://idp.example.com", "MCP_PUBLIC_URL": "https://x.com/"},
            "must be the MCP endpoint, ending in /mcp",
        ),
        ({"MCP_PUBLIC_URL": PUBLIC}, "--public-url applies only when people sign in"),
        (
            {"MCP_OAUTH_ISSUER": "https://idp.example.com", "MCP_PUBLIC_URL": "http://[::1"},
            "--public-url must be an https URL",
        ),
        (
            {"MCP_OAUTH_ISSUER": "https://idp.example.com?tenant=1", "MCP_PUBLIC_URL": PUBLIC},
            "--oauth-issuer must be an https URL .* without \\?query",
        ),
    ],
)
def test_a_sign_in_setting_that_cannot_work_is_refused(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        resolve_settings(env, Flags(transport="http", sandbox=True))


def test_a_key_pasted_as_the_issuer_is_not_repeated() -> None:
    key = "ddpat_" + "a1b2c3d4" * 5
    with pytest.raises(ConfigError) as refused:
        resolve_settings(
            {"MCP_OAUTH_ISSUER": key, "MCP_PUBLIC_URL": PUBLIC}, Flags(transport="http")
        )
    assert "--oauth-issuer must be an https URL" in str(refused.value)
    assert key not in str(refused.value)


def test_sign_in_opens_the_server_beyond_loopback_without_a_shared_token() -> None:
    env = {"MCP_OAUTH_ISSUER": "https://idp.example.com", "MCP_PUBLIC_URL": PUBLIC}
    settings = resolve_settings(env, Flags(transport="http", sandbox=True, host="0.0.0.0"))
    assert settings.sign_in is not None and settings.http_token is None


def test_a_server_started_for_sign_in_says_so_and_challenges(provider: Provider) -> None:
    flags = ("--sandbox", "--oauth-issuer", provider.issuer, "--public-url", PUBLIC)
    with http_process(*flags) as served:
        refused = _initialize(served.url, None)
    assert any(f"people sign in with {provider.issuer}" in line for line in served.said)
    assert refused.status_code == 401 and "resource_metadata" in refused.headers["www-authenticate"]


def test_sign_in_flags_need_the_http_transport() -> None:
    with pytest.raises(ConfigError, match="--oauth-issuer needs --transport http"):
        resolve_settings({}, Flags(sandbox=True, oauth_issuer="https://idp.example.com"))
