"""The client's limits hold against servers that misbehave on purpose: one deadline per
request (or per `one_call()`), a streamed size cap, and rate-limit headers that lie."""

from __future__ import annotations

import anyio
import pytest

from datadog_incidents_mcp.datadog import (
    DatadogClient,
    DeadlineExceededError,
    OutcomeUnknownError,
    RateLimitedError,
    ResponseTooLargeError,
    RetryPolicy,
    one_call,
)
from datadog_incidents_mcp.datadog._transport import DEFAULT_MAX_RESPONSE_BYTES
from datadog_incidents_mcp.datadog.models import incidents as inc
from datadog_incidents_mcp.sandbox import Fault, Sandbox
from tests.conftest import API_KEY, APP_KEY, FAST_RETRY
from tests.datadog.slow_servers import drip, flood, serving, silent

pytestmark = pytest.mark.anyio
INCIDENTS = "/api/v2/incidents$"
GUARD = 20  # seconds: turns a regression into a failure instead of a hung test run


def _client(url: str, **options: object) -> DatadogClient:
    settings: dict[str, object] = {"timeout": 30.0, "retry": FAST_RETRY, **options}
    return DatadogClient(api_key=API_KEY, app_key=APP_KEY, base_url=url, **settings)  # type: ignore[arg-type]


async def test_a_body_that_drips_ends_at_the_deadline_though_no_single_read_times_out() -> None:
    async with serving(drip) as served, _client(served.url, deadline=1.0) as dd:
        with anyio.fail_after(GUARD), pytest.raises(DeadlineExceededError):
            await dd.incidents.list()
    assert served.body_bytes >= 1  # bytes kept coming: the per-read timeout never fired


async def test_a_server_that_never_answers_ends_at_the_deadline() -> None:
    async with serving(silent) as served, _client(served.url, deadline=0.5) as dd:
        with anyio.fail_after(GUARD), pytest.raises(DeadlineExceededError):
            await dd.incidents.get("IR-1")
    assert served.requests == 1


async def test_a_create_cut_off_by_the_deadline_is_an_unknown_outcome_never_resent() -> None:
    async with serving(drip) as served, _client(served.url, deadline=0.5) as dd:
        with anyio.fail_after(GUARD), pytest.raises(OutcomeUnknownError) as caught:
            await dd.incidents.create(
                inc.IncidentCreateRequest.of(title="Slow create", customer_impacted=False)
            )
    assert 'incidents titled "Slow create"' in str(caught.value)
    assert served.requests == 1


async def test_the_deadline_covers_retries_not_only_one_attempt(
    sandbox: Sandbox, sandbox_url: str
) -> None:
    # Each attempt times out after 0.4 s; four of them would take 1.6 s, the deadline is 1 s.
    sandbox.faults.add(Fault(path=INCIDENTS, delay=0.6, times=10))
    async with _client(sandbox_url, timeout=0.4, deadline=1.0) as dd:
        with pytest.raises(DeadlineExceededError) as caught:
            await dd.incidents.list()
    assert "attempts" in str(caught.value)
    assert sandbox.count("GET", INCIDENTS) < FAST_RETRY.max_retries + 1


async def test_requests_in_one_call_share_one_deadline(sandbox: Sandbox, sandbox_url: str) -> None:
    sandbox.faults.add(Fault(path=INCIDENTS, delay=0.6, times=2))
    async with _client(sandbox_url, deadline=1.0) as dd:
        await dd.incidents.list(page_size=1)  # alone, each fits in its own deadline
        await dd.incidents.list(page_size=1)
        sandbox.faults.add(Fault(path=INCIDENTS, delay=0.6, times=2))
        with one_call(), pytest.raises(DeadlineExceededError):
            await dd.incidents.list(page_size=1)
            await dd.incidents.list(page_size=1)


@pytest.mark.parametrize("declare_length", [True, False], ids=["content-length", "streamed"])
async def test_a_50_mb_answer_is_refused_without_reading_it_whole(declare_length: bool) -> None:
    total = 50 * 1024 * 1024
    behaviour = flood(total, declare_length=declare_length)
    async with serving(behaviour) as served, _client(served.url) as dd:
        with pytest.raises(ResponseTooLargeError):
            await dd.incidents.list()
    assert served.body_bytes < total // 2


async def test_a_page_of_100_incidents_with_everything_included_is_far_below_the_cap(
    sandbox: Sandbox, sandbox_url: str
) -> None:
    async with _client(sandbox_url) as dd:
        while len(sandbox.store["incidents"]) < 100:
            await dd.incidents.create(
                inc.IncidentCreateRequest.of(
                    title="x" * 200, customer_impacted=True, customer_impact_scope="y" * 500
                )
            )
    async with _client(sandbox_url, max_response_bytes=DEFAULT_MAX_RESPONSE_BYTES // 10) as dd:
        page = await dd.incidents.list(page_size=100, include=["users", "attachments"])
    assert len(page.data) == 100


@pytest.mark.parametrize("reset", ["-5", "inf", "-inf", "nan", "1e309", "99999999999", "soon", ""])
async def test_a_rate_limit_reset_that_is_not_a_sane_number_counts_as_absent(
    sandbox: Sandbox, sandbox_url: str, reset: str
) -> None:
    sandbox.faults.add(Fault(path=INCIDENTS, status=429, headers={"X-RateLimit-Reset": reset}))
    async with _client(sandbox_url) as dd:
        assert (await dd.incidents.list(page_size=1)).data  # retried after a backoff
    sandbox.faults.add(
        Fault(path=INCIDENTS, status=429, times=10, headers={"X-RateLimit-Reset": reset})
    )
    async with _client(sandbox_url, retry=RetryPolicy(max_retries=1, backoff_initial=0.01)) as dd:
        with pytest.raises(RateLimitedError) as caught:
            await dd.incidents.list()
    assert caught.value.rate_limit is not None and caught.value.rate_limit.reset is None
