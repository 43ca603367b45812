"""Check a signed-in person's access token: a JWT the organisation's identity provider signed.

A token is taken when its signature verifies with a key of the provider's JWKS (the key
its `kid` names, with that key's own algorithm; never a symmetric key, never `none`), its
`iss` is the configured issuer, its `aud` names this server's public URL (RFC 8707), and
it has not expired. Anything else is refused: the SDK then answers 401 with the challenge
that points to the Protected Resource Metadata. Why a token was refused is logged (never
the token), since the client only sees that it was.

The JWKS comes from the configured URL, or from the `jwks_uri` of the issuer's metadata
(RFC 8414, else OpenID Connect discovery), fetched when the first token arrives rather
than at start, so a server starts while its identity provider is down. The keys are kept
for JWKS_MAX_AGE; a `kid` not among them fetches them again (a rotation), at most once
per REFETCH_AFTER, so junk tokens cannot make the server hammer the provider.

Imported only in sign-in mode: it loads PyJWT and its cryptography backend.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlsplit

import anyio
import httpx2
import jwt
from mcp.server.auth.provider import AccessToken, TokenVerifier

from datadog_incidents_mcp.server.signin import SignIn

log = logging.getLogger("datadog_incidents_mcp.signin")

JWKS_MAX_AGE = 600.0  # seconds a fetched key set is used: a key the provider drops lasts no longer
REFETCH_AFTER = 30.0  # seconds between fetches for an unknown kid
FETCH_TIMEOUT = 10.0
LEEWAY = 30  # seconds of clock difference allowed on exp and nbf
KEY_TYPES = ("RSA", "EC", "OKP")  # public-key families: a JWKS never holds a shared secret


class Refused(Exception):
    """Why a token is not taken; logged, never shown to the client."""


class JwtVerifier(TokenVerifier):
    """The SDK's TokenVerifier for access tokens signed by the provider's keys."""

    def __init__(self, sign_in: SignIn, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.sign_in = sign_in
        self._clock = clock
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched: float | None = None  # when the keys held were fetched
        self._tried: float | None = None  # when a fetch was last begun, whatever came of it
        self._lock = anyio.Lock()

    async def verify_token(self, token: str) -> AccessToken | None:
        try:
            claims = await self.claims(token)
        except Refused as exc:
            log.warning("sign-in refused: %s", exc)
            return None
        return AccessToken(
            token=token,
            client_id=str(claims.get("client_id") or claims.get("azp") or claims["sub"]),
            scopes=scopes_of(claims),
            expires_at=int(claims["exp"]),
            resource=self.sign_in.resource,  # `aud` named it, or decoding refused the token
            subject=str(claims["sub"]),
            claims=claims,
        )

    async def claims(self, token: str) -> dict[str, Any]:
        """The token's claims once every check passed, or Refused saying which failed."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise Refused("not a JWT") from None  # nothing of what was sent is repeated
        key = await self._key(header.get("kid"))
        resource = self.sign_in.resource
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[key.algorithm_name],
                audience=[resource.rstrip("/"), resource.rstrip("/") + "/"],
                issuer=self.sign_in.issuer,
                leeway=LEEWAY,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise Refused("the token has expired") from None
        except jwt.InvalidAudienceError:
            raise Refused(f"the token is not for {resource} (its aud names another)") from None
        except jwt.InvalidIssuerError:
            raise Refused(f"the token was not issued by {self.sign_in.issuer}") from None
        except jwt.PyJWTError as exc:
            raise Refused(str(exc)) from None
        return claims

    async def _key(self, kid: object) -> jwt.PyJWK:
        """The provider's key `kid` names (the only key, when the token names none)."""
        async with self._lock:
            now = self._clock()
            fresh = self._fetched is not None and now - self._fetched < JWKS_MAX_AGE
            tried_lately = self._tried is not None and now - self._tried < REFETCH_AFTER
            if not fresh:
                self._keys = {}  # fail closed: keys past their age are not used if a fetch fails
            if not tried_lately and not (fresh and self._pick(kid)):
                self._tried = now
                self._keys = await self._fetch_keys()
                self._fetched = now
        found = self._pick(kid)
        if found is None:
            raise Refused("the key its kid names is not in the identity provider's JWKS")
        return found

    def _pick(self, kid: object) -> jwt.PyJWK | None:
        if kid is None:
            return next(iter(self._keys.values())) if len(self._keys) == 1 else None
        return self._keys.get(kid) if isinstance(kid, str) else None

    async def _fetch_keys(self) -> dict[str, jwt.PyJWK]:
        url = self.sign_in.jwks_url or await self._jwks_uri()
        document = await _get_json(url, "JWKS")
        found: dict[str, jwt.PyJWK] = {}
        listed = document.get("keys")
        for item in cast(list[Any], listed) if isinstance(listed, list) else []:
            entry = cast(dict[str, Any], item) if isinstance(item, dict) else {}
            if entry.get("use", "sig") != "sig" or entry.get("kty") not in KEY_TYPES:
                continue
            try:
                found[str(entry.get("kid", ""))] = jwt.PyJWK(entry)  # "": a key without one
            except jwt.PyJWTError:
                continue  # a key of a kind PyJWT cannot use signs no token we could check
        if not found:
            raise Refused(f"the JWKS at {url} holds no public signing key")
        return found

    async def _jwks_uri(self) -> str:
        """`jwks_uri` from the issuer's metadata, whose `issuer` must be the one configured."""
        issuer = self.sign_in.issuer
        for url in metadata_urls(issuer):
            try:
                metadata = await _get_json(url, "metadata")
            except Refused:
                continue
            if metadata.get("issuer") != issuer:
                raise Refused(f"the metadata at {url} names issuer {metadata.get('issuer')!r}")
            uri = metadata.get("jwks_uri")
            if isinstance(uri, str) and uri:
                return uri
        raise Refused(
            f"no jwks_uri in {issuer}'s metadata: set --oauth-jwks-url (MCP_OAUTH_JWKS_URL)"
        )


def metadata_urls(issuer: str) -> list[str]:
    """Where an issuer publishes its metadata: RFC 8414's well-known URI (inserted before
    the issuer's path), then OpenID Connect discovery's (appended to it)."""
    parts = urlsplit(issuer)
    path = parts.path.rstrip("/")
    origin = f"{parts.scheme}://{parts.netloc}"
    return [
        f"{origin}/.well-known/oauth-authorization-server{path}",
        f"{origin}{path}/.well-known/openid-configuration",
    ]


def scopes_of(claims: dict[str, Any]) -> list[str]:
    """The token's scopes: RFC 9068's space-separated `scope`, or the `scp` some providers
    (Okta, Microsoft Entra) send as a list or a string."""
    granted = claims.get("scope", claims.get("scp", ""))
    if isinstance(granted, str):
        return granted.split()
    if isinstance(granted, list):
        return [str(scope) for scope in cast(list[Any], granted)]
    return []


async def _get_json(url: str, what: str) -> dict[str, Any]:
    try:
        async with httpx2.AsyncClient(timeout=FETCH_TIMEOUT) as http:
            response = await http.get(url, headers={"Accept": "application/json"})
        response.raise_for_status()
        document = response.json()
    except (httpx2.HTTPError, ValueError) as exc:
        raise Refused(f"cannot fetch the identity provider's {what} from {url}: {exc}") from None
    if not isinstance(document, dict):
        raise Refused(f"the {what} at {url} is not a JSON object")
    return cast(dict[str, Any], document)
