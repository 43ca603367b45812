"""Which Datadog permissions each request needs, as Datadog documents them per operation
(`x-permission` in its spec, vendored in spec/datadog/).

A request passes when the key's role holds every permission of at least one alternative.
Some operations need the keys only: no alternative is listed for them.
"""

from __future__ import annotations

import re

Alternatives = tuple[frozenset[str], ...]
ALL_PERMISSIONS = frozenset(
    {
        "incident_read",
        "incident_write",
        "incident_settings_read",
        "incident_settings_write",
        "incident_notification_settings_read",
        "incident_notification_settings_write",
        "oncall_page",
        "teams_read",
        "teams_manage",
        "user_access_read",
    }
)
_READ, _WRITE = "GET", "POST|PATCH|PUT|DELETE"
_CONFIG = "/api/v2/incidents/config/"


def _any(*permissions: str) -> Alternatives:
    return tuple(frozenset({p}) for p in permissions)


# (methods, path regex, what it needs); the first match wins, so specific rules come first.
_RULES: list[tuple[str, str, Alternatives]] = [
    (".+", _CONFIG + "(global|postmortem-templates)(/|$)", ()),
    ("POST", r"/api/v2/incidents/[^/]+/attachments/postmortems$", ()),
    (
        _READ,
        _CONFIG + "notification-templates/[^/]+$",
        _any("incident_settings_read", "incident_write", "incident_read"),
    ),
    (
        _READ,
        _CONFIG + "notification-(rules|templates)",
        _any("incident_notification_settings_read"),
    ),
    (
        _WRITE,
        _CONFIG + "notification-(rules|templates)",
        _any("incident_notification_settings_write"),
    ),
    (
        _READ,
        _CONFIG + "rules",
        _any("incident_settings_read", "incident_notification_settings_read"),
    ),
    (
        _WRITE,
        _CONFIG + "rules",
        _any("incident_settings_write", "incident_notification_settings_write"),
    ),
    (_READ, _CONFIG + "(impact-fields|user-defined-roles)", _any("incident_settings_read")),
    (_READ, _CONFIG + "types/(?!org-settings$)[^/]+$", _any("incident_read")),
    (_READ, _CONFIG + "types", _any("incident_settings_read", "incident_read")),
    (_WRITE, _CONFIG, _any("incident_settings_write")),
    ("POST", r"/api/v2/incidents/[^/]+/page$", (frozenset({"oncall_page", "incident_write"}),)),
    (_READ, "/api/v2/incidents", _any("incident_read")),
    (_WRITE, "/api/v2/incidents", _any("incident_write")),
    # Making and deleting teams needs teams_manage; changing one or its members, teams_read
    # (Datadog checks team-level rights too, which the sandbox does not model).
    ("POST", "/api/v2/team$", (frozenset({"teams_read", "teams_manage"}),)),
    ("DELETE", "/api/v2/team/[^/]+$", (frozenset({"teams_read", "teams_manage"}),)),
    (".+", "/api/v2/team", _any("teams_read")),
    (_READ, "/api/v2/users/[^/]+/memberships$", _any("teams_read")),
    (".+", "/api/v2/users", _any("user_access_read")),
]
_COMPILED = [(re.compile(m), re.compile(p), needs) for m, p, needs in _RULES]
# Every permission a rule names: a key granted all of them passes without a look at the rules.
_NAMED = frozenset(p for _, _, needs in _RULES for option in needs for p in option)


def required(method: str, path: str) -> Alternatives:
    """The permission sets any one of which lets this request through (empty: keys only)."""
    for methods, pattern, needs in _COMPILED:
        if methods.fullmatch(method) and pattern.match(path):
            return needs
    return ()


def missing(method: str, path: str, granted: frozenset[str]) -> str | None:
    """The permission to name in a 403, or None when the request may pass."""
    if granted >= _NAMED:  # the usual sandbox key, granted everything: a regex less per rule
        return None
    needs = required(method, path)
    if not needs or any(option <= granted for option in needs):
        return None
    return ", ".join(sorted(needs[0] - granted))
