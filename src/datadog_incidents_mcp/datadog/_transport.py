"""The one request path to Datadog: auth, deadlines, retries, size cap, error mapping.

Retry rules, in one place so they can be reasoned about:
- a connect error or connect timeout means the request never reached Datadog, so it
  is retried for every method;
- 429 is retried after `X-RateLimit-Reset` seconds (Datadog rejects before acting);
- 5xx, read timeouts and connections lost mid-response are retried only for requests
  marked `retry_safe` (reads, PATCH, DELETE). A request that creates something is not
  retried once it may have reached Datadog: OutcomeUnknownError says how to check.
Backoff is capped exponential with full jitter.

Limits: one deadline covers a whole request with its retries and waits, or a whole tool
call inside `one_call()`; bodies are streamed and refused past `max_response_bytes`.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast
from urllib.parse import unquote, urlencode, urlsplit

import anyio
import httpx2
from pydantic import BaseModel, ValidationError

from datadog_incidents_mcp import __version__
from datadog_incidents_mcp.datadog._answers import (
    ERROR_BODY_LIMIT,
    Answer,
    answer,
    error_messages,
    rate_limit,
    read_capped,
)
from datadog_incidents_mcp.datadog.auth import Credentials
from datadog_incidents_mcp.datadog.calls import (
    current_call,
    dry_running,
    tell_observers,
    writes_refused,
)
from datadog_incidents_mcp.datadog.errors import (
    APIConnectionError,
    DeadlineExceededError,
    DryRunError,
    InvalidResponseError,
    OutcomeUnknownError,
    ReadOnlyError,
    ResponseTooLargeError,
    status_error_class,
)
from datadog_incidents_mcp.datadog.scrub import Scrubber, redact_url

logger = logging.getLogger("datadog_incidents_mcp.datadog")

ModelT = TypeVar("ModelT", bound=BaseModel)
QueryParams = Mapping[str, str | int | bool]

DEFAULT_DEADLINE = 60.0
# A page of 100 incidents with everything included is well under 1 MiB.
DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard the client tries before giving up."""

    max_retries: int = 3
    backoff_initial: float = 0.5
    backoff_max: float = 8.0
    max_rate_limit_wait: float = 60.0

    def backoff(self, attempt: int) -> float:
        """Full-jitter delay before retry number `attempt` (0-based)."""
        return random.uniform(0, min(self.backoff_max, self.backoff_initial * 2**attempt))


@dataclass
class _Sending:
    """One request on its way: what to say when it fails, and whether it may have landed."""

    label: str
    retry_safe: bool
    check_hint: str
    attempt: int = 0
    landed: bool = False  # a create reached Datadog and was not definitely rejected

    def unknown(self, what: str, status: int | None = None) -> OutcomeUnknownError:
        return OutcomeUnknownError(
            f"{self.label}: {what}, so Datadog may or may not have acted on it. It was not "
            f"retried to avoid a duplicate. {self.check_hint}".strip(),
            status=status,
        )


