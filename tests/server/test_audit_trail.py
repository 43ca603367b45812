"""--audit-log: every write of an agent's session is one JSON line, refused and declined
ones too, naming who, what it acted on and what it made, and nothing the agent wrote."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from mcp.types import ElicitResult

from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.server.app import build_server
from datadog_incidents_mcp.server.config import ConfigError
from tests.conftest import APP_KEY, call, connect, fail, sandbox_settings
from tests.server.test_several_orgs import two_orgs

pytestmark = pytest.mark.anyio
SECRET_TEXT = "Checkout errors at the Acme storefront"


def _yes_but_not_to_todos() -> dict[str, Any]:
    async def answer(ctx: object, params: object) -> ElicitResult:
        message = str(getattr(params, "message", ""))
        return ElicitResult(action="accept", content={"confirm": "todo" not in message})

    return {"elicitation_callback": answer}


def trail(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


async def test_a_scripted_session_leaves_each_write_once(sandbox: Sandbox, tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    settings = sandbox_settings(confirm="writes", max_creates_per_hour=2, audit_log=str(path))
    async with connect(sandbox, settings=settings, **_yes_but_not_to_todos()) as client:
        declared = await call(client, "create_incident", {"title": SECRET_TEXT})
        await call(client, "update_incident", {"incident_id": "IR-2", "severity": "SEV-1"})
        await call(client, "get_incident", {"incident_id": "IR-2"})  # a read: not audited
        said = await fail(client, "create_incident_todo", {"incident_id": "IR-1", "content": "x"})
        assert said.startswith("declined:")
        await call(
            client,
            "add_incident_responder",
            {"incident_id": "IR-4", "user": "sam.oconnor@example.com"},
        )
        said = await fail(client, "create_incident", {"title": "Another", "confirm": True})
        assert said.startswith("refused: the cap of 2 creates an hour")
        await call(client, "delete_incident", {"incident_id": "IR-3"})
    lines = trail(path)
    assert [(line["tool"], line["outcome"]) for line in lines] == [
        ("create_incident", "done"),
        ("update_incident", "done"),
        ("create_incident_todo", "declined"),
        ("add_incident_responder", "done"),
        ("create_incident", "refused"),
        ("delete_incident", "done"),
    ]
    incident: Any = declared["incident"]
    assert lines[0]["created"] == [incident["id"]]
    assert lines[1]["targets"] == {"incident_id": "IR-2"}
    assert lines[3]["targets"]["user"] != "sam.oconnor@example.com"  # resolved to the person
    assert len(lines[3]["created"]) == 1
    assert len({line["caller"] for line in lines}) == 1
    assert lines[0]["caller"].startswith("credential:")
    text = path.read_text()
    assert SECRET_TEXT not in text and '"x"' not in text and "sandbox" not in text
    assert {line["acting_as"] for line in lines} == {"server keys"}  # whose, never a value
    fields = ["caller", "created", "level", "logger", "org", "outcome", "targets", "time", "tool"]
    assert sorted(lines[0]) == sorted([*fields, "acting_as"])


async def test_a_write_without_a_yes_is_audited_as_not_confirmed(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    path = tmp_path / "audit.jsonl"
    settings = sandbox_settings(confirm="writes", audit_log=str(path))
    async with connect(sandbox, settings=settings) as client:
        await fail(client, "update_incident", {"incident_id": "IR-2", "state": "resolved"})
    assert [(line["tool"], line["outcome"]) for line in trail(path)] == [
        ("update_incident", "not confirmed")
    ]


async def test_a_key_pasted_where_an_id_goes_is_not_written_to_the_trail(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    """A target is recorded as typed until it is resolved; a key typed there stays out."""
    path = tmp_path / "audit.jsonl"
    settings = sandbox_settings(audit_log=str(path))
    async with connect(sandbox, settings=settings) as client:
        await fail(client, "delete_incident", {"incident_id": APP_KEY.upper()})
    text = path.read_text()
    assert APP_KEY.lower() not in text.lower(), text
    assert [line["targets"] for line in trail(path)] == [{"incident_id": "[redacted]"}]


def test_an_audit_log_that_cannot_be_written_stops_the_start(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "dir" / "audit.jsonl"
    with pytest.raises(ConfigError, match=r"--audit-log .*audit.jsonl: cannot append to it"):
        build_server(sandbox_settings(audit_log=str(missing)))


async def test_with_several_orgs_each_line_names_the_org(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    flags = {"toolsets": "all", "audit_log": str(path), "max_writes_per_minute": 2}
    change = {"incident_id": "IR-2", "severity": "SEV-3"}
    async with two_orgs(tmp_path, **flags) as served:
        await call(served.client, "update_incident", {**change, "org": "staging"})
        await call(served.client, "update_incident", change)
        await fail(served.client, "update_incident", {**change, "org": "staging"})
        await fail(served.client, "update_incident", {**change, "org": SECRET_TEXT})
    assert [(line["org"], line["outcome"]) for line in trail(path)] == [
        ("staging", "done"),
        ("prod", "done"),
        ("staging", "refused"),
        (None, "refused"),  # not an org: none of the caller's text goes in
    ]
    assert SECRET_TEXT not in path.read_text()
