# The sandbox reads arbitrary JSON request bodies, whose types are unknown by nature.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false
# pyright: reportUnknownArgumentType=false
"""Datadog's AI postmortem of an incident (`/ai/postmortem`): the sandbox writes the sections
from the incident's record, in the live answer's shape."""

from __future__ import annotations

import uuid

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from datadog_incidents_mcp.sandbox.lookup import find_incident, store_of
from datadog_incidents_mcp.sandbox.resources.incidents import render_incident
from datadog_incidents_mcp.sandbox.responses import send


async def ai_postmortem(request: Request) -> Response:
    """Sections in the shape of Datadog's AI postmortem, written from the record."""
    store = store_of(request)
    record = find_incident(store, request.path_params["incident_id"], "jsonapi")
    a = render_incident(store, record, embedded=False)["attributes"]
    scope = a["customer_impact_scope"] or "No customer impact was recorded."
    services = ", ".join(a["fields"]["services"]["value"] or []) or "unknown"
    body = {
        "data": {
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"sandbox/ai-postmortem/{record['id']}")),
            "type": "get_incident_ai_postmortem_response",
            "attributes": {
                "executive_summary": f"{a['title']}: {a['severity']}, {a['state']}.",
                "system_overview": f"Services involved: {services}.",
                "key_timeline": f"Declared {a['declared']}; resolved {a['resolved'] or 'not yet'}.",
                "customer_impact": scope,
                "lessons_learned": "Detection took longer than it should have; alert earlier.",
                "action_items": "Review alert thresholds for the affected services.",
            },
        }
    }
    return send(body, 200, "jsonapi")


ROUTES = [
    Route("/api/v2/incidents/{incident_id}/ai/postmortem", ai_postmortem, methods=["POST"]),
]
