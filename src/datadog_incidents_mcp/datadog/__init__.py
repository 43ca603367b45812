"""Typed async client for Datadog's Incident Management API. Never imports `mcp`."""

from datadog_incidents_mcp.datadog._transport import RetryPolicy
from datadog_incidents_mcp.datadog.calls import one_call
from datadog_incidents_mcp.datadog.client import DatadogClient
from datadog_incidents_mcp.datadog.errors import (
    APIConnectionError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    DatadogError,
    DeadlineExceededError,
    DryRunError,
    InvalidIdError,
    InvalidResponseError,
    NotFoundError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimit,
    RateLimitedError,
    ReadOnlyError,
    ResponseTooLargeError,
    ServerError,
)
from datadog_incidents_mcp.datadog.pagination import walk_pages
from datadog_incidents_mcp.datadog.scrub import clean, redact_keys, redact_url
from datadog_incidents_mcp.datadog.sites import SITES, UnknownSiteError, normalize_site

__all__ = [
    "SITES",
    "APIConnectionError",
    "APIStatusError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "DatadogClient",
    "DatadogError",
    "DeadlineExceededError",
    "DryRunError",
    "InvalidIdError",
    "InvalidResponseError",
    "NotFoundError",
    "OutcomeUnknownError",
    "PermissionDeniedError",
    "RateLimit",
    "RateLimitedError",
    "ReadOnlyError",
    "ResponseTooLargeError",
    "RetryPolicy",
    "ServerError",
    "UnknownSiteError",
    "clean",
    "normalize_site",
    "one_call",
    "redact_keys",
    "redact_url",
    "walk_pages",
]
