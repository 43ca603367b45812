"""`datadog-incidents-mcp doctor`: check a configuration and say exactly what to fix.

Datadog has no API that lists an application key's permissions, so write permissions are
probed harmlessly: an update of a resource that cannot exist (the nil UUID) answers 403
when the permission is missing and 404 when it is there. Nothing is ever changed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from datadog_incidents_mcp.datadog import (
    APIConnectionError,
    AuthenticationError,
    DatadogClient,
    DatadogError,
    NotFoundError,
    PermissionDeniedError,
    RetryPolicy,
)
from datadog_incidents_mcp.datadog.models.incidents import IncidentUpdateRequest
from datadog_incidents_mcp.server.config import ConfigError, Settings, resolve_settings
from datadog_incidents_mcp.tools import REGISTRY, TOOLSETS

NIL = "00000000-0000-0000-0000-000000000000"


@dataclass(frozen=True)
class Check:
    ok: bool
    what: str
    fix: str = ""

    def line(self) -> str:
        mark = "✓" if self.ok else "✗"
        return f"{mark} {self.what}" + (
            f"\n    fix: {self.fix}" if self.fix and not self.ok else ""
        )


def _who_needs(permission: str) -> str:
    """The toolsets with a tool that needs `permission`, in the registry's order."""
    needing = {spec.toolset for spec in REGISTRY if permission in spec.permission.split(", ")}
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


async def diagnose(settings: Settings) -> list[Check]:
    checks = [
        Check(True, "DD_API_KEY and DD_APP_KEY are set"),
        Check(
            True, f"site {settings.site}" + (f" via {settings.api_url}" if settings.api_url else "")
        ),
    ]
    async with DatadogClient(
        api_key=settings.api_key,
        app_key=settings.app_key,
        site=settings.site,
        base_url=settings.api_url,
        timeout=10,
        retry=RetryPolicy(max_retries=1),
    ) as dd:
        try:
            valid = await dd.validate_api_key()
        except APIConnectionError as exc:
            return [
                *checks,
                Check(
                    False,
                    f"cannot reach Datadog: {exc}",
                    "check the network, DD_SITE and DD_API_URL",
                ),
            ]
        if not valid:
            return [
                *checks,
                Check(
                    False,
                    "Datadog rejects the API key",
                    f"check DD_API_KEY, and that the key belongs to the {settings.site} "
                    "site (DD_SITE)",
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
                    "check DD_APP_KEY; it must belong to the same organization as the API key",
                ),
            ]
        except DatadogError:
            checks.append(await _probe(lambda: dd.incidents.list(page_size=1), "incident_read"))
        checks.append(
            await _probe(
                lambda: dd.incidents.update(NIL, IncidentUpdateRequest.of(id=NIL)), "incident_write"
            )
        )
        checks.append(await _probe(lambda: dd.users.list(page_size=1), "user_access_read"))
        checks.append(await _probe(lambda: dd.teams.list(page_size=1), "teams_read"))
        # Deleting a team needs teams_manage (an update needs teams_read only); no team has
        # the nil UUID, so the probe deletes nothing.
        checks.append(await _probe(lambda: dd.teams.delete(NIL), "teams_manage"))
    return checks


async def run_doctor(
    env: Mapping[str, str], *, site: str | None, api_url: str | None, say: Callable[[str], None]
) -> int:
    """Print the checklist; the exit code is 1 if anything failed."""
    try:
        settings = resolve_settings(env=env, site=site, api_url=api_url)
    except ConfigError as exc:
        say(Check(False, "configuration", str(exc)).line())
        return 1
    checks = await diagnose(settings)
    for check in checks:
        say(check.line())
    failed = sum(1 for c in checks if not c.ok)
    say(f"\n{'All checks passed.' if not failed else f'{failed} check(s) failed.'}")
    return 1 if failed else 0
