"""`datadog-incidents-mcp login` / `logout`: sign in to Datadog with OAuth, for local use.

As Datadog's own CLI and MCP server do: register a public client (dynamic client
registration, `POST /api/v2/oauth2/register`, a preview endpoint at Datadog), send the
browser to `/oauth2/v1/authorize` on the site's web host with a PKCE (S256) challenge and
a loopback redirect (`http://127.0.0.1:PORT/callback`), and trade the code for tokens at
`/oauth2/v1/token` on the API host. The tokens are kept by `login_store`, and a server
with neither keys nor a token uses them (`LoginTokens`), refreshing them before expiry.

An OAuth token goes only as Bearer, on operations whose spec lists OAuth: a tool on an
operation that takes keys alone says so (datadog.auth.KeysOnlyError) instead of failing.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any, cast
from urllib.parse import parse_qs, urlencode, urlsplit

import anyio
import httpx2
from anyio.abc import SocketAttribute, SocketListener, SocketStream

from datadog_incidents_mcp import __version__
from datadog_incidents_mcp.datadog.auth import KeysOnlyError, needs_scopes, scopes_for
from datadog_incidents_mcp.datadog.scrub import Scrubber
from datadog_incidents_mcp.datadog.sites import api_base_url, web_base_url
from datadog_incidents_mcp.server import login_store
from datadog_incidents_mcp.server.login_store import Login

# A token this close to its expiry (seconds) is refreshed before it is sent.
REFRESH_MARGIN = 120.0
BROWSER_WAIT = 300.0  # seconds the loopback listens for the browser
CLIENT_NAME = "datadog-incidents-mcp"


class LoginError(Exception):
    """The sign-in failed; the message says why and what to do."""


def wanted_scopes() -> tuple[str, ...]:
    """Every scope Datadog's spec lists for an operation the tools call."""
    from datadog_incidents_mcp.datadog.oauth_scopes import OPERATIONS

    return tuple(sorted({scope for scopes in OPERATIONS.values() for scope in scopes or ()}))


def where(site: str, api_url: str | None) -> tuple[str, str, str]:
    """The login's key in the store, its API root and its web root (an API URL, for a
    proxy or the sandbox, serves both)."""
    if api_url:
        root = api_url.rstrip("/")
        return root, root, root
    return site, api_base_url(site), web_base_url(site)


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _answer(response: httpx2.Response, what: str, scrub: Scrubber) -> dict[str, Any]:
    """A JSON object answer, or LoginError naming Datadog's error and what failed."""
    try:
        body: Any = response.json()
    except ValueError:
        body = None
    if response.status_code >= 400 or not isinstance(body, dict):
        detail = ""
        if isinstance(body, dict):
            fields = cast(dict[str, Any], body)
            detail = str(fields.get("error_description") or fields.get("error") or "")
            detail = detail or "; ".join(map(str, fields.get("errors") or []))
        raise LoginError(
            f"{what} failed ({response.status_code}{': ' + scrub.text(detail) if detail else ''})"
        )
    return cast(dict[str, Any], body)


def _login_from(answer: dict[str, Any], client_id: str, token_url: str, now: float) -> Login:
    try:
        return Login(
            client_id=client_id,
            access_token=str(answer["access_token"]),
            refresh_token=str(answer.get("refresh_token") or ""),
            expires_at=now + float(answer.get("expires_in") or 3600),
            scopes=tuple(str(answer.get("scope") or "").split()),
            token_url=token_url,
        )
    except (KeyError, ValueError):
        raise LoginError("Datadog's token answer has no access token") from None


async def _read_request(stream: SocketStream) -> str:
    """The request line the browser sent to the loopback."""
    head = b""
    while b"\r\n" not in head and len(head) < 8192:
        head += await stream.receive()
    return head.split(b"\r\n", 1)[0].decode("latin-1")


async def _reply(stream: SocketStream, status: str, text: str) -> None:
    body = f"<!doctype html><title>datadog-incidents-mcp</title><p>{text}</p>".encode()
    head = f"HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n"
    head += f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    await stream.send(head.encode() + body)


async def _wait_for_code(listener: SocketListener, state: str) -> str:
    """The authorization code the browser brings to the loopback, checked against `state`."""
    while True:
        async with await listener.accept() as stream:
            line = await _read_request(stream)
            target = line.split(" ")[1] if line.count(" ") >= 2 else ""
            parts = urlsplit(target)
            if parts.path != "/callback":
                await _reply(stream, "404 Not Found", "Not the sign-in callback.")
                continue
            query = parse_qs(parts.query)
            if query.get("state") != [state]:
                await _reply(stream, "400 Bad Request", "Sign-in failed: the state differs.")
                raise LoginError("the browser came back with another sign-in's state; try again")
            if "code" not in query:
                error = (query.get("error_description") or query.get("error") or ["no code"])[0]
                await _reply(stream, "400 Bad Request", "Sign-in failed; see the terminal.")
                raise LoginError(f"Datadog did not sign you in: {Scrubber().text(error)[:200]}")
            await _reply(stream, "200 OK", "Signed in to Datadog. You can close this tab.")
            return query["code"][0]


def _opener(open_browser: Callable[[str], object]) -> Callable[[str], None]:
    """`open_browser` made harmless: with no browser, the URL printed above still works."""

    def opened(url: str) -> None:
        with contextlib.suppress(Exception):
            open_browser(url)

    return opened


