"""Incident roles an organization defines (Scribe, Communications lead...), per incident
type."""

from __future__ import annotations

from datadog_incidents_mcp.sandbox.collection import REQUIRED_TYPE_LINK, Attr, Collection

ROLES = Collection(
    "roles",
    "incident_user_defined_roles",
    "role_id",
    (
        Attr("name", str, required=True),
        Attr("description", str, nullable=True, default=None),
        Attr(
            "policy",
            dict,
            nullable=True,
            default={"is_single": True},
            shape=lambda policy: (
                set(policy) == {"is_single"} and isinstance(policy["is_single"], bool)
            ),
            shape_hint="{is_single: true or false}",
        ),
    ),
    links=(REQUIRED_TYPE_LINK,),
    filters={"filter[incident-type]": "rel:incident_type"},
)


ROUTES = ROLES.routes("/api/v2/incidents/config/user-defined-roles")
