"""Notification rules: which incidents notify which handles, with which template. An update
is a PUT that replaces the whole rule; the list is paginated."""

from __future__ import annotations

from datadog_incidents_mcp.sandbox.collection import TYPE_LINK, Attr, Collection, Link

NOTIFICATION_RULES = Collection(
    "notification_rules",
    "incident_notification_rules",
    "id",
    (
        Attr("conditions", list, required=True),
        Attr("handles", list, required=True),
        Attr("trigger", str, required=True),
        Attr("enabled", bool, default=False),
        Attr("renotify_on", list, default=[]),
        Attr("visibility", str, choices=("all", "organization", "private"), default="all"),
    ),
    links=(
        TYPE_LINK,
        Link("notification_template", "notification_templates", "notification_templates"),
    ),
    update_method="PUT",
    paginated=True,
)


ROUTES = NOTIFICATION_RULES.routes("/api/v2/incidents/config/notification-rules")
