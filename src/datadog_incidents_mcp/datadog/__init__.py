"""Typed async client for Datadog's Incident Management API. Never imports `mcp`."""

from datadog_incidents_mcp.datadog._transport import RetryPolicy
from datadog_incidents_mcp.datadog.client import DatadogClient
from datadog_incidents_mcp.datadog.errors import (
    APIConnectionError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    DatadogError,
    InvalidIdError,
    InvalidResponseError,
    NotFoundError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimit,
    RateLimitedError,
    ServerError,
)
from datadog_incidents_mcp.datadog.pagination import walk_pages
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
    "InvalidIdError",
    "InvalidResponseError",
    "NotFoundError",
    "OutcomeUnknownError",
    "PermissionDeniedError",
    "RateLimit",
    "RateLimitedError",
    "RetryPolicy",
    "ServerError",
    "UnknownSiteError",
    "normalize_site",
    "walk_pages",
]
