"""`datadog-incidents-mcp doctor`: check a configuration and say exactly what to fix.

Datadog has no API that lists an application key's permissions, so write permissions are
probed harmlessly: an update of a resource that cannot exist (the nil UUID) answers 403
when the permission is missing and 404 when it is there. Nothing is ever changed.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from datadog_incidents_mcp.datadog import (
    APIConnectionError,
    AuthenticationError,
    DatadogClient,
    DatadogError,
    InvalidResponseError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    RetryPolicy,
    ServerError,
    redact_url,
)
from datadog_incidents_mcp.datadog.auth import Credentials
from datadog_incidents_mcp.datadog.models.incident_types import IncidentTypePatchRequest
from datadog_incidents_mcp.datadog.models.incidents import IncidentUpdateRequest
from datadog_incidents_mcp.datadog.models.notification_templates import (
    NotificationTemplatePatchRequest,
)
from datadog_incidents_mcp.server.config import (
    ConfigError,
    Flags,
    Settings,
    org_settings,
    resolve_settings,
    select_tools,
)
from datadog_incidents_mcp.tools import REGISTRY, TOOLSETS

NIL = "00000000-0000-0000-0000-000000000000"


@dataclass(frozen=True)
class Check:
    ok: bool | None  # None: could not be checked, which is not a failure
    what: str
    fix: str = ""

    def line(self) -> str:
        mark = {True: "✓", False: "✗", None: "–"}[self.ok]
        return f"{mark} {self.what}" + (
            f"\n    fix: {self.fix}" if self.fix and not self.ok else ""
        )


def _who_needs(permission: str) -> str:
    """The toolsets with a tool that needs `permission`, in the registry's order."""
    needing = {spec.toolset for spec in REGISTRY if permission in spec.permissions}
    return ", ".join(name for name in TOOLSETS if name in needing)


async def _probe(call: Callable[[], Awaitable[object]], permission: str) -> Check:
    """A read that must succeed, or a write probe that must answer 404 rather than 403."""
    needed_by = _who_needs(permission)
    try:
        await call()
    except NotFoundError:
        pass
    except PermissionDeniedError:
        return Check(
            False,
            f"application key lacks `{permission}` (needed by the {needed_by} toolsets)",
            f"grant `{permission}` to the role of the key's user in Datadog (Organization "
            f"Settings > Roles), or run with --read-only / --toolsets to leave those tools out",
        )
    except DatadogError as exc:
        return Check(False, f"could not check `{permission}`: {exc}", "see the message above")
    return Check(True, f"application key has `{permission}` ({needed_by})")


def upstream_failure(exc: DatadogError, settings: Settings) -> Check:
    """One verdict with a fix for a first call that got no usable answer."""
    where = (
        f"Datadog at {redact_url(settings.api_url)}"
        if settings.api_url
        else f"Datadog ({settings.site})"
    )
    if isinstance(exc, APIConnectionError):
        return Check(
            False, f"cannot reach {where}: {exc}", "check the network, DD_SITE and DD_API_URL"
        )
    if isinstance(exc, RateLimitedError):
        return Check(
            False,
            f"{where} is rate-limiting these keys (429)",
            "wait a minute and run doctor again; if it persists, other clients are using up "
            "this organization's rate limit",
        )
    if isinstance(exc, ServerError):
        return Check(
            False,
            f"{where} answered {exc.status}, a server error",
            "Datadog may be having an incident (https://status.datadoghq.com), or the proxy "
            "at DD_API_URL is failing; run doctor again later",
        )
    if isinstance(exc, InvalidResponseError):
        return Check(
            False,
            f"{where} answered, but not like Datadog's API: {exc}",
            "check DD_API_URL / --api-url: it must be Datadog's API or a proxy that forwards "
            "it, not a web or login page",
        )
    return Check(False, f"unexpected answer from {where}: {exc}", "check DD_API_URL and DD_SITE")


def doctor_client(settings: Settings, credentials: Credentials | None = None) -> DatadogClient:
    """The client every check uses: one retry and 10 s, so a wrong site or URL fails fast; the
    settings' keys unless `credentials` (a token or a login) are given."""
    return DatadogClient(
        api_key=settings.api_key,
        app_key=settings.app_key,
        credentials=credentials,
        site=settings.site,
        base_url=settings.api_url,
        timeout=10,
        retry=RetryPolicy(max_retries=1),
    )


