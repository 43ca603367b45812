"""What a tool call does when Datadog misbehaves, over real HTTP: recover within the retry
budget or say clearly what happened. Creates reach Datadog at most once. Keys never leak."""

from __future__ import annotations

import dataclasses
import json
import logging
from typing import Any

import anyio
import pytest

from datadog_incidents_mcp.sandbox import Fault, Sandbox
from tests.conftest import API_KEY, APP_KEY, connect, sandbox_settings
from tests.datadog.slow_servers import drip, serving, silent

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
    echo = {"errors": [f"keys {API_KEY} / {APP_KEY} lack incident_read"]}
    sandbox.faults.add(Fault(path="/api/v2/users", status=403, body=json.dumps(echo)))
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
    assert "keys [redacted] / [redacted] lack" in everything
    assert API_KEY not in everything and APP_KEY not in everything


@pytest.mark.parametrize("reset", ["-5", "inf", "nan", "1e400", "99999999999", "soon"])
async def test_an_odd_rate_limit_reset_is_waited_out_like_an_absent_one(
    sandbox: Sandbox, sandbox_url: str, reset: str
) -> None:
    sandbox.faults.add(Fault(path=SEARCH, status=429, headers={"X-RateLimit-Reset": reset}))
    async with connect(sandbox, url=sandbox_url) as client:
        result = await client.call_tool("search_incidents", {})
    assert not result.is_error and sandbox.count("GET", SEARCH) == 2


CREATES = [
    ("create_incident", {"title": "Cut short"}, 'incidents titled "Cut short"'),
    ("import_incident", {"title": "Cut short import"}, 'incidents titled "Cut short import"'),
    ("create_incident_todo", {"incident_id": "IR-1", "content": "x"}, "incident's todos"),
    (
        "create_incident_attachment",
        {"incident_id": "IR-1", "url": "https://example.com/doc", "title": "doc"},
        "incident's attachments",
    ),
    ("create_team", {"handle": "cut-short", "name": "Cut short"}, 'handle "cut-short"'),
    ("create_incident_type", {"name": "Cut short"}, 'type named "Cut short"'),
]


@pytest.mark.parametrize(
    "fault",
    [
        Fault(method="POST", truncate=True),
        Fault(method="POST", status=201, body='{"data": {"id": 7}}'),
    ],
    ids=["truncated-201", "wrong-shape-201"],
)
@pytest.mark.parametrize(("tool", "arguments", "check"), CREATES, ids=[c[0] for c in CREATES])
async def test_a_create_whose_answer_is_cut_short_says_to_check_before_retrying(
    sandbox: Sandbox,
    sandbox_url: str,
    fault: Fault,
    tool: str,
    arguments: dict[str, Any],
    check: str,
) -> None:
    sandbox.faults.add(dataclasses.replace(fault, times=1))  # one Fault serves every tool
    settings = sandbox_settings(toolsets="all")
    async with connect(sandbox, url=sandbox_url, settings=settings) as client:
        result = await client.call_tool(tool, arguments)
    text = result.content[0].text  # type: ignore[union-attr]
    assert result.is_error and text.startswith("outcome unknown: ")
    assert check in text and "Do not repeat the call" in text
    assert len([r for r in sandbox.requests if r.method == "POST"]) == 1


async def test_a_failure_after_the_create_in_the_same_call_says_it_was_created(
    sandbox: Sandbox, sandbox_url: str
) -> None:
    # create_incident reads the new incident back; that read fails for good.
    sandbox.faults.add(Fault(method="GET", path="/api/v2/incidents/[^/]+$", status=503, times=20))
    async with connect(sandbox, url=sandbox_url) as client:
        result = await client.call_tool("create_incident", {"title": "Made, then lost"})
    text = result.content[0].text  # type: ignore[union-attr]
    assert result.is_error and "already created something" in text
    assert 'incidents titled "Made, then lost"' in text
    titles = [r["attributes"]["title"] for r in sandbox.store["incidents"].values()]
    assert titles.count("Made, then lost") == 1


async def test_an_upstream_that_never_answers_ends_at_the_deadline_with_what_to_do() -> None:
    async with (
        serving(silent) as served,
        connect(Sandbox(), url=served.url, deadline=0.5) as client,
    ):
        with anyio.fail_after(20):
            result = await client.call_tool("search_incidents", {})
    assert result.is_error and result.content[0].text.startswith("timed out: ")  # type: ignore[union-attr]


async def test_a_create_whose_answer_drips_past_the_deadline_is_an_unknown_outcome() -> None:
    async with serving(drip) as served, connect(Sandbox(), url=served.url, deadline=0.5) as client:
        with anyio.fail_after(20):
            result = await client.call_tool("create_incident", {"title": "Dripping"})
    assert result.is_error and result.content[0].text.startswith("outcome unknown: ")  # type: ignore[union-attr]
    assert served.requests == 1


async def test_an_answer_over_the_size_cap_is_refused_with_what_to_do(
    sandbox: Sandbox, sandbox_url: str
) -> None:
    async with connect(sandbox, url=sandbox_url, max_response_bytes=2_000) as client:
        result = await client.call_tool("search_incidents", {})
    assert result.is_error and result.content[0].text.startswith("answer too large: ")  # type: ignore[union-attr]


HOSTILE = "a\u202eb\u2066c\u200bd\x1b[31me\x07f"


async def test_upstream_text_reaches_the_model_without_hidden_characters(
    sandbox: Sandbox, sandbox_url: str
) -> None:
    incident = next(iter(sandbox.store["incidents"].values()))
    incident["attributes"]["title"] = HOSTILE
    sandbox.faults.add(Fault(path=SEARCH, status=400, body=json.dumps({"errors": [HOSTILE]})))
    async with connect(sandbox, url=sandbox_url) as client:
        refused = await client.call_tool("search_incidents", {})
        shown = await client.call_tool("get_incident", {"incident_id": incident["id"]})
        kept = await client.call_tool(
            "delete_incident", {"incident_id": f"IR-1{HOSTILE}", "confirm": False}
        )
    texts = [r.content[0].text for r in (refused, shown, kept)]  # type: ignore[union-attr]
    assert "abcdef" in texts[0] and "abcdef" in texts[1]
    assert texts[2].startswith("not confirmed: incident IR-1abcdef was not deleted")
    assert not [t for t in texts if not t.isprintable()]
