"""On-Call pages sent from an incident, linked pages, and ServiceNow records."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog.models.integrations import IntegrationResponse
from datadog_incidents_mcp.datadog.models.paging import (
    PageIdResponse,
    PageLinkRequest,
    PageRequest,
    ServiceNowRecordRequest,
)
from datadog_incidents_mcp.datadog.resources._base import ResourceBase

_I = "/api/v2/incidents/{incident_id}"


class Paging(ResourceBase):
    async def page(self, incident_id: str, body: PageRequest) -> PageIdResponse:
        """Page an On-Call team or person; the answer is the new page's ID."""
        path = build_path(_I + "/page", incident_id=incident_id)
        hint = "Check the incident's integrations (oncall pages) and On-Call before paging again."
        return await self._create(PageIdResponse, path, body, hint)

    async def link_page(self, incident_id: str, body: PageLinkRequest) -> IntegrationResponse:
        """Attach an existing On-Call page; 409 when it is linked already."""
        path = build_path(_I + "/pages/link", incident_id=incident_id)
        hint = "List the incident's integrations to see whether the page is linked."
        return await self._create(IntegrationResponse, path, body, hint)

    async def servicenow_record(
        self, incident_id: str, body: ServiceNowRecordRequest
    ) -> IntegrationResponse:
        """Open (or, with `record_id`, link) a ServiceNow record for the incident."""
        path = build_path(_I + "/servicenow-records", incident_id=incident_id)
        hint = "List the incident's integrations for a ServiceNow record first."
        return await self._create(IntegrationResponse, path, body, hint)
