"""What the sandbox's own tests share: a client that talks to the sandbox in-process, and
JSON:API request bodies."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx2
import pytest

from datadog_incidents_mcp.sandbox import Sandbox

KEYS = {"DD-API-KEY": "k", "DD-APPLICATION-KEY": "a"}
C = "/api/v2/incidents/config"
DEFAULT_TYPE = {
    "incident_type": {
        "data": {"id": "00000000-0000-0000-0000-000000000001", "type": "incident_types"}
    }
}


@pytest.fixture
async def http(sandbox: Sandbox) -> AsyncIterator[httpx2.AsyncClient]:
    transport = httpx2.ASGITransport(app=sandbox.app)
    async with httpx2.AsyncClient(transport=transport, base_url="http://sb", headers=KEYS) as c:
        yield c


def body(kind: str, attributes: dict[str, Any], **data: Any) -> dict[str, Any]:
    """A request body: `{data: {type, attributes, ...}}`."""
    return {"data": {"type": kind, "attributes": attributes, **data}}
