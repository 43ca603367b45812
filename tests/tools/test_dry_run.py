"""--dry-run: every write answers with the request it would send, and nothing is sent."""

from __future__ import annotations

import json
from pathlib import Path

import httpx2
import pytest
from mcp import Client

from datadog_incidents_mcp.datadog import DatadogClient
from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.server.app import build_server
from tests.conftest import call, connect, fail, sandbox_settings
from tests.server.test_several_orgs import two_orgs
from tests.tools.test_confirm import FILLER

pytestmark = pytest.mark.anyio


def sent(text: str) -> dict[str, object]:
    """The request a dry-run answer says it would send."""
    assert text.startswith("dry run: nothing was sent to Datadog"), text
    request, _ = json.JSONDecoder().raw_decode(text.split("This call would send: ", 1)[1])
    return request


class Capture(httpx2.AsyncBaseTransport):
    """The sandbox in-process, noting each request other than GET as it goes out."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.inner = httpx2.ASGITransport(app=sandbox.app)
        self.sent: list[dict[str, object]] = []

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        if request.method != "GET":
            query = f"?{request.url.query.decode()}" if request.url.query else ""
            body = json.loads(await request.aread()) if request.content else None
            self.sent.append(
                {"method": request.method, "path": request.url.path + query, "body": body}
            )
        return await self.inner.handle_async_request(request)


WRITES = [
    ("update_incident", {"incident_id": "IR-2", "severity": "SEV-1", "state": "stable"}),
    ("create_incident", {"title": "Checkout errors", "severity": "SEV-2", "notify": ["@ops"]}),
    ("create_incident_todo", {"incident_id": "IR-1", "content": "Roll back", "assignees": ["me"]}),
    ("page_on_call", {"incident_id": "IR-2", "team": "payments"}),
]


async def test_a_write_answers_with_the_exact_request_it_would_send() -> None:
    rehearsal, real = Sandbox(), Sandbox()
    answers: list[dict[str, object]] = []
    async with connect(rehearsal, settings=sandbox_settings(dry_run=True)) as client:
        await call(client, "get_incident", {"incident_id": "IR-2"})  # reads go through
        for name, arguments in WRITES:
            answers.append(sent(await fail(client, name, arguments)))
    assert rehearsal.requests and {r.method for r in rehearsal.requests} == {"GET"}
    capture = Capture(real)
    async with (
        DatadogClient(
            api_key="k", app_key="a", base_url="http://sandbox.invalid", transport=capture
        ) as dd,
        Client(build_server(sandbox_settings(), client=dd)) as client,
    ):
        for name, arguments in WRITES:
            await call(client, name, arguments)
    assert answers == capture.sent[: len(answers)] and len(capture.sent) == len(answers)


async def test_no_write_tool_slips_past(sandbox: Sandbox, tmp_path: Path) -> None:
    """Every tool that changes things, called with the least it takes, sends nothing but
    reads; those whose arguments pass answer with a request."""
    path = tmp_path / "audit.jsonl"
    settings = sandbox_settings(dry_run=True, audit_log=str(path))
    rehearsed: list[str] = []
    async with connect(sandbox, settings=settings) as client:
        for tool in (await client.list_tools()).tools:
            if tool.annotations is None or tool.annotations.read_only_hint:
                continue
            properties = tool.input_schema["properties"]
            arguments: dict[str, object] = {
                n: FILLER[properties[n]["type"]] for n in tool.input_schema.get("required", [])
            }
            if "confirm" in properties:
                arguments["confirm"] = True
            result = await client.call_tool(tool.name, arguments)
            text = result.content[0].text  # type: ignore[union-attr]
            if text.startswith("dry run:"):
                rehearsed.append(tool.name)
    assert {r.method for r in sandbox.requests} <= {"GET"}
    assert len(rehearsed) > 25, rehearsed
    audited = [json.loads(line) for line in path.read_text().splitlines()]
    assert sorted(a["tool"] for a in audited if a["outcome"] == "dry run") == sorted(rehearsed)


async def test_a_dry_run_with_several_orgs_sends_neither_org_a_write(tmp_path: Path) -> None:
    async with two_orgs(tmp_path, toolsets="all", dry_run=True) as served:
        change = {"incident_id": "IR-2", "severity": "SEV-3", "org": "staging"}
        said = await fail(served.client, "update_incident", change)
    assert sent(said)["method"] == "PATCH"
    assert said.endswith(" (org staging)")
    for org in (served.prod, served.staging):
        assert {r.method for r in org.requests} <= {"GET"}
    assert served.staging.requests
