"""Postmortem template tools (config toolset), through the MCP client."""

from __future__ import annotations

import pytest

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, connect, sandbox_settings

pytestmark = pytest.mark.anyio


async def test_templates_list_their_sections(sandbox: Sandbox) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="config")) as client:
        templates = (await call(client, "list_postmortem_templates", {}))["templates"]
    standard = next(t for t in templates if t["name"] == "Standard postmortem")  # type: ignore[union-attr]
    assert standard["default"] is True
    assert standard["sections"][:3] == ["Summary", "Impact", "Timeline"]


async def test_postmortem_templates_round_trip_and_shape_the_draft(sandbox: Sandbox) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="config,postmortems")) as client:
        made = (
            await call(
                client,
                "create_postmortem_template",
                {"name": "Quick review", "sections": ["What broke", "Action items"]},
            )
        )["template"]
        assert made["sections"] == ["What broke", "Action items"]  # type: ignore[index]
        renamed = (
            await call(
                client, "update_postmortem_template", {"template_id": made["id"], "name": "Quick"}
            )
        )["template"]  # type: ignore[index]
        assert renamed == {**made, "name": "Quick"}  # type: ignore[dict-item]
        assert sandbox.count("GET", "/postmortem-templates/") == 0  # the name was given
        draft = await call(
            client, "draft_postmortem_cells", {"incident_id": "IR-1", "template_id": made["id"]}
        )  # type: ignore[index]
        assert [c["id"] for c in draft["cells"]] == ["what_broke", "action_items"]  # type: ignore[index, union-attr]
        resectioned = (
            await call(
                client,
                "update_postmortem_template",
                {"template_id": made["id"], "sections": ["Why"]},
            )
        )["template"]
        assert resectioned == {**renamed, "sections": ["Why"]}  # type: ignore[dict-item]
        await call(
            client, "delete_postmortem_template", {"template_id": made["id"], "confirm": True}
        )  # type: ignore[index]
    assert made["id"] not in sandbox.store["templates"]  # type: ignore[index]
