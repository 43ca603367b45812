"""Two orgs in one server: two sandboxes over real HTTP, each taking only its own keys.

Calls act in the default org unless they name another, writes land in the org named only,
caches never cross orgs, and a miss names the org asked so a model can try the other.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from mcp import Client, MCPError
from mcp.types import ElicitResult, PromptReference, ResourceTemplateReference

from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.sandbox.app import ALL_PERMISSIONS
from datadog_incidents_mcp.sandbox.resources.incidents import new_incident
from datadog_incidents_mcp.sandbox.serve import running
from datadog_incidents_mcp.server.app import build_server
from datadog_incidents_mcp.server.config import Flags, resolve_settings
from tests.conftest import call, fail
from tests.prompts.helpers import parts

pytestmark = pytest.mark.anyio
ORG = {  # optional: null is the default org, as strict clients send it
    "anyOf": [{"type": "string", "enum": ["prod", "staging"]}, {"type": "null"}],
    "description": "Datadog org to act in; default prod",
}
ENV = {"PROD_API": "prod-api", "PROD_APP": "prod-app", "STG_API": "stg-api", "STG_APP": "stg-app"}


def _only_its_own_keys(org: str) -> Sandbox:
    return Sandbox(api_keys={f"{org}-api"}, app_keys={f"{org}-app": ALL_PERMISSIONS})


@dataclass
class TwoOrgs:
    client: Client
    prod: Sandbox
    staging: Sandbox


@asynccontextmanager
async def two_orgs(
    tmp_path: Path,
    client_options: dict[str, Any] | None = None,
    env: dict[str, str] = ENV,
    **flags: Any,
) -> AsyncGenerator[TwoOrgs]:
    """prod (default, datadoghq.com) and staging (datadoghq.eu), each its own sandbox."""
    prod, staging = _only_its_own_keys("prod"), _only_its_own_keys("stg")
    with running(prod) as prod_url, running(staging) as staging_url:
        path = tmp_path / "orgs.toml"
        path.write_text(
            f'[orgs.prod]\napi_url = "{prod_url}"\napi_key_env = "PROD_API"\n'
            'app_key_env = "PROD_APP"\ndefault = true\n\n'
            f'[orgs.staging]\nsite = "datadoghq.eu"\napi_url = "{staging_url}"\n'
            'api_key_env = "STG_API"\napp_key_env = "STG_APP"\n'
        )
        settings = resolve_settings(env, Flags(orgs=str(path), **flags))
        async with Client(build_server(settings), **(client_options or {})) as client:
            yield TwoOrgs(client, prod, staging)


@pytest.fixture
async def orgs(tmp_path: Path) -> AsyncGenerator[TwoOrgs]:
    async with two_orgs(tmp_path, toolsets="all") as served:
        yield served


def _incident(sandbox: Sandbox, title: str) -> None:
    """A new incident in one org only: both sandboxes give it the next public ID, IR-13."""
    store = sandbox.store
    new_incident(store, title=title, fields={}, now=store.now(), creator=store.caller_id)


async def test_every_tool_takes_an_optional_org_from_the_file_and_answers_with_it(
    orgs: TwoOrgs,
) -> None:
    tools = (await orgs.client.list_tools()).tools
    assert len(tools) > 100
    for tool in tools:
        assert tool.input_schema["properties"]["org"] == ORG, tool.name
        assert "org" not in tool.input_schema.get("required", []), tool.name
        assert tool.output_schema is not None
        assert tool.output_schema["properties"]["org"] == {"type": "string"}, tool.name


async def test_the_instructions_name_the_orgs(orgs: TwoOrgs) -> None:
    instructions = orgs.client.instructions or ""
    assert instructions.endswith(
        "This server serves the Datadog orgs prod, staging; pass `org` to act in one other "
        "than prod. IDs and people belong to one org."
    )


async def test_reads_act_in_the_default_org_unless_a_call_names_another(orgs: TwoOrgs) -> None:
    _incident(orgs.staging, "Only in staging")
    found = await call(orgs.client, "search_incidents", {"query": "Only in staging"})
    assert found["org"] == "prod" and not found.get("incidents")
    assert not orgs.staging.requests
    found = await call(
        orgs.client, "search_incidents", {"query": "Only in staging", "org": "staging"}
    )
    assert found["org"] == "staging"
    assert [i["public_id"] for i in found["incidents"]] == ["IR-13"]  # type: ignore[index,union-attr]


async def test_a_write_lands_in_the_named_org_only_and_links_to_its_site(orgs: TwoOrgs) -> None:
    made = await call(
        orgs.client, "create_incident", {"title": "Staging deploy broke", "org": "staging"}
    )
    incident: dict[str, Any] = made["incident"]  # type: ignore[assignment]
    assert made["org"] == "staging"
    assert incident["url"] == "https://app.datadoghq.eu/incidents/13"
    titles = {
        name: [i["attributes"]["title"] for i in sandbox.store["incidents"].values()]
        for name, sandbox in (("prod", orgs.prod), ("staging", orgs.staging))
    }
    assert "Staging deploy broke" in titles["staging"]
    assert "Staging deploy broke" not in titles["prod"]
    assert orgs.prod.count("POST") == 0 and orgs.staging.count("POST") == 1
    in_prod = await call(orgs.client, "get_incident", {"incident_id": "IR-1"})
    assert in_prod["incident"]["url"] == "https://app.datadoghq.com/incidents/1"  # type: ignore[index]


async def test_public_ids_and_the_current_user_are_cached_per_org(orgs: TwoOrgs) -> None:
    _incident(orgs.prod, "Prod IR-13")
    _incident(orgs.staging, "Staging IR-13")
    someone_else = next(u for u in orgs.staging.store["users"] if u != orgs.staging.store.caller_id)
    orgs.staging.store.caller_id = someone_else
    for _ in range(2):  # the second round is served from each org's caches
        for org, title in (("prod", "Prod IR-13"), ("staging", "Staging IR-13")):
            got = await call(orgs.client, "get_incident", {"incident_id": "IR-13", "org": org})
            assert got["incident"]["title"] == title  # type: ignore[index]
        me = {
            org: (await call(orgs.client, "get_current_user", {"org": org}))["user"]
            for org in ("prod", "staging")
        }
        assert me["prod"]["id"] != me["staging"]["id"] == someone_else  # type: ignore[index]


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        ("update_global_handle", {"handle_id": "nope", "name": "@x"}),
        ("update_impact_field", {"field_id": "nope", "label": "Tier"}),
    ],
)
async def test_a_miss_in_a_listed_only_item_names_the_org_like_every_miss(
    orgs: TwoOrgs, tool: str, arguments: dict[str, Any]
) -> None:
    """Datadog offers no read of one global handle or impact field, so the tool finds it in
    the list; its miss goes through the shared error path and says where else to look."""
    missing = await fail(orgs.client, tool, {**arguments, "org": "staging"})
    argument = next(iter(arguments))
    assert missing.startswith(f"invalid argument `{argument}`: ")
    assert missing.endswith("(looked in org staging; it may be in another org: try org=prod)")


async def test_a_miss_names_the_org_asked_so_a_model_can_try_the_other(orgs: TwoOrgs) -> None:
    _incident(orgs.prod, "Only in prod")
    by_public_id = await fail(
        orgs.client, "get_incident", {"incident_id": "IR-13", "org": "staging"}
    )
    assert by_public_id.startswith("invalid argument `incident_id`: no incident has public ID 13")
    assert by_public_id.endswith("(looked in org staging; it may be in another org: try org=prod)")
    nil = "00000000-0000-0000-0000-000000000000"
    by_uuid = await fail(orgs.client, "get_incident", {"incident_id": nil})
    assert by_uuid.startswith("not found:")
    assert by_uuid.endswith("(looked in org prod; it may be in another org: try org=staging)")
    nobody = await fail(orgs.client, "get_user", {"user": "nobody@example.com", "org": "staging"})
    assert "looked in org staging" in nobody
    bad_time = await fail(
        orgs.client, "update_incident", {"incident_id": "IR-1", "detected": "soonish"}
    )
    assert bad_time.endswith("(org prod)")


async def test_an_org_not_in_the_file_is_refused_naming_the_ones_served(orgs: TwoOrgs) -> None:
    text = await fail(orgs.client, "get_incident", {"incident_id": "IR-1", "org": "qa"})
    assert text == "invalid argument `org`: this server serves the orgs prod, staging"
    assert not orgs.prod.requests and not orgs.staging.requests


async def test_read_only_applies_to_every_org(tmp_path: Path) -> None:
    async with two_orgs(tmp_path, read_only=True) as served:
        tools = (await served.client.list_tools()).tools
        assert tools and all(t.annotations and t.annotations.read_only_hint for t in tools)
        refused = await served.client.call_tool("create_incident", {"title": "x", "org": "staging"})
        assert refused.is_error
    assert served.staging.count("POST") == 0


def _saying_yes(asked: list[str]) -> dict[str, Any]:
    """Client options: every question is noted in `asked` and answered yes."""

    async def answer(ctx: object, params: object) -> ElicitResult:
        asked.append(str(getattr(params, "message", "")))
        return ElicitResult(action="accept", content={"confirm": True})

    return {"elicitation_callback": answer}


async def test_a_delete_asks_naming_the_org_and_deletes_there_only(tmp_path: Path) -> None:
    asked: list[str] = []
    options = _saying_yes(asked)
    async with two_orgs(tmp_path, options, toolsets="all") as served:
        await call(served.client, "delete_incident", {"incident_id": "IR-2", "org": "staging"})
    assert asked == [
        'Permanently delete incident IR-2 "CDN cache purge misconfiguration" in the Datadog org '
        "staging? This cannot be undone."
    ]
    assert (served.prod.count("DELETE"), served.staging.count("DELETE")) == (0, 1)


async def test_a_delete_naming_nobody_says_which_org_it_looked_in_before_asking(
    tmp_path: Path,
) -> None:
    asked: list[str] = []
    options = _saying_yes(asked)
    async with two_orgs(tmp_path, options, toolsets="all") as served:
        text = await fail(
            served.client,
            "remove_team_member",
            {"team_id": "team-1", "user": "nobody@example.com", "org": "staging"},
        )
    assert "no Datadog user matches 'nobody@example.com'" in text
    assert "(looked in org staging; it may be in another org: try org=prod)" in text
    assert not asked and served.staging.count("DELETE") == 0


# ---- prompts, resources and completions ------------------------------------------------------


async def test_every_prompt_takes_an_optional_org(orgs: TwoOrgs) -> None:
    for listed in (await orgs.client.list_prompts()).prompts:
        org = [a for a in listed.arguments or [] if a.name == "org"]
        assert len(org) == 1 and not org[0].required, listed.name
        assert org[0].description == "Datadog org to act in; default prod (one of prod, staging)"


async def test_a_prompt_reads_the_org_named_and_tells_the_model_to_stay_there(
    orgs: TwoOrgs,
) -> None:
    _incident(orgs.staging, "Staging queue backlog")
    result = await orgs.client.get_prompt(
        "triage_incident", {"incident_id": "IR-13", "org": "staging"}
    )
    asked, block = parts(result)
    assert "Staging queue backlog" in block
    assert asked.endswith(
        'These facts come from the Datadog org staging: pass org="staging" to the tools.'
    )
    assert not orgs.prod.requests
    with pytest.raises(MCPError) as missed:
        await orgs.client.get_prompt("draft_postmortem", {"incident_id": "IR-13"})
    assert missed.value.message.endswith(
        "(looked in org prod; it may be in another org: try org=staging)"
    )


async def test_resources_name_the_org_in_their_uri(orgs: TwoOrgs) -> None:
    _incident(orgs.staging, "Staging cache stampede")
    templates = (await orgs.client.list_resource_templates()).resource_templates
    assert sorted(t.uri_template for t in templates) == [
        "datadog-incident://{org}/{incident_id}",
        "datadog-incident://{org}/{incident_id}/timeline",
    ]
    read = await orgs.client.read_resource("datadog-incident://staging/IR-13")
    assert read.contents[0].text.startswith("# IR-13: Staging cache stampede")  # type: ignore[union-attr]
    with pytest.raises(MCPError) as unknown:
        await orgs.client.read_resource("datadog-incident://qa/IR-1")
    assert "this server serves the orgs prod, staging" in unknown.value.message


async def test_completions_offer_the_orgs_and_the_incidents_of_the_org_chosen(
    orgs: TwoOrgs,
) -> None:
    _incident(orgs.staging, "Staging only webhook")
    prompt = PromptReference(type="ref/prompt", name="draft_postmortem")
    offered = await orgs.client.complete(prompt, {"name": "org", "value": "st"})
    assert offered.completion.values == ["staging"]
    resource = ResourceTemplateReference(
        type="ref/resource", uri="datadog-incident://{org}/{incident_id}"
    )
    typed = {"name": "incident_id", "value": "staging only"}
    in_staging = await orgs.client.complete(resource, typed, {"org": "staging"})
    assert in_staging.completion.values == ["IR-13"]
    in_prod = await orgs.client.complete(resource, typed)
    assert in_prod.completion.values == []
    unknown = await orgs.client.complete(resource, typed, {"org": "qa"})
    assert unknown.completion.values == []


async def test_rejected_keys_are_named_by_the_org_s_own_variables(tmp_path: Path) -> None:
    async with two_orgs(tmp_path, env={**ENV, "STG_APP": "not-staging-s-key"}) as served:
        message = await fail(served.client, "list_incidents", {"org": "staging"})
        found = await call(served.client, "list_incidents", {})
    assert "Check STG_API and STG_APP" in message
    assert "the site of [orgs.staging] in the orgs file" in message
    assert "DD_APP_KEY" not in message and "not-staging-s-key" not in message
    assert message.endswith("(org staging)")
    assert found["org"] == "prod"  # the other org is untouched
