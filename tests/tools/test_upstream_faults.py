"""What a tool call does when Datadog misbehaves, over real HTTP: recover within the retry
budget or say clearly what happened. Creates reach Datadog at most once. Keys never leak."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from datadog_incidents_mcp.sandbox import Fault, Sandbox
from tests.conftest import API_KEY, APP_KEY, connect

pytestmark = pytest.mark.anyio
SEARCH = "/api/v2/incidents/search"


@pytest.mark.parametrize(
    ("fault", "requests"),
    [
        (Fault(path=SEARCH, status=429, headers={"X-RateLimit-Reset": "1"}), 2),
        (Fault(path=SEARCH, status=429, times=2), 3),
        (Fault(path=SEARCH, status=503, times=2), 3),
        (Fault(path=SEARCH, delay=1.5), 2),
        (Fault(path=SEARCH, drop=True), 2),
    ],
    ids=["429-with-reset", "429-without-reset", "5xx-burst", "timeout", "reset-mid-body"],
)
async def test_reads_recover_within_the_retry_budget(
    sandbox: Sandbox, sandbox_url: str, fault: Fault, requests: int
) -> None:
    sandbox.faults.add(fault)
    async with connect(sandbox, url=sandbox_url, datadog_timeout=1.0) as client:
        result = await client.call_tool("search_incidents", {"state": ["active"]})
    assert (
        not result.is_error
        and result.structured_content
        and result.structured_content["total"] == 4
    )
    assert sandbox.count("GET", SEARCH) == requests


@pytest.mark.parametrize(
    ("fault", "says"),
    [
        (
            Fault(
                path=SEARCH,
                status=502,
                times=10,
                body="<html>Bad gateway</html>",
                content_type="text/html",
            ),
            "unavailable: Datadog cannot be used right now",
        ),
        (Fault(path=SEARCH, truncate=True), "Datadog answered in an unexpected shape"),
        (
            Fault(path=SEARCH, status=200, body="<html>Sign in</html>", content_type="text/html"),
            "expected JSON, got text/html",
        ),
        (
            Fault(path=SEARCH, status=200, body='{"data": "not what you think"}'),
            "unexpected response shape",
        ),
        (
            Fault(path=SEARCH, status=429, times=10, headers={"X-RateLimit-Reset": "90"}),
            "try again in 90 seconds",
        ),
    ],
    ids=["html-error-page", "truncated", "html-200", "wrong-shape", "rate-limit-beyond-budget"],
)
async def test_unrecoverable_answers_are_explained(
    sandbox: Sandbox, sandbox_url: str, fault: Fault, says: str
) -> None:
    sandbox.faults.add(fault)
    async with connect(sandbox, url=sandbox_url) as client:
        result = await client.call_tool("search_incidents", {})
    assert result.is_error and says in result.content[0].text  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "fault",
    [
        Fault(method="POST", path="/api/v2/incidents$", drop=True),
        Fault(method="POST", path="/api/v2/incidents$", status=503, times=5),
        Fault(method="POST", path="/api/v2/incidents$", delay=1.5),
    ],
    ids=["dropped", "5xx", "timeout"],
)
async def test_an_interrupted_create_is_sent_once(
    sandbox: Sandbox, sandbox_url: str, fault: Fault
) -> None:
    sandbox.faults.add(fault)
    async with connect(sandbox, url=sandbox_url, datadog_timeout=1.0) as client:
        result = await client.call_tool("create_incident", {"title": "Exactly once"})
    assert result.is_error and "Do not repeat the call" in result.content[0].text  # type: ignore[union-attr]
    assert sandbox.count("POST", "/api/v2/incidents$") == 1
    titles = [r["attributes"]["title"] for r in sandbox.store["incidents"].values()]
    assert titles.count("Exactly once") <= 1


async def test_keys_never_appear_in_results_logs_or_client_log_notifications(
    sandbox: Sandbox, sandbox_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    notified: list[Any] = []

    async def on_log(params: Any) -> None:
        notified.append(params)

    sandbox.faults.add(Fault(path=SEARCH, status=503, times=20))
    sandbox.faults.add(Fault(method="POST", drop=True, times=20))
    sandbox.faults.add(Fault(path="/relationships/todos", status=403, times=20))
    texts: list[str] = []
    async with connect(
        sandbox, url=sandbox_url, logging_callback=on_log, log_level="debug"
    ) as client:
        for tool, arguments in [
            ("search_incidents", {}),
            ("create_incident", {"title": "x"}),
            ("list_incident_todos", {"incident_id": "IR-1"}),
            ("get_incident", {"incident_id": "IR-1", "detail": "full"}),
            ("search_users", {}),
        ]:
            result = await client.call_tool(tool, arguments)
            texts += [block.text for block in result.content] + [str(result.structured_content)]  # type: ignore[union-attr]
    texts += [str(p) for p in notified] + [r.getMessage() for r in caplog.records]
    everything = "\n".join(texts)
    assert len(notified) >= 3 and "unavailable: Datadog" in everything
    assert API_KEY not in everything and APP_KEY not in everything
