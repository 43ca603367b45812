"""`login` / `logout` against the sandbox's OAuth endpoints over real HTTP: registration,
PKCE through the loopback (the test follows the authorize redirect instead of a browser),
tokens kept in a 0600 file or the keychain, refreshed before expiry, and a server with no
keys or token running on them."""

from __future__ import annotations

import json
import stat
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx2
import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.fail import Keyring as NoKeyring
from mcp import Client

from datadog_incidents_mcp.datadog import AuthenticationError, DatadogClient
from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.server import login_store
from datadog_incidents_mcp.server.app import build_server
from datadog_incidents_mcp.server.cli import main
from datadog_incidents_mcp.server.config import ConfigError, Flags, resolve_settings
from datadog_incidents_mcp.server.doctor import run_doctor
from datadog_incidents_mcp.server.login import LoginError, LoginTokens, login, logout
from tests.conftest import call, fail

pytestmark = pytest.mark.anyio
SITE = "datadoghq.com"


def browser(opened: list[str]) -> Callable[[str], None]:
    """Instead of a browser: open the authorize URL, follow its redirect to the loopback."""

    def follow(url: str) -> None:
        opened.append(url)
        approved = httpx2.get(url, follow_redirects=False, timeout=30)
        assert approved.status_code == 302
        landed = httpx2.get(approved.headers["location"], timeout=30)
        assert landed.status_code == 200 and "Signed in" in landed.text

    return follow


async def _login(url: str, opened: list[str] | None = None) -> tuple[str, list[str]]:
    said: list[str] = []
    kept = await login(
        SITE, url, open_browser=browser([] if opened is None else opened), say=said.append, wait=60
    )  # the stand-in's own failures are swallowed as a browser's are: fail within a minute
    return kept, said


async def test_login_registers_signs_in_with_pkce_and_keeps_the_tokens_in_a_private_file(
    sandbox: Sandbox, sandbox_url: str
) -> None:
    opened: list[str] = []
    kept, said = await _login(sandbox_url, opened)
    path = login_store.login_file()
    assert kept == f"{path} (readable by you only)"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    query = parse_qs(urlsplit(opened[0]).query)
    assert urlsplit(opened[0]).path == "/oauth2/v1/authorize"
    assert query["code_challenge_method"] == ["S256"] and query["response_type"] == ["code"]
    assert set(query["scope"][0].split()) >= {"incident_read", "incident_write", "teams_read"}
    assert query["redirect_uri"][0].startswith("http://127.0.0.1:")
    assert sandbox.oauth.granted == ["authorization_code"]
    stored = json.loads(path.read_text())[sandbox_url]
    token = json.loads(stored)["access_token"]
    assert sandbox.tokens.known[token].kind == "oauth"
    assert token not in "\n".join(said)


async def test_a_server_without_keys_runs_on_the_login_and_says_what_it_cannot_call(
    sandbox: Sandbox, sandbox_url: str
) -> None:
    with pytest.raises(ConfigError, match="datadog-incidents-mcp login"):
        resolve_settings({"DD_API_URL": sandbox_url})
    await _login(sandbox_url)
    settings = resolve_settings({"DD_API_URL": sandbox_url}, Flags(toolsets="all"))
    assert settings.login
    async with Client(build_server(settings)) as client:
        assert (await call(client, "search_incidents", {}))["incidents"]
        said = await fail(client, "get_incident_settings", {})
    assert "takes only API and application keys" in said and "DD_BEARER_TOKEN" in said
    assert sandbox.count("GET", "/global/settings") == 0  # refused before it was sent


async def test_the_login_is_refreshed_before_it_expires_and_kept_again(
    sandbox: Sandbox, sandbox_url: str
) -> None:
    await _login(sandbox_url)
    before = login_store.load(sandbox_url)
    assert before is not None
    start = sandbox.store.now()
    sandbox.store.clock = lambda: start + timedelta(minutes=59)  # the sandbox's hour is nearly up
    later = time.time() + 59 * 60
    credentials = LoginTokens(sandbox_url, before, clock=lambda: later)
    async with DatadogClient(credentials=credentials, base_url=sandbox_url) as dd:
        sandbox.store.clock = lambda: start + timedelta(minutes=61)  # the old token expired
        await dd.incidents.list(page_size=1)
    after = login_store.load(sandbox_url)
    assert sandbox.oauth.granted == ["authorization_code", "refresh_token"]
    assert after is not None and after.access_token != before.access_token
    assert after.refresh_token != before.refresh_token  # the sandbox rotates them


