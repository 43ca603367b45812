"""One translator from client and argument errors to tool errors the model can act on.

Tools contain no try/except: the registration wrapper sends every failure here. Each
message starts with one lowercase kind and a colon (`not found:`, `rate limited:`,
`invalid argument `x`:` ...), says what to do next, and never holds a key or an
invisible or terminal-control character.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from pydantic import ValidationError

from datadog_incidents_mcp.datadog import (
    APIConnectionError,
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
    RateLimitedError,
    ReadOnlyError,
    ResponseTooLargeError,
    ServerError,
    clean,
)

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
    """A tool argument is wrong in a way only the server can tell (unknown user, bad time).

    `missing`: it names something this org does not have (another org may).
    """

    def __init__(self, argument: str | None, problem: str, *, missing: bool = False) -> None:
        super().__init__(f"invalid argument `{argument}`: {problem}" if argument else problem)
        self.argument = argument
        self.missing = missing


def is_missing(exc: BaseException) -> bool:
    """Whether the failure, or what caused it, is something the org does not have."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, NotFoundError) or (isinstance(cause, ArgumentError) and cause.missing):
            return True
        cause = cause.__cause__
    return False


def describe_validation(exc: ValidationError) -> str:
    """One line per problem, naming the argument, without pydantic's links."""
    lines: list[str] = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error["loc"] if p not in ("data", "attributes"))
        lines.append(f"`{where or 'arguments'}`: {error['msg']}")
    return "invalid argument " + "; ".join(lines)


class Failed(Protocol):
    """What a failure's message names about the tool that failed (a tool's registry entry)."""

    @property
    def name(self) -> str: ...
    @property
    def toolset(self) -> str: ...
    @property
    def permissions(self) -> tuple[str, ...]: ...


def _needs(spec: Failed) -> str:
    if not spec.permissions:
        return f"{spec.name} needs no permission beyond valid keys; check the keys' organization."
    names = " and ".join(f"`{name}`" for name in spec.permissions)
    plural = "s" if len(spec.permissions) > 1 else ""
    return f"{spec.name} needs the {names} permission{plural} on the application key's role."


def _detail(messages: list[str], fallback: str, drop: str = "") -> str:
    """Datadog's messages as one clause, without a trailing `drop` the prefix already says."""
    parts = [m.strip().rstrip(".") for m in messages if m.strip()]
    if drop:
        parts = [p[: -len(drop)].rstrip() if p.lower().endswith(drop) else p for p in parts]
    return "; ".join(p for p in parts if p) or fallback


def _seconds(count: int) -> str:
    return f"{count} second{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class Setup:
    """Where the call's site and keys were set, so a fix names the setting to change: the
    DD_* variables, or with several orgs that org's own variables and table."""

    site: str
    api_key: str = "DD_API_KEY"
    app_key: str = "DD_APP_KEY"
    site_setting: str = "DD_SITE"


def _describe(exc: Exception, spec: Failed, setup: Setup) -> str:
    ids = ID_SOURCES[spec.toolset]
    match exc:
        case ArgumentError():
            return str(exc)  # says where to look itself: IDs, people and times differ
        case InvalidIdError():
            return f"{exc}. IDs come from {ids}."
        case ReadOnlyError():
            return f"read-only: {exc}."
        case DryRunError():
            return str(exc)
        case ValidationError():
            return describe_validation(exc)
        case NotFoundError():
            what = _detail(exc.messages, exc.path, "not found")
            return f"not found: {what}. Find valid IDs with {ids}."
        case PermissionDeniedError():
            return (
                f"permission denied: {_detail(exc.messages, 'Forbidden')}. {_needs(spec)} "
                f"If the keys belong to another Datadog site than {setup.site}, set "
                f"{setup.site_setting}."
            )
        case AuthenticationError():
            return (
                "authentication failed: Datadog rejected the credentials (401). Check "
                f"{setup.api_key} and {setup.app_key}, and that they belong to the "
                f"{setup.site} site ({setup.site_setting})."
            )
        case RateLimitedError():
            limit = exc.rate_limit
            reset = limit.reset if limit else None
            wait = "later" if reset is None else f"in {_seconds(reset)}"
            bucket = f" (bucket {limit.name})" if limit and limit.name else ""
            return f"rate limited: Datadog rate limit reached{bucket}; try again {wait}."
        case BadRequestError():
            return f"rejected: Datadog refused the request: {_detail(exc.messages, 'bad request')}."
        case ConflictError():
            return f"conflict: {_detail(exc.messages, 'it already exists')}."
        case OutcomeUnknownError():
            return f"outcome unknown: {exc} Do not repeat the call until you have checked."
        case DeadlineExceededError():
            return (
                f"timed out: {exc}. Try again in a minute; if it keeps happening, ask for less "
                "(a smaller page_size) or check the network path to Datadog."
            )
        case ServerError() | APIConnectionError():
            return f"unavailable: Datadog cannot be used right now ({exc}); try again in a minute."
        case ResponseTooLargeError():
            return f"answer too large: {exc}. Ask for less: a smaller page_size or fewer details."
        case InvalidResponseError():
            return f"unexpected answer: Datadog answered in an unexpected shape: {exc}"
        case DatadogError():
            return str(exc)
        case _:
            raise exc


def explain(exc: Exception, spec: Failed, setup: Setup, created: Sequence[str] = ()) -> str:
    """The message a model sees for a failed call of `spec`.

    `created` holds how to check each thing this call had already created before it
    failed: the model must not repeat the call, or it makes a duplicate.
    """
    message = _describe(exc, spec, setup)
    if created and not isinstance(exc, OutcomeUnknownError):
        message += (
            " This call had already created something before it failed, so do not repeat "
            f"it: {' '.join(created)}"
        )
    return clean(message)