async def login(
    site: str,
    api_url: str | None = None,
    *,
    open_browser: Callable[[str], object],
    say: Callable[[str], None],
    wait: float = BROWSER_WAIT,
    clock: Callable[[], float] = time.time,
) -> str:
    """Sign in and keep the tokens; where they were kept."""
    key, api, web = where(site, api_url)
    verifier, state = secrets.token_urlsafe(64), secrets.token_urlsafe(24)
    scrub = Scrubber((verifier,))
    async with (
        await anyio.create_tcp_listener(local_host="127.0.0.1", local_port=0) as listeners,
        httpx2.AsyncClient(
            timeout=30, headers={"User-Agent": f"datadog-incidents-mcp/{__version__}"}
        ) as http,
    ):
        listener = cast(SocketListener, listeners.listeners[0])
        redirect = f"http://127.0.0.1:{listener.extra(SocketAttribute.local_port)}/callback"
        registered = _answer(
            await http.post(
                f"{api}/api/v2/oauth2/register",
                json={
                    "client_name": CLIENT_NAME,
                    "redirect_uris": [redirect],
                    "grant_types": ["authorization_code", "refresh_token"],
                    "response_types": ["code"],
                    "token_endpoint_auth_method": "none",
                },
            ),
            "registering this client with Datadog (a preview endpoint)",
            scrub,
        )
        client_id = str(registered.get("client_id") or "")
        if not client_id:
            raise LoginError("Datadog's registration answer has no client_id")
        url = f"{web}/oauth2/v1/authorize?" + urlencode(
            {
                "response_type": "code",
                "client_id": client_id,
                "redirect_uri": redirect,
                "scope": " ".join(wanted_scopes()),
                "state": state,
                "code_challenge": _challenge(verifier),
                "code_challenge_method": "S256",
            }
        )
        say(f"Opening Datadog in your browser to sign in; if it does not open, visit:\n{url}")
        code, failed = "", None
        try:
            with anyio.fail_after(wait):
                async with anyio.create_task_group() as group:
                    group.start_soon(anyio.to_thread.run_sync, _opener(open_browser), url)
                    try:
                        code = await _wait_for_code(listener, state)
                    except LoginError as exc:  # raised as itself, not in a task group's
                        failed = exc
        except TimeoutError:
            raise LoginError(
                f"no sign-in came back from the browser within {wait / 60:g} minutes; run "
                "`datadog-incidents-mcp login` again"
            ) from None
        if failed is not None:
            raise failed
        token_url = f"{api}/oauth2/v1/token"
        answer = _answer(
            await http.post(
                token_url,
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": redirect,
                    "client_id": client_id,
                    "code_verifier": verifier,
                },
            ),
            "trading the sign-in code for tokens",
            scrub,
        )
    made = _login_from(answer, client_id, token_url, clock())
    return login_store.save(key, made)


class LoginTokens:
    """The credentials of a login: its access token as Bearer, refreshed before expiry.

    An operation whose spec lists keys only is refused before it is sent (KeysOnlyError).
    A refreshed pair is kept again, so the next start uses it.
    """

    kind = "OAuth login"

    def __init__(self, key: str, login: Login, *, clock: Callable[[], float] = time.time) -> None:
        self._key, self._login, self._clock = key, login, clock
        self._lock = anyio.Lock()

    def secrets(self) -> tuple[str, ...]:
        return (self._login.access_token, self._login.refresh_token)

    async def headers(self, method: str, path: str) -> dict[str, str]:
        if scopes_for(method, path) is None:
            raise KeysOnlyError(method, path)
        async with self._lock:
            if self._login.expires_at - self._clock() < REFRESH_MARGIN:
                await self._refresh()
        return {"Authorization": f"Bearer {self._login.access_token}"}

    async def _refresh(self) -> None:
        login = self._login
        if not login.refresh_token:
            return  # the 401 that follows says to log in again
        try:
            async with httpx2.AsyncClient(timeout=30) as http:
                response = await http.post(
                    login.token_url,
                    data={
                        "grant_type": "refresh_token",
                        "refresh_token": login.refresh_token,
                        "client_id": login.client_id,
                    },
                )
            answer = _answer(response, "refreshing the login", Scrubber(self.secrets()))
        except (httpx2.HTTPError, LoginError):
            return  # the token goes as it is; a 401 then says to log in again
        fresh = _login_from(answer, login.client_id, login.token_url, self._clock())
        self._login = replace(fresh, refresh_token=fresh.refresh_token or login.refresh_token)
        login_store.save(self._key, self._login)

    def refused(self, status: int, method: str, path: str) -> str | None:
        if status == 401:
            expired = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(self._login.expires_at))
            return (
                f"Datadog refused the login's token (it expires or expired at {expired}, and "
                "was not refreshed, or was revoked); run `datadog-incidents-mcp login` again"
            )
        if status == 403 and set(scopes_for(method, path) or ()) - set(self._login.scopes):
            return (
                f"the login was not granted {needs_scopes(method, path)}; run "
                "`datadog-incidents-mcp login` again and grant it"
            )
        if status == 403:
            return "the login's user lacks the permission in Datadog (their role)"
        return None


def stored(site: str, api_url: str | None) -> LoginTokens | None:
    """The credentials of the login kept for this site, or None."""
    key = where(site, api_url)[0]
    found = login_store.load(key)
    return LoginTokens(key, found) if found else None


def logout(site: str, api_url: str | None) -> bool:
    """Forget the login kept for this site; whether there was one. The tokens stay valid at
    Datadog until they expire: revoke the client under Personal Settings to end them now."""
    return login_store.forget(where(site, api_url)[0])
