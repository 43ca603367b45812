"""Personal and service access tokens: each request goes the way Datadog's spec allows for
its operation, and a refusal says what it means. Over real HTTP to the sandbox, which
knows its tokens' owners, scopes and expiry."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from datadog_incidents_mcp.datadog import (
    AuthenticationError,
    DatadogClient,
    PermissionDeniedError,
)
from datadog_incidents_mcp.datadog.auth import scopes_for
from datadog_incidents_mcp.datadog.oauth_scopes import OPERATIONS, TOOL_OPERATIONS
from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.sandbox.oauth_scopes import OPERATIONS as SANDBOX_OPERATIONS
from tests.auth_table import table
from tests.conftest import FAST_RETRY
from tests.spec import Recorder

pytestmark = pytest.mark.anyio
READ = {"incident_read", "user_access_read"}


def test_the_table_is_the_specs() -> None:
    """The generated table says what the vendored spec says (regenerate: python -m
    tests.auth_table): 78 of the 91 current incident operations take OAuth (the issue's 79
    of 92 counts CreatePageFromIncident, deprecated, which no tool calls)."""
    assert table() == (OPERATIONS, TOOL_OPERATIONS)
    assert SANDBOX_OPERATIONS == OPERATIONS
    incident = {k: v for k, v in OPERATIONS.items() if k[1].startswith("/api/v2/incidents")}
    assert (len(incident), sum(v is not None for v in incident.values())) == (91, 78)
    assert all(v is not None for k, v in OPERATIONS.items() if k[1].startswith("/api/v2/team"))
    assert scopes_for("GET", "/api/v2/incidents/abc/attachments") is None
    assert scopes_for("PATCH", "/api/v2/incidents/abc/attachments/x") == ("incident_write",)
    assert scopes_for("GET", "/api/v2/incidents/config/types/org-settings") == ("incident_read",)


async def _client(url: str, token: str, recorder: Recorder | None = None) -> DatadogClient:
    return DatadogClient(
        token=token, base_url=url, timeout=5, retry=FAST_RETRY, transport=recorder or None
    )


async def test_bearer_where_the_spec_lists_oauth_else_the_token_alone_as_app_key(
    sandbox: Sandbox, sandbox_url: str
) -> None:
    token = sandbox.tokens.issue(READ)
    recorder = Recorder()
    async with await _client(sandbox_url, token, recorder) as dd:
        await dd.incidents.list(page_size=1)  # AuthZ: incident_read
        await dd.global_handles.list()  # keys only
        me = await dd.users.current()  # keys only, outside the vendored spec
    sent = [request.headers for request, _ in recorder.exchanges]
    assert sent[0]["authorization"] == f"Bearer {token}"
    assert "dd-application-key" not in sent[0] and "dd-api-key" not in sent[0]
    for headers in sent[1:]:
        assert headers["dd-application-key"] == token
        assert "dd-api-key" not in headers and "authorization" not in headers
    assert me.data.id == sandbox.store.caller_id


async def test_a_token_set_as_the_application_key_is_sent_as_a_token(
    sandbox: Sandbox, sandbox_url: str
) -> None:
    token = sandbox.tokens.issue(READ, kind="sat")
    recorder = Recorder()
    async with DatadogClient(
        api_key="ignored-api-key", app_key=token, base_url=sandbox_url, transport=recorder
    ) as dd:
        await dd.incidents.list(page_size=1)
    (request, response), *_ = recorder.exchanges
    assert response.status_code == 200
    assert request.headers["authorization"] == f"Bearer {token}"
    assert "dd-api-key" not in request.headers


async def test_current_user_is_the_tokens_owner(sandbox: Sandbox, sandbox_url: str) -> None:
    other = next(u for u in sandbox.store["users"] if u != sandbox.store.caller_id)
    token = sandbox.tokens.issue(READ, owner=other)
    async with await _client(sandbox_url, token) as dd:
        assert (await dd.users.current()).data.id == other


async def test_an_expired_token_is_reported_as_such_with_when(
    sandbox: Sandbox, sandbox_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    token = sandbox.tokens.issue(READ, lifetime=timedelta(hours=1))
    start = sandbox.store.now()
    sandbox.store.clock = lambda: start + timedelta(hours=2)
    caplog.set_level(logging.DEBUG)
    async with await _client(sandbox_url, token) as dd:
        with pytest.raises(AuthenticationError) as raised:
            await dd.incidents.list(page_size=1)
    error = raised.value
    assert "token expired at" in str(error)
    assert error.credential is not None and "expired, been revoked" in error.credential
    assert "personal access token" in error.credential
    assert token not in str(error) + error.credential + caplog.text


async def test_a_revoked_token_is_refused(sandbox: Sandbox, sandbox_url: str) -> None:
    token = sandbox.tokens.issue(READ)
    sandbox.tokens.revoke(token)
    async with await _client(sandbox_url, token) as dd:
        with pytest.raises(AuthenticationError) as raised:
            await dd.global_handles.list()
    assert raised.value.credential and "revoked" in raised.value.credential


async def test_an_under_scoped_token_names_the_missing_scope(
    sandbox: Sandbox, sandbox_url: str
) -> None:
    token = sandbox.tokens.issue({"incident_read"})
    async with await _client(sandbox_url, token) as dd:
        with pytest.raises(PermissionDeniedError) as raised:
            await dd.teams.list(page_size=1)
    error = raised.value
    assert "missing scope: teams_read" in str(error)
    assert error.credential is not None
    assert "teams_read, which Datadog lists for GET /api/v2/team" in error.credential
