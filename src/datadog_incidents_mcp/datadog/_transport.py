"""The one request path to Datadog: auth, timeouts, retries, error mapping.

Retry rules, in one place so they can be reasoned about:
- a connect error or connect timeout means the request never reached Datadog, so it
  is retried for every method;
- 429 is retried after `X-RateLimit-Reset` seconds (Datadog rejects before acting);
- 5xx, read timeouts and connections lost mid-response are retried only for requests
  marked `retry_safe` (reads, PATCH, DELETE). A request that creates something is not
  retried once it may have reached Datadog: OutcomeUnknownError says how to check.
Backoff is capped exponential with full jitter.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import anyio
import httpx2
from pydantic import BaseModel, SecretStr, ValidationError

from datadog_incidents_mcp import __version__
from datadog_incidents_mcp.datadog.errors import (
    APIConnectionError,
    InvalidResponseError,
    OutcomeUnknownError,
    RateLimit,
    status_error_class,
)

logger = logging.getLogger("datadog_incidents_mcp.datadog")

ModelT = TypeVar("ModelT", bound=BaseModel)
QueryParams = Mapping[str, str | int | bool]

_JSON_TYPES = ("application/json", "application/vnd.api+json")
_MAX_MESSAGE_CHARS = 500


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


def _rate_limit(headers: httpx2.Headers) -> RateLimit:
    def number(name: str) -> int | None:
        raw = headers.get(name)
        try:
            return int(float(raw)) if raw is not None else None
        except ValueError:
            return None

    return RateLimit(
        limit=number("x-ratelimit-limit"),
        period=number("x-ratelimit-period"),
        remaining=number("x-ratelimit-remaining"),
        reset=number("x-ratelimit-reset"),
        name=headers.get("x-ratelimit-name"),
    )


def error_messages(response: httpx2.Response) -> list[str]:
    """Datadog's error texts from either error shape, or a short hint at the body."""
    try:
        body: Any = response.json()
    except ValueError:
        text = response.text.strip()
        kind = response.headers.get("content-type", "no content type")
        return [f"non-JSON error body ({kind}, {len(text)} chars)"] if text else []
    errors: Any = cast(dict[str, Any], body).get("errors") if isinstance(body, dict) else None
    if not isinstance(errors, list):
        return []
    messages: list[str] = []
    for item in cast(list[Any], errors):
        if isinstance(item, str):
            messages.append(item[:_MAX_MESSAGE_CHARS])
        elif isinstance(item, dict):
            fields = cast(dict[str, Any], item)
            parts = [str(fields[k]) for k in ("title", "detail") if fields.get(k)]
            source = cast(dict[str, Any], fields.get("source") or {})
            pointer = source.get("pointer")
            if pointer:
                parts.append(f"at {pointer}")
            messages.append(": ".join(parts)[:_MAX_MESSAGE_CHARS])
    return messages


