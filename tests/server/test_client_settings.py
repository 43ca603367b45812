"""Client settings at start-up: a password in `--api-url` never shows (configuration errors,
`doctor`), `DD_CALL_DEADLINE` takes only sane seconds, and the proxy variables are obeyed."""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from mcp import Client
from starlette.types import Receive, Scope, Send

from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.sandbox.serve import running
from datadog_incidents_mcp.server.app import build_server
from datadog_incidents_mcp.server.config import ConfigError, Flags, resolve_settings
from datadog_incidents_mcp.server.doctor import run_doctor

pytestmark = pytest.mark.anyio
KEYS = {"DD_API_KEY": "api", "DD_APP_KEY": "app"}


def test_a_refused_api_url_is_shown_without_its_password() -> None:
    with pytest.raises(ConfigError) as caught:
        resolve_settings(KEYS, Flags(api_url="ftp://ops:hunter2@proxy.example"))
    assert "hunter2" not in str(caught.value) and "proxy.example" in str(caught.value)


async def test_doctor_reaches_an_api_url_with_a_password_and_never_prints_it() -> None:
    lines: list[str] = []
    with running(Sandbox()) as url:
        with_password = url.replace("http://", "http://ops:hunter2@")
        await run_doctor(KEYS, Flags(api_url=with_password), say=lines.append)
    printed = "\n".join(lines)
    assert "[redacted]@127.0.0.1" in printed and "hunter2" not in printed


def test_the_settings_repr_never_shows_the_api_url_password() -> None:
    settings = resolve_settings(KEYS, Flags(api_url="http://ops:hunter2@proxy.example"))
    assert "hunter2" not in repr(settings) and "hunter2" not in str(settings)


@pytest.mark.parametrize(
    "url",
    [
        "http://ops:hunter2@127.0.0.1:9",  # nothing listens: the "cannot reach" line
        "http://ops:hun#ter2@127.0.0.1:9",  # a parser reads `#ter2@...` as the fragment
        "http://ops:hun/ter2@127.0.0.1:9",  # ... and `/ter2@...` as the path
        "http://ops:hunter2@[::1",  # a parser gives up on the host
    ],
)
async def test_doctor_never_prints_the_api_url_password(url: str) -> None:
    lines: list[str] = []
    code = await run_doctor(KEYS, Flags(api_url=url), say=lines.append)
    printed = "\n".join(lines)
    assert code == 1 and "ter2" not in printed and "[redacted]@" in printed, printed


def test_a_malformed_api_url_is_one_line_with_exit_2_and_no_password() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "datadog_incidents_mcp", "--api-url", "http://u:hunter2@[::1"],
        capture_output=True,
        text=True,
        env={**KEYS, "DD_ORGS_FILE": ""},
        timeout=60,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and "hunter2" not in result.stderr
    assert "--api-url must be an http(s) URL" in result.stderr


@pytest.mark.parametrize("deadline", ["0", "601", "soon", "nan"])
def test_a_call_deadline_outside_1_to_600_seconds_is_refused(deadline: str) -> None:
    with pytest.raises(ConfigError, match="DD_CALL_DEADLINE"):
        resolve_settings({**KEYS, "DD_CALL_DEADLINE": deadline})


async def test_the_server_reaches_datadog_through_the_proxy_the_environment_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The transport is made at the first request, not by the HTTP client, so the proxy
    variables must still reach it: `datadog.invalid` resolves nowhere but through the proxy."""
    sandbox = Sandbox()
    hosts: list[str] = []

    async def proxy(scope: Scope, receive: Receive, send: Send) -> None:
        path = urlsplit(str(scope["path"])).path  # a proxy is sent the absolute URL
        hosts.extend(v.decode() for k, v in scope["headers"] if k == b"host")
        await sandbox.app({**scope, "path": path, "raw_path": path.encode()}, receive, send)

    with running(proxy) as proxy_url:
        for name in ("http_proxy", "HTTP_PROXY"):
            monkeypatch.setenv(name, proxy_url)
        for name in ("no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY"):
            monkeypatch.delenv(name, raising=False)
        settings = resolve_settings(KEYS, Flags(api_url="http://datadog.invalid"))
        async with Client(build_server(settings)) as client:
            result = await client.call_tool("search_incidents", {"state": ["active"]})
    assert not result.is_error, result.content
    assert hosts and set(hosts) == {"datadog.invalid"}
