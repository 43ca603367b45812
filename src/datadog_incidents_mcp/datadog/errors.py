"""Every failure the Datadog client raises.

    DatadogError
    ├── InvalidIdError            an ID would change the request path; nothing was sent
    ├── ReadOnlyError             a request other than GET in a read-only session; not sent
    ├── DryRunError               a request other than GET in a dry run: what it would send
    ├── APIConnectionError        no usable answer (network, timeout) after the retry budget
    │   └── DeadlineExceededError   the call's deadline passed (retries and slow bodies included)
    ├── OutcomeUnknownError       a create may or may not have happened; it was not retried
    ├── InvalidResponseError      Datadog answered 2xx with a body we cannot read
    │   └── ResponseTooLargeError   the body is over the size cap; it was not read
    └── APIStatusError            Datadog answered with an error status
        ├── BadRequestError         400 / 422: the request was invalid
        ├── AuthenticationError     401: keys missing or wrong, a token expired or revoked
        ├── PermissionDeniedError   403: the key lacks a permission (a token, a scope), or
        │                           belongs to another site
        ├── NotFoundError           404
        ├── ConflictError           409
        ├── RateLimitedError        429 after the retry budget, with the rate-limit facts
        └── ServerError             5xx after the retry budget

Errors keep the status, Datadog's own messages (scrubbed: see `scrub`) and the rate-limit
headers. They never keep request headers, and a key Datadog echoes back is replaced, so
API and application keys cannot leak through an error.
"""

from __future__ import annotations

import json
from dataclasses import dataclass


class DatadogError(Exception):
    """Base of every error the client raises."""


class InvalidIdError(DatadogError, ValueError):
    """A path parameter would change the request path; the request was not sent."""

    def __init__(self, name: str, value: str) -> None:
        shown = value if len(value) <= 80 else value[:77] + "..."
        super().__init__(
            f"invalid argument `{name}`: {shown!r} is not an ID "
            "(IDs are letters, digits and . _ : @ + -)"
        )
        self.name = name


class ReadOnlyError(DatadogError):
    """A request other than GET inside `read_only()`: it was not sent."""

    def __init__(self, method: str, path: str) -> None:
        super().__init__(
            f"{method} {path} was not sent: this session is read-only (the server's "
            "--read-only, or read_only=true in the client's URL), so only reads reach Datadog"
        )


class DryRunError(DatadogError):
    """A request other than GET inside `dry_run()`: it was not sent; this is what it was."""

    def __init__(self, method: str, path: str, body: object) -> None:
        self.method, self.path, self.body = method, path, body
        sent = json.dumps({"method": method, "path": path, "body": body}, ensure_ascii=False)
        super().__init__(
            f"dry run: nothing was sent to Datadog (the server runs with --dry-run, or the "
            f"client's URL asked for dry_run=true). This call would send: {sent}"
        )


class APIConnectionError(DatadogError):
    """Datadog could not be reached, or did not answer in time, within the retry budget."""


class DeadlineExceededError(APIConnectionError):
    """The call's deadline passed before Datadog's answer was complete."""


class OutcomeUnknownError(DatadogError):
    """A request that creates something failed after it may have reached Datadog.

    It is never retried automatically: a retry could create a duplicate incident,
    which pages people twice. The message says how to check what happened.
    """

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class InvalidResponseError(DatadogError):
    """Datadog answered with a success status but a body that is not the expected shape."""


class ResponseTooLargeError(InvalidResponseError):
    """The answer is larger than the client's size cap; it was not read."""


@dataclass(frozen=True, slots=True)
class RateLimit:
    """Datadog's X-RateLimit-* headers (None where a header was absent)."""

    limit: int | None = None
    period: int | None = None
    remaining: int | None = None
    reset: int | None = None
    name: str | None = None


class APIStatusError(DatadogError):
    """Datadog answered with an error status."""

    status: int

    def __init__(
        self,
        status: int,
        messages: list[str],
        *,
        method: str,
        path: str,
        rate_limit: RateLimit | None = None,
        credential: str | None = None,
    ) -> None:
        detail = "; ".join(messages) if messages else "no detail given"
        super().__init__(f"{method} {path} -> {status}: {detail}")
        self.status = status
        self.messages = messages
        self.method = method
        self.path = path
        self.rate_limit = rate_limit
        # A 401 or 403 to an access token: what it means (expired or revoked, which scope)
        self.credential = credential


class BadRequestError(APIStatusError):
    """400 or 422: Datadog rejected the request body or parameters."""


class AuthenticationError(APIStatusError):
    """401: the API or application key is missing or wrong."""


class PermissionDeniedError(APIStatusError):
    """403: the application key lacks a permission, or the keys belong to another site."""


class NotFoundError(APIStatusError):
    """404: the resource does not exist (Datadog also answers 404 for malformed IDs)."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the current state."""


class RateLimitedError(APIStatusError):
    """429 that outlasted the retry budget; `rate_limit.reset` says when to try again."""


class ServerError(APIStatusError):
    """5xx that outlasted the retry budget."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: BadRequestError,
    429: RateLimitedError,
}


def status_error_class(status: int) -> type[APIStatusError]:
    """The error class for an HTTP error status."""
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, APIStatusError)
