"""`doctor` for an access token: is it valid, whose is it, and which tools it leaves out.

A token carries scopes, and Datadog's spec lists the scopes each operation needs
(`datadog/oauth_scopes.py`), so a tool is left out by a scope the token lacks. No API lists
a token's scopes, so each is probed as doctor probes a key's permissions (doctor.PROBES):
harmlessly, a 403 meaning the scope (or the owner's permission) is missing. An operation
whose spec lists the keys alone takes a personal or service token in DD-APPLICATION-KEY,
but not an OAuth login's token: with a login alone, those tools are left out.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from datadog_incidents_mcp.datadog import (
    AuthenticationError,
    DatadogClient,
    DatadogError,
    NotFoundError,
    PermissionDeniedError,
)
from datadog_incidents_mcp.datadog.auth import Credentials
from datadog_incidents_mcp.datadog.oauth_scopes import OPERATIONS, TOOL_OPERATIONS
from datadog_incidents_mcp.server.config import Settings, select_tools
from datadog_incidents_mcp.server.doctor import PROBES, Check, doctor_client, upstream_failure
from datadog_incidents_mcp.server.login import LoginTokens


def tools_by_scope(tools: Iterable[str]) -> tuple[dict[str, list[str]], list[str]]:
    """Scope -> the tools needing it; and the tools whose operation takes keys only."""
    by_scope: dict[str, list[str]] = {}
    keys_only: list[str] = []
    for tool in tools:
        scopes = OPERATIONS[TOOL_OPERATIONS[tool]]
        if scopes is None:
            keys_only.append(tool)
        for scope in scopes or ():
            by_scope.setdefault(scope, []).append(tool)
    return by_scope, keys_only


async def diagnose_token(
    settings: Settings, site: Check, source: str, credentials: Credentials
) -> list[Check]:
    """The checklist for the token `source` names (DD_BEARER_TOKEN, an org's token_env, or
    a login), after the site's line."""
    kind = credentials.kind
    login = isinstance(credentials, LoginTokens)
    checks = [Check(True, f"{source} is set ({kind})"), site]
    async with doctor_client(settings, credentials) as dd:
        try:
            checks.append(await _accepted(dd, login))
        except AuthenticationError as exc:
            return [*checks, Check(False, f"{exc.credential or exc}", f"check {source}")]
        except DatadogError as exc:
            return [*checks, upstream_failure(exc, settings)]
        offered = [spec.name for spec in select_tools(settings)]
        by_scope, keys_only = tools_by_scope(offered)
        for scope, tools in by_scope.items():
            checks.append(await _scope(dd, scope, tools))
        if keys_only and login:
            checks.append(
                Check(
                    None,
                    f"{len(keys_only)} tools call operations Datadog takes keys for, not an "
                    f"OAuth login: {', '.join(keys_only)} answer that they need DD_API_KEY "
                    "and DD_APP_KEY, or DD_BEARER_TOKEN",
                )
            )
    return checks


async def _accepted(dd: DatadogClient, login: bool) -> Check:
    """Whether Datadog takes the token, and whose it is. validate_keys and current_user take
    keys only, which an OAuth login cannot call: a login is checked by a read instead."""
    if login:
        await dd.incidents.list(page_size=1)
        return Check(
            None, "Datadog accepts the login; its user is not shown (current_user takes keys only)"
        )
    await dd.validate_keys()
    me = (await dd.users.current()).data
    owner = me.attributes.name if me.attributes else None
    email = me.attributes.email if me.attributes else None
    shown = " ".join(part for part in (owner, f"<{email}>" if email else None) if part)
    return Check(True, f"Datadog accepts the token; it acts as {shown or me.id}")


async def _scope(dd: DatadogClient, scope: str, tools: list[str]) -> Check:
    probe = PROBES.get(scope)
    if probe is None:
        return Check(None, f"`{scope}` is not checked (no harmless call shows it)")
    try:
        await functools.partial(probe, dd)()
    except PermissionDeniedError:
        return Check(
            False,
            f"the token lacks the scope `{scope}` (or its owner's role the permission), "
            f"which leaves out {', '.join(sorted(tools))}",
            f"make a token with `{scope}`, or leave those tools out with --toolsets/--tools",
        )
    except NotFoundError:
        pass  # past the gate: the probe's nil ID is not found
    except DatadogError as exc:
        return Check(False, f"could not check `{scope}`: {exc}", "see the message above")
    return Check(True, f"the token has `{scope}`")
