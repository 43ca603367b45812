"""Reading an answer from Datadog: a capped, streamed body with every string scrubbed.

Nothing here trusts the other end. A body larger than the cap is refused before it is
held in memory, an `X-RateLimit-*` header that is not a sane number counts as absent, and
every string of a JSON body is cleaned (see `scrub`) before any model, result or log sees it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, cast

import httpx2

from datadog_incidents_mcp.datadog.errors import InvalidResponseError, RateLimit
from datadog_incidents_mcp.datadog.scrub import Scrubber

_JSON_TYPES = ("application/json", "application/vnd.api+json")
_MAX_MESSAGE_CHARS = 500
# An error body is only mined for messages; more than this is not an error message.
ERROR_BODY_LIMIT = 64 * 1024
# Datadog's rate-limit periods are seconds to an hour; a reset beyond a day is nonsense.
_MAX_RESET_SECONDS = 86_400
_MAX_HEADER_NUMBER = 1_000_000_000


def _looks_json(content_type: str, body: bytes) -> bool:
    """Declared JSON, or a body that starts like JSON (proxies often omit the type)."""
    return content_type in _JSON_TYPES or body.lstrip().startswith((b"{", b"["))


@dataclass(frozen=True, slots=True)
class Answer:
    """A response whose body was read within the cap and scrubbed."""

    label: str  # "GET /api/v2/incidents", for messages
    status: int
    content_type: str
    content: bytes

    @property
    def is_json(self) -> bool:
        return _looks_json(self.content_type, self.content)

    def where(self) -> str:
        """`GET /path -> 200`, to start a message with."""
        return f"{self.label} -> {self.status}"


async def read_capped(response: httpx2.Response, limit: int) -> bytes | None:
    """The decoded body, or None as soon as it is known to be larger than `limit` bytes."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    body = bytearray()
    async for chunk in response.aiter_bytes():
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)


def _number(raw: str | None, upper: int) -> int | None:
    """A whole number of at most `upper` from a header, or None for anything else."""
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    return int(value) if math.isfinite(value) and 0 <= value <= upper else None


def rate_limit(headers: httpx2.Headers, scrub: Scrubber) -> RateLimit:
    name = headers.get("x-ratelimit-name")
    return RateLimit(
        limit=_number(headers.get("x-ratelimit-limit"), _MAX_HEADER_NUMBER),
        period=_number(headers.get("x-ratelimit-period"), _MAX_HEADER_NUMBER),
        remaining=_number(headers.get("x-ratelimit-remaining"), _MAX_HEADER_NUMBER),
        reset=_number(headers.get("x-ratelimit-reset"), _MAX_RESET_SECONDS),
        name=scrub.text(name)[:100] if name else None,
    )


def _content_type(response: httpx2.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip()


def answer(label: str, response: httpx2.Response, body: bytes, scrub: Scrubber) -> Answer:
    """Wrap a read body; a JSON body comes back with every string scrubbed.

    Raises:
        InvalidResponseError: a JSON body that does not decode (cut short, or nested deeper
            than Python parses) and holds something to scrub; any other that does not decode
            fails in `parse`, as an InvalidResponseError too.
    """
    content_type = _content_type(response)
    made = Answer(label, response.status_code, content_type, body)
    if not body.strip() or not made.is_json:
        return made
    if scrub.leaves_unchanged(body):
        return made  # decoded once, by `parse`, which says so if it is not JSON
    try:
        data = json.loads(body)
        cleaned = scrub.json(data)
    except (ValueError, RecursionError):
        raise InvalidResponseError(
            f"{made.where()}: the body is not valid JSON ({len(body)} bytes; cut short?)"
        ) from None
    if cleaned == data:
        return made
    content = json.dumps(cleaned, ensure_ascii=False).encode()
    return Answer(label, made.status, content_type, content)


def error_messages(response: httpx2.Response, body: bytes | None, scrub: Scrubber) -> list[str]:
    """Datadog's error texts from either error shape, scrubbed, or a short hint at the body."""
    if body is None:
        return [f"an error body over {ERROR_BODY_LIMIT // 1024} KiB, not read"]
    if not body.strip():
        return []
    content_type = _content_type(response)
    if not _looks_json(content_type, body):
        return [f"non-JSON error body ({content_type or 'no content type'}, {len(body)} bytes)"]
    try:
        decoded: Any = json.loads(body)
    except (ValueError, RecursionError):
        return [f"an unreadable JSON error body ({len(body)} bytes)"]
    errors: Any = cast(dict[str, Any], decoded).get("errors") if isinstance(decoded, dict) else None
    if not isinstance(errors, list):
        return []
    messages: list[str] = []
    for item in cast(list[Any], errors):
        if isinstance(item, str):
            messages.append(scrub.text(item)[:_MAX_MESSAGE_CHARS])
        elif isinstance(item, dict):
            fields = cast(dict[str, Any], item)
            parts = [str(fields[k]) for k in ("title", "detail") if fields.get(k)]
            source = cast(dict[str, Any], fields.get("source") or {})
            pointer = source.get("pointer")
            if pointer:
                parts.append(f"at {pointer}")
            messages.append(scrub.text(": ".join(parts))[:_MAX_MESSAGE_CHARS])
    return messages
