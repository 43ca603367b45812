"""`client.attachments` (links and the postmortem attachment) against the sandbox."""

from __future__ import annotations

import pytest

from datadog_incidents_mcp.datadog import DatadogClient
from datadog_incidents_mcp.datadog.models import attachments as att
from datadog_incidents_mcp.sandbox import Sandbox
from tests.datadog.resources.shared import new_incident

pytestmark = pytest.mark.anyio


async def test_attachment_and_postmortem_round_trip(
    client: DatadogClient, sandbox: Sandbox
) -> None:
    incident_id = await new_incident(client)
    link = await client.attachments.create(
        incident_id,
        att.AttachmentCreateRequest.of(
            attachment_type="link",
            attachment={"documentUrl": "https://x.example/d", "title": "Doc"},
        ),
    )
    assert link.included and link.included[0].type == "users"  # always included by the live API
    await client.attachments.update(
        incident_id,
        link.data.id,
        att.AttachmentUpdateRequest.of(id=link.data.id, attachment={"title": "Runbook"}),
    )
    postmortem = await client.attachments.create_postmortem(
        incident_id,
        att.PostmortemAttachmentRequest.of(
            title="PM",
            cells=[{"id": "impact", "attributes": {"definition": {"content": "## Impact"}}}],
        ),
    )
    assert postmortem.data.attributes.attachment_type == "postmortem"
    stored = sandbox.store["postmortems"][postmortem.data.id]
    assert stored["cells"][0]["attributes"]["definition"]["content"] == "## Impact"
    links = await client.attachments.list(incident_id, attachment_type="link")
    assert [a.attributes.attachment.title for a in links.data if a.attributes.attachment] == [
        "Runbook"
    ]
    await client.attachments.delete(incident_id, link.data.id)
    assert len((await client.attachments.list(incident_id)).data) == 1
