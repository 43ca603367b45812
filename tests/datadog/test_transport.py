"""The request path against the sandbox over real HTTP, with injected faults."""

from __future__ import annotations

import dataclasses
import json
import logging
import unicodedata
from collections.abc import Awaitable

import anyio
import httpx2
import pytest
from starlette.types import Receive, Scope, Send

from datadog_incidents_mcp.datadog import (
    APIConnectionError,
    AuthenticationError,
    BadRequestError,
    DatadogClient,
    InvalidIdError,
    InvalidResponseError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitedError,
    ReadOnlyError,
    RetryPolicy,
    ServerError,
)
from datadog_incidents_mcp.datadog.calls import read_only
from datadog_incidents_mcp.datadog.models import incidents as inc
from datadog_incidents_mcp.datadog.models import todos as td
from datadog_incidents_mcp.sandbox import Fault, Sandbox
from tests.conftest import API_KEY, APP_KEY, FAST_RETRY
from tests.datadog.virtual_clock import VirtualClockLoop

pytestmark = pytest.mark.anyio


def _create_body(title: str) -> inc.IncidentCreateRequest:
    return inc.IncidentCreateRequest.of(title=title, customer_impacted=False)


@pytest.mark.parametrize("anyio_backend", [("asyncio", {"loop_factory": VirtualClockLoop})])
async def test_429_with_reset_header_is_waited_out_and_succeeds(sandbox: Sandbox) -> None:
    sandbox.faults.add(
        Fault(
            path="/api/v2/incidents$",
            status=429,
            headers={"X-RateLimit-Reset": "1", "X-RateLimit-Name": "incidents"},
        )
    )
    async with DatadogClient(
        api_key=API_KEY,
        app_key=APP_KEY,
        base_url="http://sandbox.invalid",
        transport=httpx2.ASGITransport(app=sandbox.app),
        retry=FAST_RETRY,
    ) as dd:
        started = anyio.current_time()  # virtual: the second is waited, not spent
        page = await dd.incidents.list(page_size=2)
        waited = anyio.current_time() - started
    assert len(page.data) == 2
    assert 1.0 <= waited <= 1.2  # X-RateLimit-Reset, plus at most its 10% jitter and 0.1 s
    assert sandbox.count("GET", "/api/v2/incidents$") == 2


async def test_429_is_retried_for_creates_because_datadog_rejected_it_before_acting(
    client: DatadogClient, sandbox: Sandbox
) -> None:
    sandbox.faults.add(Fault(method="POST", path="/api/v2/incidents$", status=429))
    created = await client.incidents.create(_create_body("Rate limited once"))
    assert created.data.attributes.title == "Rate limited once"
    assert sandbox.count("POST", "/api/v2/incidents$") == 2


async def test_429_beyond_the_budget_reports_when_to_retry(
    client: DatadogClient, sandbox: Sandbox
) -> None:
    sandbox.faults.add(
        Fault(
            path="/api/v2/incidents$",
            status=429,
            times=10,
            headers={"X-RateLimit-Reset": "600", "X-RateLimit-Limit": "60"},
        )
    )
    with pytest.raises(RateLimitedError) as caught:
        await client.incidents.list()
    assert caught.value.rate_limit is not None
    assert (caught.value.rate_limit.reset, caught.value.rate_limit.limit) == (600, 60)
    assert sandbox.count("GET", "/api/v2/incidents$") == 1


async def test_a_5xx_burst_on_a_read_is_retried(client: DatadogClient, sandbox: Sandbox) -> None:
    sandbox.faults.add(Fault(path="/api/v2/incidents/search", status=503, times=2))
    result = await client.incidents.search(query_text="state:active")
    assert result.data.attributes.total == 4
    assert sandbox.count("GET", "/search") == 3


async def test_a_5xx_burst_longer_than_the_budget_raises_server_error(
    client: DatadogClient, sandbox: Sandbox
) -> None:
    sandbox.faults.add(
        Fault(
            path="/api/v2/incidents$",
            status=502,
            times=10,
            body="<html>Bad gateway</html>",
            content_type="text/html",
        )
    )
    with pytest.raises(ServerError) as caught:
        await client.incidents.list()
    assert caught.value.status == 502
    assert "non-JSON error body (text/html" in str(caught.value)
    assert sandbox.count("GET", "/api/v2/incidents$") == FAST_RETRY.max_retries + 1


