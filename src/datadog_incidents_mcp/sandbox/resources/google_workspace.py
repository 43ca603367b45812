"""Google Chat and Google Meet settings, one of each per incident type (create and update
only, as Datadog serves them)."""

from __future__ import annotations

from datadog_incidents_mcp.sandbox.collection import REQUIRED_TYPE_LINK, Attr, Collection

GOOGLE_CHAT = Collection(
    "google_chat",
    "google_chat_configurations",
    "id",
    tuple(
        Attr(name, str, required=True)
        for name in (
            "domain_id",
            "space_name_template",
            "space_time_zone",
            "space_target_audience_id",
        )
    ),
    links=(REQUIRED_TYPE_LINK,),
    stamps=("created_at", "modified_at"),
)
GOOGLE_MEET = Collection(
    "google_meet",
    "google_meet_configurations",
    "id",
    (
        Attr("allow_manual_meeting_creation", bool, required=True),
        Attr("auto_summarize", bool, required=True),
    ),
    links=(REQUIRED_TYPE_LINK,),
    stamps=("created_at", "modified_at"),
)


ROUTES = [
    *GOOGLE_CHAT.routes(
        "/api/v2/incidents/config/google-chat-configurations", only=("create", "update")
    ),
    *GOOGLE_MEET.routes(
        "/api/v2/incidents/config/google-meet-configurations", only=("create", "update")
    ),
]
