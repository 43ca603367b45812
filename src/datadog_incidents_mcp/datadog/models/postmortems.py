"""Datadog's AI postmortem (`POST /incidents/{id}/ai/postmortem`): sections it writes."""

from __future__ import annotations

from datadog_incidents_mcp.datadog.models._base import Document, WireModel


class AIPostmortemAttributes(WireModel):
    """Sections Datadog's AI writes for a postmortem (Markdown text each)."""

    executive_summary: str | None = None
    system_overview: str | None = None
    key_timeline: str | None = None
    customer_impact: str | None = None
    lessons_learned: str | None = None
    action_items: str | None = None


AIPostmortemResponse = Document[AIPostmortemAttributes]