async def test_a_create_whose_connection_drops_is_not_retried_and_exists_once(
    client: DatadogClient, sandbox: Sandbox
) -> None:
    before = len(sandbox.store["incidents"])
    sandbox.faults.add(Fault(method="POST", path="/api/v2/incidents$", drop=True))
    with pytest.raises(OutcomeUnknownError) as caught:
        await client.incidents.create(_create_body("Dropped mid-response"))
    assert "Dropped mid-response" in str(caught.value)  # says what to search for
    assert sandbox.count("POST", "/api/v2/incidents$") == 1
    titles = [r["attributes"]["title"] for r in sandbox.store["incidents"].values()]
    assert titles.count("Dropped mid-response") == 1
    assert len(sandbox.store["incidents"]) == before + 1


async def test_a_create_answered_with_5xx_is_not_retried(
    client: DatadogClient, sandbox: Sandbox
) -> None:
    sandbox.faults.add(Fault(method="POST", path="/relationships/todos", status=500, times=5))
    incident_id = next(iter(sandbox.store["incidents"]))
    with pytest.raises(OutcomeUnknownError) as caught:
        await client.todos.create(
            incident_id,
            td.TodoCreateRequest.of(content="x", assignees=[]),
        )
    assert caught.value.status == 500
    assert sandbox.count("POST", "/relationships/todos") == 1


async def test_a_dropped_read_is_retried(client: DatadogClient, sandbox: Sandbox) -> None:
    sandbox.faults.add(Fault(method="GET", path="/api/v2/incidents$", drop=True))
    page = await client.incidents.list(page_size=1)
    assert len(page.data) == 1
    assert sandbox.count("GET", "/api/v2/incidents$") == 2


async def test_a_truncated_body_is_an_invalid_response(
    client: DatadogClient, sandbox: Sandbox
) -> None:
    sandbox.faults.add(Fault(method="GET", path="/api/v2/incidents$", truncate=True))
    with pytest.raises(InvalidResponseError):
        await client.incidents.list()


async def test_a_slow_answer_times_out_and_a_read_is_retried(
    sandbox_url: str, sandbox: Sandbox
) -> None:
    sandbox.faults.add(Fault(method="GET", path="/api/v2/incidents$", delay=1.0))
    async with DatadogClient(
        api_key=API_KEY, app_key=APP_KEY, base_url=sandbox_url, timeout=0.3, retry=FAST_RETRY
    ) as dd:
        page = await dd.incidents.list(page_size=1)
    assert len(page.data) == 1


async def test_a_base_url_without_http_fails_at_once_even_for_a_create() -> None:
    async with DatadogClient(
        api_key=API_KEY, app_key=APP_KEY, base_url="ftp://example.com", retry=FAST_RETRY
    ) as dd:
        with pytest.raises(APIConnectionError, match="not an http"):
            await dd.incidents.create(_create_body("never sent"))


async def test_nothing_listening_is_a_connection_error_after_retries() -> None:
    async with DatadogClient(
        api_key=API_KEY, app_key=APP_KEY, base_url="http://127.0.0.1:9", retry=FAST_RETRY
    ) as dd:
        with pytest.raises(APIConnectionError) as caught:
            await dd.incidents.list()
    assert "after 4 attempts" in str(caught.value)


@pytest.mark.parametrize(
    "bad_id", ["../../api/v1/monitor", "a?b=c", "x/y", "..", "%2e%2e", "a#b", "", "a b", "é"]
)
async def test_ids_that_would_change_the_path_send_no_request(
    client: DatadogClient, sandbox: Sandbox, bad_id: str
) -> None:
    with pytest.raises(InvalidIdError):
        await client.incidents.get(bad_id)
    with pytest.raises(InvalidIdError):
        await client.todos.delete("00000000-0000-0000-0000-000000000001", bad_id)
    assert not sandbox.requests


async def test_missing_or_wrong_keys_are_auth_errors(sandbox_url: str) -> None:
    strict = Sandbox(api_keys={API_KEY}, app_keys={APP_KEY: frozenset({"incident_read"})})
    from datadog_incidents_mcp.sandbox.serve import running

    with running(strict) as url:
        async with DatadogClient(api_key="wrong", app_key=APP_KEY, base_url=url) as dd:
            with pytest.raises(PermissionDeniedError):
                await dd.incidents.list()
        async with DatadogClient(api_key=API_KEY, app_key="wrong", base_url=url) as dd:
            with pytest.raises(AuthenticationError):
                await dd.incidents.list()
        async with DatadogClient(api_key=API_KEY, app_key=APP_KEY, base_url=url) as dd:
            assert (await dd.incidents.list()).data
            with pytest.raises(PermissionDeniedError) as caught:
                await dd.incidents.create(_create_body("read-only key"))
    assert any("incident_write" in m for m in caught.value.messages)


