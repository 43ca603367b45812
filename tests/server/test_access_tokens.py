"""Access tokens wherever keys are taken: DD_BEARER_TOKEN, an org's token_env, and a
request's own DD-APPLICATION-KEY; over real HTTP to a sandbox that knows its tokens."""

from __future__ import annotations

from pathlib import Path

import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.sandbox.serve import running
from datadog_incidents_mcp.server.app import build_server
from datadog_incidents_mcp.server.config import ConfigError, Flags, resolve_settings
from datadog_incidents_mcp.server.transports import http_app
from tests.conftest import call, fail

pytestmark = pytest.mark.anyio
READ = {"incident_read", "user_access_read"}


def _someone_else(sandbox: Sandbox) -> str:
    return next(u for u in sandbox.store["users"] if u != sandbox.store.caller_id)


async def test_dd_bearer_token_serves_without_keys_as_the_tokens_owner(
    sandbox: Sandbox, sandbox_url: str
) -> None:
    owner = _someone_else(sandbox)
    token = sandbox.tokens.issue(READ, owner=owner)
    env = {"DD_BEARER_TOKEN": token, "DD_API_URL": sandbox_url}
    settings = resolve_settings(env, Flags(toolsets="all"))
    async with Client(build_server(settings)) as client:
        me = await call(client, "get_current_user", {})
        found = await call(client, "search_incidents", {"state": ["active"]})
    assert me["user"]["id"] == owner
    assert found["incidents"]


async def test_a_tool_the_tokens_scopes_leave_out_names_the_scope_and_never_the_token(
    sandbox: Sandbox, sandbox_url: str
) -> None:
    token = sandbox.tokens.issue({"incident_read"})
    settings = resolve_settings(
        {"DD_BEARER_TOKEN": token, "DD_API_URL": sandbox_url}, Flags(toolsets="all")
    )
    async with Client(build_server(settings)) as client:
        said = await fail(client, "list_teams", {})
    assert said.startswith("permission denied")
    assert "missing scope: teams_read" in said
    assert "lacks the OAuth scope teams_read, which Datadog lists for GET /api/v2/team" in said
    assert token not in said


async def test_an_expired_token_says_so(sandbox: Sandbox, sandbox_url: str) -> None:
    from datetime import timedelta

    token = sandbox.tokens.issue(READ, lifetime=timedelta(days=1))
    start = sandbox.store.now()
    sandbox.store.clock = lambda: start + timedelta(days=2)
    settings = resolve_settings({"DD_BEARER_TOKEN": token, "DD_API_URL": sandbox_url})
    async with Client(build_server(settings)) as client:
        said = await fail(client, "search_incidents", {})
    assert said.startswith("authentication failed: Datadog refused the personal access token")
    assert "token expired at" in said and token not in said


def test_keys_are_no_longer_required_with_a_token_and_the_message_names_it() -> None:
    with pytest.raises(ConfigError, match="DD_BEARER_TOKEN"):
        resolve_settings({})
    settings = resolve_settings({"DD_BEARER_TOKEN": "ddpat_x", "DD_API_KEY": "k"})
    assert settings.token is not None and not settings.api_key.get_secret_value()


async def test_an_org_takes_a_token_from_token_env(
    sandbox: Sandbox, sandbox_url: str, tmp_path: Path
) -> None:
    owner = _someone_else(sandbox)
    token = sandbox.tokens.issue(READ, owner=owner, kind="sat")
    path = tmp_path / "orgs.toml"
    path.write_text(
        f'[orgs.prod]\napi_url = "{sandbox_url}"\ntoken_env = "PROD_TOKEN"\ndefault = true\n'
        f'[orgs.lab]\napi_url = "{sandbox_url}"\napi_key_env = "K"\napp_key_env = "A"\n'
    )
    env = {"PROD_TOKEN": token, "K": "k", "A": "a"}
    settings = resolve_settings(env, Flags(orgs=str(path)))
    async with Client(build_server(settings)) as client:
        assert (await call(client, "get_current_user", {}))["user"]["id"] == owner
        lab = await call(client, "get_current_user", {"org": "lab"})
    assert lab["user"]["id"] == sandbox.store.caller_id


def test_an_org_with_a_token_and_keys_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "orgs.toml"
    path.write_text('[orgs.prod]\ntoken_env = "T"\napi_key_env = "K"\napp_key_env = "A"\n')
    with pytest.raises(ConfigError, match="set token_env or api_key_env and app_key_env"):
        resolve_settings({"T": "ddpat_x", "K": "k", "A": "a"}, Flags(orgs=str(path)))


async def test_a_request_may_send_its_token_alone_in_dd_application_key() -> None:
    """The API key is not evaluated beside a token: this sandbox takes no API key at all."""
    datadog = Sandbox(api_keys=set())
    token = datadog.tokens.issue(READ, owner=_someone_else(datadog))
    settings = resolve_settings({}, Flags(transport="http", credentials="per-request"))
    with (
        running(datadog) as datadog_url,
        running(
            http_app(build_server(resolve_settings({}, _per_request(datadog_url))), settings),
            lifespan="on",
        ) as url,
    ):
        async with (
            httpx2.AsyncClient(headers={"DD-APPLICATION-KEY": token}, timeout=30) as http,
            Client(streamable_http_client(f"{url}/mcp", http_client=http)) as client,
        ):
            me = await call(client, "get_current_user", {})
            await call(client, "search_incidents", {})
    assert me["user"]["id"] == _someone_else(datadog)


def _per_request(api_url: str) -> Flags:
    return Flags(transport="http", credentials="per-request", api_url=api_url)


def test_a_token_pasted_into_the_orgs_file_is_refused_without_being_repeated(
    tmp_path: Path,
) -> None:
    path = tmp_path / "orgs.toml"
    path.write_text('[orgs.prod]\ntoken = "ddpat_secret123456789abcdef"\n')
    with pytest.raises(ConfigError, match="token: token_env") as raised:
        resolve_settings({}, Flags(orgs=str(path)))
    assert "ddpat_secret" not in str(raised.value)