async def test_an_expired_login_that_cannot_refresh_says_to_log_in_again(
    sandbox: Sandbox, sandbox_url: str
) -> None:
    await _login(sandbox_url)
    kept = login_store.load(sandbox_url)
    assert kept is not None
    sandbox.oauth.refresh.clear()  # revoked at Datadog
    start = sandbox.store.now()
    sandbox.store.clock = lambda: start + timedelta(hours=2)
    later = time.time() + 2 * 3600
    credentials = LoginTokens(sandbox_url, kept, clock=lambda: later)
    async with DatadogClient(credentials=credentials, base_url=sandbox_url) as dd:
        with pytest.raises(AuthenticationError) as raised:
            await dd.incidents.list(page_size=1)
    assert "run `datadog-incidents-mcp login` again" in (raised.value.credential or "")


async def test_doctor_names_the_login_its_owner_and_the_tools_keys_only_endpoints_leave_out(
    sandbox: Sandbox, sandbox_url: str
) -> None:
    await _login(sandbox_url)
    lines: list[str] = []
    code = await run_doctor({"DD_API_URL": sandbox_url}, Flags(toolsets="all"), say=lines.append)
    text = "\n".join(lines)
    assert code == 0, text
    assert "✓ `datadog-incidents-mcp login` is set (OAuth login)" in text
    assert "get_incident_settings" in text and "list_incident_attachments" in text


async def test_logout_forgets_the_login(
    sandbox: Sandbox, sandbox_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    await _login(sandbox_url)
    main(["logout", "--api-url", sandbox_url])
    assert capsys.readouterr().out.startswith("Signed out")
    assert not login_store.login_file().exists()
    assert not logout(SITE, sandbox_url)
    with pytest.raises(ConfigError, match="login"):
        resolve_settings({"DD_API_URL": sandbox_url})


class _Keychain(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        del self.kept[(service, username)]


@pytest.fixture
def keychain() -> Iterator[_Keychain]:
    chain = _Keychain()
    keyring.set_keyring(chain)
    try:
        yield chain
    finally:
        keyring.set_keyring(NoKeyring())


async def test_with_a_keychain_the_tokens_go_there_and_no_file_is_written(
    sandbox_url: str, keychain: _Keychain
) -> None:
    kept, _ = await _login(sandbox_url)
    assert kept == "the OS keychain"
    assert list(keychain.kept) == [("datadog-incidents-mcp", sandbox_url)]
    assert not login_store.login_file().exists()
    assert logout(SITE, sandbox_url) and not keychain.kept


async def test_a_wrong_pkce_verifier_is_refused(sandbox: Sandbox, sandbox_url: str) -> None:
    with httpx2.Client(base_url=sandbox_url) as http:
        redirect = "http://127.0.0.1:9/callback"
        client = http.post("/api/v2/oauth2/register", json={"redirect_uris": [redirect]}).json()
        challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"  # RFC 7636's example
        authorized = http.get(
            "/oauth2/v1/authorize",
            params={
                "response_type": "code",
                "client_id": client["client_id"],
                "redirect_uri": redirect,
                "code_challenge": challenge,
                "code_challenge_method": "S256",
                "state": "s",
            },
        )
        code = parse_qs(urlsplit(authorized.headers["location"]).query)["code"][0]
        traded = http.post(
            "/oauth2/v1/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect,
                "client_id": client["client_id"],
                "code_verifier": "not-the-verifier",
            },
        )
    assert traded.status_code == 400 and traded.json()["error_description"] == (
        "PKCE verification failed"
    )


async def test_an_unreadable_login_file_is_no_login(sandbox_url: str) -> None:
    path = login_store.login_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    for junk in ("{not json", '["a list"]', json.dumps({sandbox_url: '{"client_id": 1}'})):
        path.write_text(junk)
        assert login_store.load(sandbox_url) is None
        with pytest.raises(ConfigError, match="login"):
            resolve_settings({"DD_API_URL": sandbox_url})


async def test_a_callback_with_another_state_is_refused(sandbox_url: str) -> None:
    """A page that sends the browser to the loopback with its own code (login CSRF) fails."""

    def forged(url: str) -> None:
        approved = httpx2.get(url, follow_redirects=False, timeout=30)
        location = approved.headers["location"].replace("state=", "state=forged")
        assert httpx2.get(location, timeout=30).status_code == 400

    with pytest.raises(LoginError, match="another sign-in's state"):
        await login(SITE, sandbox_url, open_browser=forged, say=lambda _: None)
    assert login_store.load(sandbox_url) is None


async def test_a_scope_the_sign_in_did_not_grant_is_named(
    sandbox: Sandbox, sandbox_url: str
) -> None:
    sandbox.oauth.grantable = frozenset({"incident_read", "user_access_read"})
    await _login(sandbox_url)
    settings = resolve_settings({"DD_API_URL": sandbox_url}, Flags(toolsets="all"))
    async with Client(build_server(settings)) as client:
        said = await fail(client, "list_teams", {})
    assert said.startswith("permission denied")
    assert "the login was not granted the OAuth scope teams_read" in said
    assert "run `datadog-incidents-mcp login` again" in said
