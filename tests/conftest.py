"""Shared fixtures: the sandbox over real HTTP on 127.0.0.1 and clients pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from datadog_incidents_mcp.datadog import DatadogClient, RetryPolicy
from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.sandbox.serve import running

API_KEY = "canary-api-key-7f3e9b1c"
APP_KEY = "canary-app-key-2d8a4c6e"
FAST_RETRY = RetryPolicy(
    max_retries=3, backoff_initial=0.01, backoff_max=0.05, max_rate_limit_wait=5
)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox()


@pytest.fixture
def sandbox_url(sandbox: Sandbox) -> Iterator[str]:
    with running(sandbox) as url:
        yield url


@pytest.fixture
async def client(sandbox_url: str) -> AsyncIterator[DatadogClient]:
    async with DatadogClient(
        api_key=API_KEY, app_key=APP_KEY, base_url=sandbox_url, timeout=5, retry=FAST_RETRY
    ) as dd:
        yield dd
