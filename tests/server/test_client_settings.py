"""Client settings at start-up: a password in `--api-url` never shows (configuration errors,
`doctor`), and `DD_CALL_DEADLINE` takes only sane seconds."""

from __future__ import annotations

import pytest

from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.sandbox.serve import running
from datadog_incidents_mcp.server.config import ConfigError, resolve_settings
from datadog_incidents_mcp.server.doctor import run_doctor

pytestmark = pytest.mark.anyio
KEYS = {"DD_API_KEY": "api", "DD_APP_KEY": "app"}


def test_a_refused_api_url_is_shown_without_its_password() -> None:
    with pytest.raises(ConfigError) as caught:
        resolve_settings(env=KEYS, api_url="ftp://ops:hunter2@proxy.example")
    assert "hunter2" not in str(caught.value) and "proxy.example" in str(caught.value)


async def test_doctor_reaches_an_api_url_with_a_password_and_never_prints_it() -> None:
    lines: list[str] = []
    with running(Sandbox()) as url:
        with_password = url.replace("http://", "http://ops:hunter2@")
        await run_doctor(KEYS, site=None, api_url=with_password, say=lines.append)
    printed = "\n".join(lines)
    assert "[redacted]@127.0.0.1" in printed and "hunter2" not in printed


@pytest.mark.parametrize("deadline", ["0", "601", "soon", "nan"])
def test_a_call_deadline_outside_1_to_600_seconds_is_refused(deadline: str) -> None:
    with pytest.raises(ConfigError, match="DD_CALL_DEADLINE"):
        resolve_settings(env={**KEYS, "DD_CALL_DEADLINE": deadline})
