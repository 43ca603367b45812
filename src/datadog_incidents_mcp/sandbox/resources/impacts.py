# The sandbox reads arbitrary JSON request bodies, whose types are unknown by nature.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false
# pyright: reportUnknownArgumentType=false
"""An incident's customer impacts, served by a newer service (JSON:API style)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from datadog_incidents_mcp.sandbox.collection import Collection
from datadog_incidents_mcp.sandbox.responses import ApiError, require_str, time_of

_NIL_UUID = "00000000-0000-0000-0000-000000000000"


def _impact_attributes(attrs: dict[str, Any], partial: bool) -> dict[str, Any]:
    """A create needs a description and a start; an update changes what it names."""
    out: dict[str, Any] = {}
    if not partial or "description" in attrs:
        out["description"] = require_str(attrs, "description", "jsonapi")
    if not partial or "start_at" in attrs:
        out["start_at"] = time_of(attrs.get("start_at"), "start_at", "jsonapi", required=True)
    if not partial or "end_at" in attrs:
        out["end_at"] = time_of(attrs.get("end_at"), "end_at", "jsonapi")
    if not partial or "fields" in attrs:
        fields = attrs.get("fields")
        if fields is not None and not isinstance(fields, dict):
            raise ApiError(400, "fields must be an object", "jsonapi")
        out["fields"] = fields
    if not partial:
        out["impact_type"] = "customer"
    return out


IMPACTS = Collection(
    "impacts",
    "incident_impacts",
    "impact_id",
    parse=_impact_attributes,
    per_incident=True,
    incident_link=True,
    body_first=False,
    check_id=False,
    missing="rpc error: code = NotFound desc = impact {id} not found",
)


async def create_impact(request: Request) -> Response:
    if request.path_params["incident_id"] == _NIL_UUID:
        # Recorded live: the impact service reads the nil UUID as no incident at all.
        detail = "invalid impact data: incident id is required: invalid impact"
        raise ApiError(400, detail, "jsonapi", item={"title": "Bad Request", "detail": detail})
    return await IMPACTS.create(request)


ROUTES = IMPACTS.routes(
    "/api/v2/incidents/{incident_id}/impacts",
    only=("list", "create", "update", "delete"),
    handlers={"create": create_impact},
)