class Requester:
    """Owns the pooled HTTP client and sends every request the way the rules above say."""

    def __init__(
        self,
        *,
        base_url: str,
        api_key: SecretStr,
        app_key: SecretStr,
        timeout: float,
        transport: httpx2.AsyncBaseTransport | None,
        retry: RetryPolicy,
    ) -> None:
        self._api_key = api_key
        self._app_key = app_key
        self.retry = retry
        self._http = httpx2.AsyncClient(
            base_url=base_url.rstrip("/"),
            timeout=httpx2.Timeout(timeout, connect=min(timeout, 10.0)),
            transport=transport,
            headers={
                "Accept": "application/json",
                "User-Agent": f"datadog-incidents-mcp/{__version__}",
            },
            follow_redirects=False,
        )

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
    ) -> httpx2.Response:
        """Send one API request and return its successful response, or raise a DatadogError."""
        headers = {
            "DD-API-KEY": self._api_key.get_secret_value(),
            "DD-APPLICATION-KEY": self._app_key.get_secret_value(),
        }
        content: bytes | None = None
        if body is not None:
            content = body.model_dump_json(exclude_unset=True, by_alias=True).encode()
            headers["Content-Type"] = "application/json"
        label = f"{method} {path}"
        attempt = 0
        while True:
            try:
                response = await self._http.request(
                    method, path, params=params, content=content, headers=headers
                )
            except httpx2.UnsupportedProtocol as exc:
                raise APIConnectionError(
                    f"{label}: {self._http.base_url} is not an http:// or https:// URL"
                ) from exc
            except (httpx2.ConnectError, httpx2.ConnectTimeout, httpx2.PoolTimeout) as exc:
                if attempt < self.retry.max_retries:
                    await self._pause(label, self.retry.backoff(attempt), type(exc).__name__)
                    attempt += 1
                    continue
                raise APIConnectionError(
                    f"{label}: cannot reach Datadog at {self._http.base_url} "
                    f"({type(exc).__name__}) after {attempt + 1} attempts"
                ) from exc
            except httpx2.TransportError as exc:
                if not retry_safe:
                    raise OutcomeUnknownError(
                        f"{label}: the connection failed after the request was sent "
                        f"({type(exc).__name__}), so Datadog may or may not have acted on it. "
                        f"It was not retried to avoid a duplicate. {check_hint}".strip()
                    ) from exc
                if attempt < self.retry.max_retries:
                    await self._pause(label, self.retry.backoff(attempt), type(exc).__name__)
                    attempt += 1
                    continue
                raise APIConnectionError(
                    f"{label}: no answer from Datadog ({type(exc).__name__}) "
                    f"after {attempt + 1} attempts"
                ) from exc

            status = response.status_code
            if status < 400:
                return response
            wait = self._retry_wait(response, retry_safe, attempt)
            if wait is not None:
                await self._pause(label, wait, str(status))
                attempt += 1
                continue
            if status >= 500 and not retry_safe:
                raise OutcomeUnknownError(
                    f"{label} -> {status}: Datadog failed while handling the request and may "
                    f"or may not have acted on it. It was not retried to avoid a duplicate. "
                    f"{check_hint}".strip(),
                    status=status,
                )
            raise status_error_class(status)(
                status,
                error_messages(response),
                method=method,
                path=path,
                rate_limit=_rate_limit(response.headers) if status == 429 else None,
            )

    def _retry_wait(
        self, response: httpx2.Response, retry_safe: bool, attempt: int
    ) -> float | None:
        """Seconds to wait before retrying this error response, or None to give up."""
        if attempt >= self.retry.max_retries:
            return None
        if response.status_code == 429:
            reset = _rate_limit(response.headers).reset
            if reset is None:
                return self.retry.backoff(attempt)
            if reset > self.retry.max_rate_limit_wait:
                return None
            return max(0, reset) + random.uniform(0, 0.1 + reset * 0.1)
        if response.status_code >= 500 and retry_safe:
            return self.retry.backoff(attempt)
        return None

    async def _pause(self, label: str, seconds: float, reason: str) -> None:
        logger.info("retrying %s in %.2fs (%s)", label, seconds, reason)
        await anyio.sleep(seconds)


def parse(model: type[ModelT], response: httpx2.Response) -> ModelT:
    """Validate a JSON response body into `model`, or raise InvalidResponseError."""
    kind = response.headers.get("content-type", "").split(";")[0].strip()
    if kind not in _JSON_TYPES and not response.content.lstrip().startswith((b"{", b"[")):
        raise InvalidResponseError(
            f"{response.request.method} {response.request.url.path} -> {response.status_code}: "
            f"expected JSON, got {kind or 'no content type'} ({len(response.content)} bytes)"
        )
    try:
        return model.model_validate_json(response.content)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in exc.errors()[:3]
        )
        raise InvalidResponseError(
            f"{response.request.method} {response.request.url.path} -> {response.status_code}: "
            f"unexpected response shape ({problems})"
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
