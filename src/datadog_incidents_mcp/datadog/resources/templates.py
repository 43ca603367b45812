"""Postmortem templates: the section layout an org uses for postmortems."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog._transport import parse
from datadog_incidents_mcp.datadog.models.templates import (
    TemplateResponse,
    TemplatesResponse,
    TemplateWriteRequest,
)
from datadog_incidents_mcp.datadog.resources._base import ResourceBase

_ALL = "/api/v2/incidents/config/postmortem-templates"
_ONE = "/api/v2/incidents/config/postmortem-templates/{template_id}"


class PostmortemTemplates(ResourceBase):
    async def list(self) -> TemplatesResponse:
        response = await self._requester.request("GET", _ALL, retry_safe=True)
        return parse(TemplatesResponse, response)

    async def get(self, template_id: str) -> TemplateResponse:
        response = await self._requester.request(
            "GET", build_path(_ONE, template_id=template_id), retry_safe=True
        )
        return parse(TemplateResponse, response)

    async def create(self, body: TemplateWriteRequest) -> TemplateResponse:
        return await self._requester.create(
            TemplateResponse,
            _ALL,
            body,
            check_hint=f'List the templates for one named "{body.data.attributes.name}" first.',
        )

    async def update(self, template_id: str, body: TemplateWriteRequest) -> TemplateResponse:
        response = await self._requester.request(
            "PATCH", build_path(_ONE, template_id=template_id), body=body, retry_safe=True
        )
        return parse(TemplateResponse, response)

    async def delete(self, template_id: str) -> None:
        await self._requester.request(
            "DELETE", build_path(_ONE, template_id=template_id), retry_safe=True
        )
