"""One translator from client and argument errors to tool errors the model can act on.

Tools contain no try/except: the registration wrapper sends every failure here. Each
message says what happened and what to do next, and never holds a key.
"""

from __future__ import annotations

from pydantic import ValidationError

from datadog_incidents_mcp.datadog import (
    APIConnectionError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    DatadogError,
    InvalidIdError,
    InvalidResponseError,
    NotFoundError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
)
from datadog_incidents_mcp.tools._registry import ToolSpec

# Where a model finds the IDs each toolset's tools take.
ID_SOURCES = {
    "incidents": "search_incidents or list_incidents",
    "incident_admin": "search_incidents or list_incidents",
    "attachments": "list_incident_attachments",
    "todos": "list_incident_todos",
    "responders": "list_incident_responders",
    "impacts": "list_incident_impacts",
    "integrations": "list_incident_integrations",
    "timestamps": "list_timestamp_overrides",
    "postmortems": "search_incidents",
    "teams": "list_teams",
    "users": "search_users",
    "config": "the matching list_ tool (list_incident_types, list_impact_fields...)",
    "notifications": "list_notification_rules, list_notification_templates or list_global_handles",
    "automation": "list_incident_rules, or search_incidents for incidents",
    "paging": "search_incidents",
    "ai": "search_incidents",
}


class ArgumentError(ValueError):
    """A tool argument is wrong in a way only the server can tell (unknown user, bad time)."""

    def __init__(self, argument: str | None, problem: str) -> None:
        super().__init__(f"invalid argument `{argument}`: {problem}" if argument else problem)
        self.argument = argument


def describe_validation(exc: ValidationError) -> str:
    """One line per problem, naming the argument, without pydantic's links."""
    lines: list[str] = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error["loc"] if p not in ("data", "attributes"))
        lines.append(f"`{where or 'arguments'}`: {error['msg']}")
    return "invalid argument " + "; ".join(lines)


def _needs(spec: ToolSpec) -> str:
    if not spec.permissions:
        return f"{spec.name} needs no permission beyond valid keys; check the keys' organization."
    names = " and ".join(f"`{name}`" for name in spec.permissions)
    plural = "s" if len(spec.permissions) > 1 else ""
    return f"{spec.name} needs the {names} permission{plural} on the application key's role."


def explain(exc: Exception, spec: ToolSpec, site: str) -> str:
    """The message a model sees for a failed call of `spec`."""
    ids = ID_SOURCES[spec.toolset]
    match exc:
        case ArgumentError() | InvalidIdError():
            return f"{exc}. IDs come from {ids}."
        case ValidationError():
            return describe_validation(exc)
        case NotFoundError():
            return f"not found: {'; '.join(exc.messages) or exc.path}. Find valid IDs with {ids}."
        case PermissionDeniedError():
            return (
                f"Datadog refused this ({'; '.join(exc.messages) or 'Forbidden'}). "
                f"{_needs(spec)} If the keys belong to another Datadog site than {site}, "
                "set DD_SITE."
            )
        case AuthenticationError():
            return (
                "Datadog rejected the credentials (401). Check DD_API_KEY and DD_APP_KEY, "
                f"and that they belong to the {site} site (DD_SITE)."
            )
        case RateLimitedError():
            limit = exc.rate_limit
            wait = f"in {limit.reset} seconds" if limit and limit.reset is not None else "later"
            bucket = f" (bucket {limit.name})" if limit and limit.name else ""
            return f"Datadog rate limit reached{bucket}; try again {wait}."
        case BadRequestError():
            return f"Datadog rejected the request: {'; '.join(exc.messages) or 'bad request'}."
        case ConflictError():
            return f"conflict: {'; '.join(exc.messages) or 'it already exists'}."
        case OutcomeUnknownError():
            return f"{exc} Do not repeat the call until you have checked."
        case ServerError() | APIConnectionError():
            return f"Datadog is unavailable right now ({exc}); try again in a minute."
        case InvalidResponseError():
            return f"Datadog answered in an unexpected shape: {exc}"
        case DatadogError():
            return str(exc)
        case _:
            raise exc
