"""Sandbox behaviour that the client tests do not already cover."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import httpx2
import pytest

import datadog_incidents_mcp.sandbox
import datadog_incidents_mcp.sandbox.resources
from datadog_incidents_mcp.datadog import DatadogClient
from datadog_incidents_mcp.datadog.models import incidents as inc
from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.sandbox import app as sandbox_app
from datadog_incidents_mcp.sandbox.serve import running

pytestmark = pytest.mark.anyio
KEYS = {"DD-API-KEY": "k", "DD-APPLICATION-KEY": "a"}


def test_seed_covers_every_state_and_the_common_severities() -> None:
    incidents = Sandbox().store["incidents"].values()
    assert len(incidents) == 12
    states = {r["attributes"]["fields"]["state"]["value"] for r in incidents}
    severities = {r["attributes"]["fields"]["severity"]["value"] for r in incidents}
    assert states == {"active", "stable", "resolved"}
    assert {"SEV-1", "SEV-2", "SEV-3", "SEV-4", "SEV-5", "UNKNOWN"} <= severities
    assert [r["attributes"]["public_id"] for r in incidents] == list(range(1, 13))


def test_two_sandboxes_seed_identical_data() -> None:
    assert Sandbox().store.data == Sandbox().store.data


async def test_state_persists_across_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    first = Sandbox(state_path=path)
    transport = httpx2.ASGITransport(app=first.app)
    async with DatadogClient(
        api_key="k", app_key="a", base_url="http://sandbox", transport=transport
    ) as dd:
        made = await dd.incidents.create(
            inc.IncidentCreateRequest.of(title="Survives restarts", customer_impacted=False)
        )
    second = Sandbox(state_path=path)
    transport = httpx2.ASGITransport(app=second.app)
    async with DatadogClient(
        api_key="k", app_key="a", base_url="http://sandbox", transport=transport
    ) as dd:
        again = await dd.incidents.get(made.data.id)
        assert again.data.attributes.title == "Survives restarts"
        assert again.data.attributes.public_id == 13
        newer = await dd.incidents.create(
            inc.IncidentCreateRequest.of(title="Next", customer_impacted=False)
        )
        assert newer.data.attributes.public_id == 14


def test_faults_can_be_armed_over_http_for_out_of_process_use(sandbox: Sandbox) -> None:
    with running(sandbox) as url:
        armed = httpx2.post(
            f"{url}/_sandbox/faults", json={"path": "/search", "status": 503, "times": 1}
        )
        assert armed.status_code == 201
        assert (
            httpx2.get(
                f"{url}/api/v2/incidents/search?query=state:active", headers=KEYS
            ).status_code
            == 503
        )
        assert (
            httpx2.get(
                f"{url}/api/v2/incidents/search?query=state:active", headers=KEYS
            ).status_code
            == 200
        )
        seen = httpx2.get(f"{url}/_sandbox/requests").json()["requests"]
        assert [r["status"] for r in seen] == [503, 200]
        assert httpx2.post(f"{url}/_sandbox/faults", json={"bogus": 1}).status_code == 400


async def test_the_request_log_keeps_only_the_newest_requests(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A bound of 20 instead of the real 10,000, which took 6 s of requests to fill."""
    monkeypatch.setattr(sandbox_app, "REQUEST_LOG_SIZE", 20)
    sandbox = Sandbox()
    transport = httpx2.ASGITransport(app=sandbox.app)
    async with httpx2.AsyncClient(
        transport=transport, base_url="http://sandbox", headers=KEYS
    ) as http:
        for n in range(25):
            await http.get("/api/v1/validate", params={"n": n})
    assert [r.query for r in sandbox.requests] == [f"n={n}" for n in range(5, 25)]


def test_unknown_routes_answer_json_404(sandbox: Sandbox) -> None:
    with running(sandbox) as url:
        response = httpx2.get(f"{url}/api/v2/nothing-here", headers=KEYS)
    assert (response.status_code, response.json()) == (404, {"errors": ["Not found"]})


def test_the_sandbox_imports_nothing_from_the_client_or_the_server() -> None:
    """The emulator is the check on the client: it takes its shapes from the spec and its
    own code, never from the models it is meant to check."""
    package = Path(datadog_incidents_mcp.sandbox.__file__).parent
    borrowed: list[str] = []
    for module in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text())):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            borrowed += [
                f"{module.name}: {name}"
                for name in names
                if name.startswith("datadog_incidents_mcp.")
                and not name.startswith("datadog_incidents_mcp.sandbox")
            ]
    assert len(list(package.rglob("*.py"))) > 20
    assert borrowed == []


def test_each_resource_module_holds_its_routes_with_their_whole_paths() -> None:
    """A reader finds a sandbox path by its resource's name: the module's ROUTES spell the
    whole path, and the app serves exactly those."""
    modules = [
        importlib.import_module(f"datadog_incidents_mcp.sandbox.resources.{m.name}")
        for m in pkgutil.iter_modules(datadog_incidents_mcp.sandbox.resources.__path__)
    ]
    declared = [route for module in modules for route in getattr(module, "ROUTES", [])]
    assert all(route.path.startswith("/api/v") for route in declared)
    assert sorted(map(id, declared)) == sorted(map(id, sandbox_app.ROUTES))