async def test_keys_never_appear_in_errors_or_logs(
    client: DatadogClient, sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    sandbox.faults.add(Fault(status=503, times=20))
    sandbox.faults.add(Fault(method="POST", drop=True))
    texts: list[str] = []
    for call in (client.incidents.list(), client.incidents.create(_create_body("k"))):
        try:
            await call
        except Exception as exc:
            texts += [str(exc), repr(exc), repr(exc.__cause__)]
    texts += [r.getMessage() for r in caplog.records] + [repr(client)]
    joined = "\n".join(texts)
    assert "retrying" in joined
    assert API_KEY not in joined and APP_KEY not in joined


async def test_retry_policy_backoff_is_capped_and_jittered() -> None:
    policy = RetryPolicy(backoff_initial=0.5, backoff_max=2.0)
    delays = [policy.backoff(n) for n in range(10) for _ in range(20)]
    assert max(delays) <= 2.0
    assert len({round(d, 6) for d in delays}) > 50


# ---- what comes back is clean, and a create never fails silently ---------------------------

HOSTILE = "a\u202eb\u2066c\u200bd\x1b[31me\x1b]0;title\x07f\x00g\U000e0041h"


async def test_upstream_strings_lose_invisible_and_terminal_characters(
    client: DatadogClient, sandbox: Sandbox
) -> None:
    incident_id = next(iter(sandbox.store["incidents"]))
    sandbox.store["incidents"][incident_id]["attributes"]["title"] = HOSTILE + "\ttab\nline"
    got = await client.incidents.get(incident_id)
    assert got.data.attributes.title == "abcdefgh\ttab\nline"
    sandbox.faults.add(
        Fault(path="/api/v2/incidents$", status=400, body=json.dumps({"errors": [HOSTILE]}))
    )
    with pytest.raises(BadRequestError) as caught:
        await client.incidents.list()
    assert caught.value.messages == ["abcdefgh"]


# Unicode's Default_Ignorable_Code_Point set (DerivedCoreProperties.txt, which unicodedata
# does not expose) beyond the format characters, and the line and paragraph separators.
IGNORABLE = [
    *(0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0, 0x2028, 0x2029),
    *range(0x180B, 0x1810),
    *range(0xFE00, 0xFE10),
    *range(0xFFF0, 0xFFF9),
    *range(0xE0000, 0xE1000),  # tags, variation selectors 17-256 and the rest of plane 14
]


async def test_upstream_strings_lose_every_character_a_reader_cannot_see(
    client: DatadogClient, sandbox: Sandbox
) -> None:
    """Every format and control character (but tab and newlines) and the rest of the
    default-ignorable set, wherever it sits in a string."""
    unseen = [
        char
        for char in map(chr, range(0x110000))
        if unicodedata.category(char) in ("Cc", "Cf") and char not in "\t\n\r"
    ] + [chr(code) for code in IGNORABLE]
    incident_id = next(iter(sandbox.store["incidents"]))
    sandbox.store["incidents"][incident_id]["attributes"]["title"] = "in" + "".join(
        f"{char}v" for char in unseen
    )
    got = await client.incidents.get(incident_id)
    assert got.data.attributes.title == "in" + "v" * len(unseen)


async def test_keys_echoed_by_datadog_are_redacted_in_errors_and_data(
    client: DatadogClient, sandbox: Sandbox
) -> None:
    echo = f"key {API_KEY} with app key {APP_KEY.upper()} is not allowed"
    sandbox.faults.add(Fault(status=403, body=json.dumps({"errors": [{"detail": echo}]})))
    with pytest.raises(PermissionDeniedError) as caught:
        await client.incidents.list()
    assert caught.value.messages == ["key [redacted] with app key [redacted] is not allowed"]
    incident_id = next(iter(sandbox.store["incidents"]))
    sandbox.store["incidents"][incident_id]["attributes"]["title"] = echo
    got = await client.incidents.get(incident_id)
    assert API_KEY not in got.model_dump_json() and "[redacted]" in got.data.attributes.title


async def test_a_password_in_the_api_url_is_sent_as_basic_auth_and_never_shown(
    sandbox: Sandbox, sandbox_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with_password = sandbox_url.replace("http://", "http://ops:hunter2-s3cret@")
    async with DatadogClient(
        api_key=API_KEY, app_key=APP_KEY, base_url=with_password, retry=FAST_RETRY
    ) as dd:
        assert (await dd.incidents.list(page_size=1)).data
        shown = repr(dd)
    unreachable = "http://ops:hunter2-s3cret@127.0.0.1:9"
    async with DatadogClient(
        api_key=API_KEY, app_key=APP_KEY, base_url=unreachable, retry=FAST_RETRY
    ) as dd:
        with pytest.raises(APIConnectionError) as caught:
            await dd.incidents.list()
    texts = [shown, str(caught.value), *(r.getMessage() for r in caplog.records)]
    assert "at http://127.0.0.1:9 " in str(caught.value)
    assert not [t for t in texts if "hunter2" in t]


@pytest.mark.parametrize(
    "fault",
    [
        Fault(method="POST", truncate=True),
        Fault(method="POST", status=201, body='{"data": "not an incident"}'),
        Fault(method="POST", status=201, body="<html>ok</html>", content_type="text/html"),
        Fault(method="POST", status=302, body="", headers={"Location": "/login"}),
    ],
    ids=["truncated-201", "wrong-shape-201", "html-201", "redirect"],
)
async def test_a_create_whose_answer_cannot_be_read_is_an_unknown_outcome(
    client: DatadogClient, sandbox: Sandbox, fault: Fault
) -> None:
    incident_id = next(iter(sandbox.store["incidents"]))
    creates = [
        (client.incidents.create(_create_body("Cut short")), 'titled "Cut short"'),
        (
            client.todos.create(incident_id, td.TodoCreateRequest.of(content="x", assignees=[])),
            "List the incident's todos",
        ),
    ]
    for create, check in creates:
        sandbox.faults.add(dataclasses.replace(fault))
        with pytest.raises(OutcomeUnknownError) as caught:
            await create
        assert check in str(caught.value)


async def test_inside_read_only_nothing_but_get_is_sent(
    client: DatadogClient, sandbox: Sandbox
) -> None:
    incident = next(iter(sandbox.store["incidents"]))
    with read_only():
        page = await client.incidents.list(page_size=1)
        refused = [
            await _refusal(client.incidents.create(_create_body("Must not exist"))),
            await _refusal(client.postmortems.generate_ai(incident)),
            await _refusal(client.incidents.delete(incident)),
        ]
    after = await client.incidents.list(page_size=1)  # outside the block, as before
    assert len(page.data) == len(after.data) == 1
    assert refused == [
        "POST /api/v2/incidents",
        f"POST /api/v2/incidents/{incident}/ai/postmortem",
        f"DELETE /api/v2/incidents/{incident}",
    ]
    assert [r.method for r in sandbox.requests] == ["GET", "GET"]


async def _refusal(sending: Awaitable[object]) -> str:
    """What a refused request names, from its ReadOnlyError."""
    with pytest.raises(ReadOnlyError, match="was not sent: this session is read-only") as raised:
        await sending
    return str(raised.value).split(" was not sent")[0]


async def test_a_request_goes_to_the_path_under_the_api_urls_own_path_with_its_query(
    sandbox: Sandbox,
) -> None:
    """A DD_API_URL with a path (a proxy's prefix) keeps it, and the query is encoded as
    httpx encodes parameters: what the request path builds must match what httpx merged."""
    sent: list[tuple[bytes, bytes]] = []

    async def behind_a_prefix(scope: Scope, receive: Receive, send: Send) -> None:
        raw: bytes = scope["raw_path"]
        sent.append((raw, scope["query_string"]))
        unprefixed = {**scope, "path": scope["path"].removeprefix("/dd"), "raw_path": raw[3:]}
        await sandbox.app(unprefixed, receive, send)

    async with DatadogClient(
        api_key=API_KEY,
        app_key=APP_KEY,
        base_url="http://proxy.invalid/dd",
        transport=httpx2.ASGITransport(app=behind_a_prefix),
        retry=FAST_RETRY,
    ) as dd:
        found = await dd.incidents.search(query_text='state:(active) "5xx"', page_size=2)
        await dd.incidents.get(found.incidents[0].id)
    assert sent == [
        (
            b"/dd/api/v2/incidents/search",
            b"query=state%3A%28active%29+%225xx%22&page%5Bsize%5D=2&page%5Boffset%5D=0",
        ),
        (f"/dd/api/v2/incidents/{found.incidents[0].id}".encode(), b""),
    ]
