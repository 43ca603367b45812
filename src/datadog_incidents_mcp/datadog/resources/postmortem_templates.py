"""Postmortem templates: the section layout an org uses for postmortems."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._paths import build_path
from datadog_incidents_mcp.datadog.models.postmortem_templates import (
    TemplateResponse,
    TemplatesResponse,
    TemplateWriteRequest,
)
from datadog_incidents_mcp.datadog.resources._base import ResourceBase

_ALL = "/api/v2/incidents/config/postmortem-templates"
_ONE = "/api/v2/incidents/config/postmortem-templates/{template_id}"


class PostmortemTemplates(ResourceBase):
    async def list(self) -> TemplatesResponse:
        return await self._read(TemplatesResponse, _ALL)

    async def get(self, template_id: str) -> TemplateResponse:
        return await self._read(TemplateResponse, build_path(_ONE, template_id=template_id))

    async def create(self, body: TemplateWriteRequest) -> TemplateResponse:
        hint = f'List the templates for one named "{body.data.attributes.name}" first.'
        return await self._create(TemplateResponse, _ALL, body, hint)

    async def update(self, template_id: str, body: TemplateWriteRequest) -> TemplateResponse:
        path = build_path(_ONE, template_id=template_id)
        return await self._write(TemplateResponse, "PATCH", path, body)

    async def delete(self, template_id: str) -> None:
        await self._remove(build_path(_ONE, template_id=template_id))