class Requester:
    """Owns the pooled HTTP client and sends every request the way the rules above say."""

    def __init__(
        self,
        *,
        base_url: str,
        credentials: Credentials,
        timeout: float,
        transport: httpx2.AsyncBaseTransport | None,
        retry: RetryPolicy,
        deadline: float = DEFAULT_DEADLINE,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self.credentials = credentials
        self.retry = retry
        self.deadline = deadline
        self.max_response_bytes = max_response_bytes
        # A password in the URL becomes Basic auth, so the URL httpx logs and errors show
        # has none; the password joins the values scrubbed from every answer.
        parts = urlsplit(base_url.rstrip("/"))
        auth: httpx2.BasicAuth | None = None
        password = ""
        if "@" in parts.netloc:
            userinfo, host = parts.netloc.rsplit("@", 1)
            user, _, password = userinfo.partition(":")
            auth = httpx2.BasicAuth(unquote(user), unquote(password))
            parts = parts._replace(netloc=host)
        self.shown_url = redact_url(parts.geturl())
        self._password = (password, unquote(password))
        self._secrets = credentials.secrets()
        self.scrub = Scrubber((*self._secrets, *self._password))
        self._http = httpx2.AsyncClient(
            base_url=parts.geturl(),
            auth=auth,
            timeout=httpx2.Timeout(timeout, connect=min(timeout, 10.0)),
            transport=transport,
            headers={
                "Accept": "application/json",
                "User-Agent": f"datadog-incidents-mcp/{__version__}",
            },
            follow_redirects=False,
        )
        base = self._http.base_url  # its path ends with "/": httpx adds one
        path = base.raw_path.split(b"?", 1)[0].decode("ascii")
        self._base = f"{base.scheme}://{base.netloc.decode('ascii')}{path}"

    def _url(self, path: str, params: QueryParams | None) -> str:
        """The request's absolute URL: the one httpx would make of the path and query, made
        once. Left to httpx, a relative path and its query are merged into the base URL by
        parsing it three times, about a tenth of a tool call's CPU. Paths hold no query
        (IDs in them are percent-encoded: see _paths)."""
        url = self._base + path.lstrip("/")
        query = str(httpx2.QueryParams(params)) if params else ""
        return f"{url}?{query}" if query else url

    async def aclose(self) -> None:
        await self._http.aclose()

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: QueryParams | None = None,
        body: BaseModel | None = None,
        retry_safe: bool,
        check_hint: str = "",
    ) -> Answer:
        """Send one API request and return its successful answer, or raise a DatadogError.

        It ends by the deadline: the call's (inside `one_call()`), else its own. Inside
        `read_only()`, anything but a GET is refused here, before it is sent; inside
        `dry_run()`, it is told (DryRunError) instead of sent.
        """
        if method != "GET" and writes_refused():
            raise ReadOnlyError(method, path)
        if method != "GET" and dry_running():
            query = f"?{urlencode(params)}" if params else ""
            shown = (
                None
                if body is None
                else body.model_dump(mode="json", exclude_unset=True, by_alias=True)
            )
            raise DryRunError(method, path + query, shown)
        now = anyio.current_time()
        call = current_call()
        if call is None:
            deadline = now + self.deadline
        else:
            if call.deadline is None:
                call.deadline = now + self.deadline
            deadline = call.deadline
        sending = _Sending(f"{method} {path}", retry_safe, check_hint)
        with anyio.move_on_after(deadline - now):
            return await self._send(sending, method, path, params, body)
        if sending.landed:
            raise sending.unknown(f"no complete answer within the {self.deadline:g} s deadline")
        tries = sending.attempt + 1
        raise DeadlineExceededError(
            f"{sending.label}: no complete answer from Datadog within the {self.deadline:g} s "
            f"deadline ({tries} attempt{'s' if tries > 1 else ''})"
        )

    async def create(
        self,
        model: type[ModelT],
        path: str,
        body: BaseModel,
        *,
        check_hint: str,
        params: QueryParams | None = None,
    ) -> ModelT:
        """POST that makes something: never retried once sent, and never silent about it.

        Any failure after the request may have reached Datadog, other than a definite
        rejection (4xx), is an OutcomeUnknownError that says how to check (`check_hint`).
        """
        try:
            made = await self.request(
                "POST", path, params=params, body=body, retry_safe=False, check_hint=check_hint
            )
            result = parse(model, made)
        except InvalidResponseError as exc:
            raise OutcomeUnknownError(
                f"{exc}. Datadog accepted the request but its answer cannot be read, so it was "
                f"probably done. {check_hint}".strip()
            ) from None
        call = current_call()
        if call is not None:
            call.created.append(check_hint)
            made = getattr(getattr(result, "data", None), "id", None)
            if isinstance(made, str):
                call.made.append(made)
        return result

    async def _send(
        self,
        sending: _Sending,
        method: str,
        path: str,
        params: QueryParams | None,
        body: BaseModel | None,
    ) -> Answer:
        headers = await self._authenticated(method, path)
        content: bytes | None = None
        if body is not None:
            content = body.model_dump_json(exclude_unset=True, by_alias=True).encode()
            headers["Content-Type"] = "application/json"
        label = sending.label
        url = self._url(path, params)
        while True:
            request = self._http.build_request(method, url, content=content, headers=headers)
            sending.landed = not sending.retry_safe
            try:
                response = await self._http.send(request, stream=True)
                try:
                    ok = response.status_code < 400
                    raw = await read_capped(
                        response, self.max_response_bytes if ok else ERROR_BODY_LIMIT
                    )
                finally:
                    with anyio.CancelScope(shield=True):
                        await response.aclose()
            except httpx2.UnsupportedProtocol as exc:
                raise APIConnectionError(
                    f"{label}: {self.shown_url} is not an http:// or https:// URL"
                ) from exc
            except httpx2.TransportError as exc:
                # Not connected: the request never left, so even a create may be sent again.
                unsent = isinstance(
                    exc, (httpx2.ConnectError, httpx2.ConnectTimeout, httpx2.PoolTimeout)
                )
                if unsent:
                    sending.landed = False
                elif not sending.retry_safe:
                    raise sending.unknown(
                        f"the connection failed after the request was sent ({type(exc).__name__})"
                    ) from exc
                if sending.attempt < self.retry.max_retries:
                    await self._pause(sending, self.retry.backoff(sending.attempt), exc)
                    continue
                failure = (
                    f"cannot reach Datadog at {self.shown_url} ({type(exc).__name__})"
                    if unsent
                    else f"no answer from Datadog ({type(exc).__name__})"
                )
                raise APIConnectionError(
                    f"{label}: {failure} after {sending.attempt + 1} attempts"
                ) from exc

            status = response.status_code
            tell_observers(status)
            if ok:
                if raw is None:
                    raise ResponseTooLargeError(
                        f"{label} -> {status}: the answer is over the "
                        f"{self.max_response_bytes // (1024 * 1024)} MiB cap and was not read"
                    )
                return answer(label, response, raw, self.scrub)
            limits = rate_limit(response.headers, self.scrub)
            if status < 500:
                sending.landed = False  # a definite rejection: nothing was made
            wait = self._retry_wait(status, limits.reset, sending)
            if wait is not None:
                await self._pause(sending, wait, status)
                continue
            if status >= 500 and not sending.retry_safe:
                raise sending.unknown(f"Datadog failed while handling it ({status})", status)
            raise status_error_class(status)(
                status,
                error_messages(response, raw, self.scrub),
                method=method,
                path=path,
                rate_limit=limits if status == 429 else None,
                credential=self.credentials.refused(status, method, path)
                if status in (401, 403)
                else None,
            )

    async def _authenticated(self, method: str, path: str) -> dict[str, str]:
        """The request's authentication headers; a login's refreshed token joins the
        values scrubbed from every answer and log line."""
        headers = await self.credentials.headers(method, path)
        secrets = self.credentials.secrets()
        if secrets != self._secrets:
            self._secrets = secrets
            self.scrub = Scrubber((*secrets, *self._password))
        return headers

    def _retry_wait(self, status: int, reset: int | None, sending: _Sending) -> float | None:
        """Seconds to wait before retrying this error status, or None to give up."""
        if sending.attempt >= self.retry.max_retries:
            return None
        if status == 429:
            if reset is None:
                return self.retry.backoff(sending.attempt)
            if reset > self.retry.max_rate_limit_wait:
                return None
            return reset + random.uniform(0, 0.1 + reset * 0.1)
        if status >= 500 and sending.retry_safe:
            return self.retry.backoff(sending.attempt)
        return None

    async def _pause(self, sending: _Sending, seconds: float, why: object) -> None:
        reason = type(why).__name__ if isinstance(why, Exception) else str(why)
        logger.info("retrying %s in %.2fs (%s)", sending.label, seconds, reason)
        tell_observers(why if isinstance(why, int) else None, seconds)
        sending.attempt += 1
        await anyio.sleep(seconds)


def parse(model: type[ModelT], made: Answer) -> ModelT:
    """Validate a JSON answer into `model`, or raise InvalidResponseError."""
    if not made.is_json:
        raise InvalidResponseError(
            f"{made.where()}: expected JSON, got {made.content_type or 'no content type'} "
            f"({len(made.content)} bytes)"
        )
    try:
        return model.model_validate_json(made.content)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in exc.errors()[:3]
        )
        raise InvalidResponseError(
            f"{made.where()}: unexpected response shape ({problems})"
        ) from None


def query(values: Mapping[str, Any]) -> dict[str, str | int | bool]:
    """Query parameters with None dropped and lists joined by commas, as Datadog expects."""
    out: dict[str, str | int | bool] = {}
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, list | tuple):
            out[key] = ",".join(str(v) for v in cast(list[Any], value))
        else:
            out[key] = value
    return out