async def diagnose(
    settings: Settings, keys: tuple[str, str] = ("DD_API_KEY", "DD_APP_KEY")
) -> list[Check]:
    """The checklist; `keys` names the variables the keys came from (an org's, with --orgs),
    or the token's variable twice."""
    api_key, app_key = keys
    site = Check(
        True,
        f"site {settings.site}"
        + (f" via {redact_url(settings.api_url)}" if settings.api_url else ""),
    )
    if settings.token is not None:
        from datadog_incidents_mcp.datadog.auth import AccessToken
        from datadog_incidents_mcp.server.token_doctor import diagnose_token

        source = "DD_BEARER_TOKEN" if api_key == "DD_API_KEY" else api_key
        return await diagnose_token(settings, site, source, AccessToken(settings.token))
    if settings.login:
        from datadog_incidents_mcp.server.app import login_credentials
        from datadog_incidents_mcp.server.token_doctor import diagnose_token

        credentials = login_credentials(settings)
        assert credentials is not None  # settings.login says it was found
        return await diagnose_token(settings, site, "`datadog-incidents-mcp login`", credentials)
    checks = [Check(True, f"{api_key} and {app_key} are set"), site]
    async with doctor_client(settings) as dd:
        try:
            valid = await dd.validate_api_key()
        except DatadogError as exc:
            return [*checks, upstream_failure(exc, settings)]
        if not valid:
            return [
                *checks,
                Check(
                    False,
                    "Datadog rejects the API key",
                    f"check {api_key}, and that the key belongs to the {settings.site} site "
                    + ("(DD_SITE)" if api_key == "DD_API_KEY" else "(the org's site)"),
                ),
            ]
        checks.append(Check(True, "API key is valid"))
        try:
            await dd.incidents.list(page_size=1)
            checks.append(Check(True, "application key can read incidents"))
        except AuthenticationError:
            return [
                *checks,
                Check(
                    False,
                    "Datadog rejects the application key",
                    f"check {app_key}; it must belong to the same organization as the API key",
                ),
            ]
        except DatadogError:
            checks.append(await _probe(lambda: dd.incidents.list(page_size=1), "incident_read"))
        for permission in needed_permissions(settings):
            if permission == "incident_read":
                continue  # checked above
            probe = PROBES.get(permission)
            if probe is None:
                checks.append(Check(None, f"`{permission}` ({_who_needs(permission)}) {UNCHECKED}"))
            else:
                checks.append(await _probe(functools.partial(probe, dd), permission))
    return checks


# One harmless call per permission: reads, or changes of the nil UUID, which no resource has.
PROBES: dict[str, Callable[[DatadogClient], Awaitable[object]]] = {
    "incident_read": lambda dd: dd.incidents.list(page_size=1),
    "incident_write": lambda dd: dd.incidents.update(NIL, IncidentUpdateRequest.of(id=NIL)),
    "user_access_read": lambda dd: dd.users.list(page_size=1),
    "teams_read": lambda dd: dd.teams.list(page_size=1),
    # Deleting a team needs teams_manage; an update needs teams_read only.
    "teams_manage": lambda dd: dd.teams.delete(NIL),
    "incident_settings_read": lambda dd: dd.impact_fields.list(),
    "incident_settings_write": lambda dd: dd.incident_types.update(
        NIL, IncidentTypePatchRequest.of(id=NIL, description="doctor probe")
    ),
    "incident_notification_settings_read": lambda dd: dd.notification_rules.list(),
    "incident_notification_settings_write": lambda dd: dd.notification_templates.update(
        NIL, NotificationTemplatePatchRequest.of(id=NIL, name="doctor probe")
    ),
}
# oncall_page has no harmless probe: only a real page would show it.
UNCHECKED = "is not checked: no call shows it without acting; make sure the key's role has it"


def needed_permissions(settings: Settings) -> list[str]:
    """What the tools these settings offer need, probed permissions first, in PROBES order."""
    needed = {name for spec in select_tools(settings) for name in spec.permissions}
    return [p for p in PROBES if p in needed] + sorted(needed - PROBES.keys())


async def run_doctor(env: Mapping[str, str], flags: Flags, *, say: Callable[[str], None]) -> int:
    """Print the checklist for the tools these flags offer; exit code 1 if anything failed.

    With several orgs, each org's checklist under its name, then which orgs failed.
    """
    try:
        settings = resolve_settings(env, flags)
    except ConfigError as exc:
        say(Check(False, "configuration", str(exc)).line())
        return 1
    if not settings.orgs:
        failed = _report(await diagnose(settings), say)
        say(f"\n{'All checks passed.' if not failed else f'{failed} check(s) failed.'}")
        return 1 if failed else 0
    failing: list[str] = []
    per_org = org_settings(settings)
    for org in settings.orgs:
        say(f"\norg {org.name}{' (default)' if org.default else ''}:")
        failed = _report(await diagnose(per_org[org.name], org.key_variables), say)
        if failed:
            failing.append(f"{org.name} ({failed} check(s))")
    if failing:
        say(f"\nFailed in org {', '.join(failing)}; the fixes are under each org above.")
        return 1
    say(f"\nAll checks passed in all {len(settings.orgs)} orgs.")
    return 0


def _report(checks: list[Check], say: Callable[[str], None]) -> int:
    """Say each check; the number that failed."""
    for check in checks:
        say(check.line())
    return sum(1 for c in checks if c.ok is False)
