"""Notification templates: the subject and text a notification rule sends."""

from __future__ import annotations

from datadog_incidents_mcp.sandbox.collection import TYPE_LINK, Attr, Collection

NOTIFICATION_TEMPLATES = Collection(
    "notification_templates",
    "notification_templates",
    "id",
    tuple(Attr(name, str, required=True) for name in ("name", "subject", "content", "category")),
    links=(TYPE_LINK,),
    filters={"filter[incident-type]": "rel:incident_type"},
    bare_404=True,
)


ROUTES = NOTIFICATION_TEMPLATES.routes("/api/v2/incidents/config/notification-templates")
