# The sandbox reads arbitrary JSON request bodies, whose types are unknown by nature.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false
# pyright: reportUnknownArgumentType=false
"""An incident's timestamp overrides (a corrected detection time...), JSON:API style.

Deletes are soft: `deleted_at` is set and the override is gone for reads.
"""

from __future__ import annotations

from typing import Any

from datadog_incidents_mcp.sandbox.collection import Collection
from datadog_incidents_mcp.sandbox.responses import ApiError, time_of


def _override_attributes(attrs: dict[str, Any], partial: bool) -> dict[str, Any]:
    """A create names the timestamp and its value; an update changes the value only."""
    if partial:
        value = time_of(attrs.get("timestamp_value"), "timestamp_value", "jsonapi", required=True)
        return {"timestamp_value": value}
    kind = attrs.get("timestamp_type")
    if kind not in ("detected", "declared", "resolved"):
        raise ApiError(400, "timestamp_type must be detected, declared or resolved", "jsonapi")
    value = time_of(attrs.get("timestamp_value"), "timestamp_value", "jsonapi", required=True)
    return {"timestamp_type": kind, "timestamp_value": value}


OVERRIDES = Collection(
    "overrides",
    "incidents_timestamp_overrides",
    "override_id",
    parse=_override_attributes,
    per_incident=True,
    stamps=("created_at", "modified_at"),
    echo_incident=True,
    soft_delete="deleted_at",
    body_first=False,
    check_id=False,
    missing="override not found",
)


ROUTES = OVERRIDES.routes(
    "/api/v2/incidents/{incident_id}/timestamp-overrides",
    only=("list", "create", "update", "delete"),
)
