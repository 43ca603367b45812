"""`doctor` against the sandbox over real HTTP, with keys that grant different permissions."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.sandbox.app import ALL_PERMISSIONS
from datadog_incidents_mcp.sandbox.serve import running
from datadog_incidents_mcp.server.cli import _server_parser
from datadog_incidents_mcp.server.config import Flags, resolve_settings
from datadog_incidents_mcp.server.doctor import run_doctor

pytestmark = pytest.mark.anyio


async def _doctor(
    url: str, api_key: str = "api", app_key: str = "full", **flags: object
) -> tuple[int, str]:
    lines: list[str] = []
    env = {"DD_API_KEY": api_key, "DD_APP_KEY": app_key}
    code = await run_doctor(env, Flags(api_url=url, **flags), say=lines.append)  # type: ignore[arg-type]
    return code, "\n".join(lines)


@pytest.fixture
def strict_url() -> object:
    sandbox = Sandbox(
        api_keys={"api"},
        app_keys={
            "full": ALL_PERMISSIONS,
            "reader": frozenset({"incident_read", "user_access_read"}),
            "triage": ALL_PERMISSIONS
            - {"incident_notification_settings_read", "incident_notification_settings_write"},
        },
    )
    with running(sandbox) as url:
        yield url
    writes = [r for r in sandbox.requests if r.method != "GET"]
    assert all(r.path.endswith("/00000000-0000-0000-0000-000000000000") for r in writes)
    assert all(r.status in (403, 404) for r in sandbox.requests if r.method != "GET")


async def test_a_complete_configuration_passes(strict_url: str) -> None:
    code, text = await _doctor(strict_url)
    assert code == 0, text
    assert "✓ API key is valid" in text and "✓ application key has `incident_write`" in text
    assert text.endswith("All checks passed.")


async def test_missing_permissions_are_named_with_the_toolsets_that_need_them(
    strict_url: str,
) -> None:
    code, text = await _doctor(strict_url, app_key="reader", toolsets="default,teams")
    assert code == 1
    assert "✓ application key can read incidents" in text
    assert "✗ application key lacks `incident_write`" in text and "--read-only" in text
    assert "✗ application key lacks `teams_read` (needed by the teams toolsets)" in text
    assert text.endswith("3 check(s) failed.")


async def test_a_wrong_api_key_stops_at_the_key_check(strict_url: str) -> None:
    code, text = await _doctor(strict_url, api_key="nope")
    assert code == 1 and "✗ Datadog rejects the API key" in text and "DD_SITE" in text
    code, text = await _doctor(strict_url, app_key="nope")
    assert code == 1 and "✗ Datadog rejects the application key" in text


async def test_nothing_listening_says_so() -> None:
    code, text = await _doctor("http://127.0.0.1:9")
    assert code == 1 and "cannot reach Datadog" in text


def test_the_command_reports_missing_keys_with_exit_1() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "datadog_incidents_mcp", "doctor"],
        capture_output=True,
        text=True,
        env={},
        timeout=60,
    )
    assert result.returncode == 1
    assert "DD_API_KEY and DD_APP_KEY not set" in result.stdout
    suggested = re.findall(r"`datadog-incidents-mcp ?([^`]*)`", result.stdout)
    assert "--sandbox" in suggested, result.stdout
    for command in suggested:  # each one a command that runs as shown, without keys
        argv = shlex.split(command)
        if argv and argv[0] in ("demo", "doctor", "sandbox", "login"):
            assert argv[0] != "doctor", command
            continue
        resolve_settings({}, Flags.parsed(_server_parser().parse_args(argv)))


async def test_opt_in_toolsets_are_checked_when_asked_for(strict_url: str) -> None:
    code, text = await _doctor(strict_url, app_key="triage")
    assert code == 0 and "notification" not in text
    code, text = await _doctor(strict_url, app_key="triage", toolsets="all")
    assert code == 1 and text.endswith("2 check(s) failed.")
    assert (
        "✗ application key lacks `incident_notification_settings_read` "
        "(needed by the notifications toolsets)" in text
    )
    assert "✓ application key has `incident_settings_write` (config, automation)" in text
    assert "– `oncall_page` (paging) is not checked" in text


async def test_read_only_asks_for_read_permissions_only(strict_url: str) -> None:
    code, text = await _doctor(
        strict_url, app_key="reader", read_only=True, toolsets="default,teams"
    )
    assert "incident_write" not in text and "teams_manage" not in text
    assert code == 1 and text.endswith("1 check(s) failed.")  # teams_read


def _answering(status: int, body: bytes, content_type: str) -> Starlette:
    """A stand-in for whatever sits at --api-url: every request gets the same answer."""

    async def answer(request: Request) -> Response:
        return Response(body, status, media_type=content_type, headers={"X-RateLimit-Reset": "0"})

    return Starlette(routes=[Route("/{path:path}", answer)])


@pytest.mark.parametrize(
    ("status", "body", "content_type", "verdict", "fix"),
    [
        (429, b'{"errors": ["Rate limit"]}', "application/json", "is rate-limiting", "wait a"),
        (503, b"<html>Bad gateway</html>", "text/html", "answered 503, a server error", "status"),
        (200, b"<html>Sign in</html>", "text/html", "not like Datadog's API", "DD_API_URL"),
        (200, b"[1, 2]", "application/json", "not like Datadog's API", "login page"),
    ],
    ids=["429", "5xx", "html-200", "json-of-another-shape"],
)
async def test_every_upstream_failure_is_a_verdict_with_a_fix(
    status: int, body: bytes, content_type: str, verdict: str, fix: str
) -> None:
    with running(_answering(status, body, content_type)) as url:
        code, text = await _doctor(url)
    assert code == 1 and "Traceback" not in text
    failed = [line for line in text.splitlines() if line.startswith("✗")]
    assert len(failed) == 1 and verdict in failed[0] and url in failed[0]
    assert fix in text.split("fix:")[1]


async def _token_doctor(url: str, token: str, **flags: object) -> tuple[int, str]:
    lines: list[str] = []
    env = {"DD_BEARER_TOKEN": token}
    code = await run_doctor(env, Flags(api_url=url, **flags), say=lines.append)  # type: ignore[arg-type]
    return code, "\n".join(lines)


async def test_a_token_is_validated_its_owner_named_and_every_scope_passes(
    sandbox: Sandbox, sandbox_url: str
) -> None:
    owner = next(u for u in sandbox.store["users"].values() if u["id"] != sandbox.store.caller_id)
    token = sandbox.tokens.issue(ALL_PERMISSIONS, owner=owner["id"])
    code, text = await _token_doctor(sandbox_url, token)
    assert code == 0, text
    assert "✓ DD_BEARER_TOKEN is set (personal access token)" in text
    assert f"it acts as {owner['attributes']['name']} <{owner['attributes']['email']}>" in text
    assert "✓ the token has `incident_write`" in text
    assert sandbox.count("GET", "/api/v2/validate_keys") == 1
    assert token not in text


async def test_a_scope_the_token_lacks_names_the_tools_it_leaves_out(
    sandbox: Sandbox, sandbox_url: str
) -> None:
    token = sandbox.tokens.issue(ALL_PERMISSIONS - {"incident_write"}, kind="sat")
    code, text = await _token_doctor(sandbox_url, token, toolsets="default")
    assert code == 1, text
    line = next(line for line in text.splitlines() if "`incident_write`" in line)
    assert line.startswith("✗ the token lacks the scope `incident_write`")
    assert "create_incident" in line and "update_incident" in line
    assert "search_incidents" not in line


async def test_an_expired_token_fails_doctor_saying_so(sandbox: Sandbox, sandbox_url: str) -> None:
    from datetime import timedelta

    token = sandbox.tokens.issue(ALL_PERMISSIONS, lifetime=timedelta(minutes=5))
    start = sandbox.store.now()
    sandbox.store.clock = lambda: start + timedelta(minutes=6)
    code, text = await _token_doctor(sandbox_url, token)
    assert code == 1
    assert "✗ Datadog refused the personal access token: it has expired" in text
    assert "fix: check DD_BEARER_TOKEN" in text and token not in text
