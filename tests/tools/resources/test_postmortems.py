"""The postmortem drafting tool and Datadog's AI postmortem tool, through the MCP client."""

from __future__ import annotations

import json

import pytest
from mcp import Client
from mcp.types import CreateMessageResult, TextContent

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import call, connect, sandbox_settings

pytestmark = pytest.mark.anyio


async def test_template_headings_become_the_cells(mcp: Client, sandbox: Sandbox) -> None:
    template = next(
        t
        for t in sandbox.store["templates"].values()
        if t["attributes"]["name"] == "Customer-facing summary"
    )
    draft = await call(
        mcp, "draft_postmortem_cells", {"incident_id": "IR-12", "template_id": template["id"]}
    )
    assert [c["id"] for c in draft["cells"]] == [
        "what_happened",
        "customer_impact",
        "what_we_are_doing",
    ]  # type: ignore[index, union-attr]
    assert "About 12% of checkouts fail" in draft["cells"][1]["content"]  # type: ignore[index]


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_a_client_that_samples_writes_the_narrative(sandbox: Sandbox, mode: str) -> None:
    seen: list[str] = []

    async def sample(ctx: object, params: object) -> CreateMessageResult:
        seen.append(params.messages[0].content.text)  # type: ignore[attr-defined]
        answer = {
            "summary": "Failover stalled on a full disk.",
            "lessons": "Alert on WAL disk usage.",
        }
        return CreateMessageResult(
            role="assistant", content=TextContent(type="text", text=json.dumps(answer)), model="m"
        )

    async with connect(sandbox, mode=mode, sampling_callback=sample) as client:
        draft = await call(
            client, "draft_postmortem_cells", {"incident_id": "IR-1", "write_narrative": True}
        )
    cells = {c["id"]: c["content"] for c in draft["cells"]}  # type: ignore[index, union-attr]
    assert cells["summary"] == "## Summary\n\nFailover stalled on a full disk."
    assert cells["lessons"] == "## Lessons learned\n\nAlert on WAL disk usage."
    assert cells["contributing_factors"].startswith(
        "## Contributing factors and root cause\n\nRecorded root cause"
    )
    assert "notice" not in draft
    assert len(seen) == 1 and "<incident-data>" in seen[0]


async def test_without_sampling_the_narrative_holds_prompts_and_says_why(mcp: Client) -> None:
    draft = await call(
        mcp, "draft_postmortem_cells", {"incident_id": "IR-1", "write_narrative": True}
    )
    assert "cannot write the narrative" in str(draft["notice"])
    summary = draft["cells"][0]["content"]  # type: ignore[index]
    assert "_In two or three sentences" in summary
    plain = await call(mcp, "draft_postmortem_cells", {"incident_id": "IR-1"})
    assert "notice" not in plain and plain["cells"] == draft["cells"]


async def test_an_unusable_model_answer_falls_back_to_prompts(sandbox: Sandbox) -> None:
    async def sample(ctx: object, params: object) -> CreateMessageResult:
        return CreateMessageResult(
            role="assistant", content=TextContent(type="text", text="Sure! Here it is."), model="m"
        )

    async with connect(sandbox, sampling_callback=sample) as client:
        draft = await call(
            client, "draft_postmortem_cells", {"incident_id": "IR-1", "write_narrative": True}
        )
    assert "unusable answer" in str(draft["notice"])


async def test_datadog_ai_writes_the_narrative_when_asked(mcp: Client, sandbox: Sandbox) -> None:
    draft = await call(
        mcp, "draft_postmortem_cells", {"incident_id": "IR-1", "use_datadog_ai": True}
    )
    cells = {c["id"]: c["content"] for c in draft["cells"]}  # type: ignore[index, union-attr]
    assert (
        cells["summary"]
        == "## Summary\n\nDatabase failover in primary Postgres cluster: SEV-1, resolved."
    )
    assert cells["lessons"].startswith("## Lessons learned\n\nDetection took longer")
    assert "notice" not in draft and sandbox.count("POST", "/ai/postmortem$") == 1


async def test_without_datadog_ai_the_draft_says_why_and_keeps_prompts(sandbox: Sandbox) -> None:
    sandbox.app_keys = {"reader": frozenset({"incident_read", "user_access_read"})}
    async with connect(sandbox, app_key="reader") as client:
        draft = await call(
            client, "draft_postmortem_cells", {"incident_id": "IR-1", "use_datadog_ai": True}
        )
    assert "AI postmortem is not available" in str(draft["notice"]) and "incident_write" in str(
        draft["notice"]
    )
    assert "_In two or three sentences" in draft["cells"][0]["content"]  # type: ignore[index]


async def test_read_only_mode_never_calls_the_ai_endpoint(sandbox: Sandbox) -> None:
    async with connect(
        sandbox, settings=sandbox_settings(read_only=True, toolsets="all")
    ) as client:
        names = {t.name for t in (await client.list_tools()).tools}
        draft = await call(
            client, "draft_postmortem_cells", {"incident_id": "IR-1", "use_datadog_ai": True}
        )
    assert "generate_ai_postmortem" not in names
    assert "off in a read-only session" in str(draft["notice"])
    assert sandbox.count("POST") == 0


async def test_the_ai_tool_returns_datadogs_sections(sandbox: Sandbox) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets="ai")) as client:
        result = await call(client, "generate_ai_postmortem", {"incident_id": "IR-12"})
    assert result["sections"]["customer_impact"] == "About 12% of checkouts fail"  # type: ignore[index]
    assert set(result["sections"]) == {  # type: ignore[arg-type]
        "executive_summary",
        "system_overview",
        "key_timeline",
        "customer_impact",
        "lessons_learned",
        "action_items",
    }


async def test_the_draft_quotes_candidate_lines_and_never_takes_a_keyword_for_the_answer(
    mcp: Client,
) -> None:
    paste = (
        "Timeline (all times UTC)\n"
        "19:41 Ana Ruiz: checkout 5xx above 8%\n"
        "19:50 Ana Ruiz: tried restarting the api pods, no change\n"
        "20:05 Tomás Varga: switched checkout traffic to us-west-2\n"
        "Root cause\n"
        "A bad config push disabled the connection pool; restoring it by hand ended the errors.\n"
    )
    draft = await call(mcp, "draft_postmortem_cells", {"incident_id": "IR-12", "timeline": paste})
    cells = {c["id"]: c["content"] for c in draft["cells"]}  # type: ignore[index, union-attr]
    candidates = "Candidate lines from the timeline (to read, not conclusions):\n"
    assert cells["remediation"] == (
        "## Remediation\n\n_Describe the steps that stopped the impact and restored service._\n\n"
        f"{candidates}"
        "- 2026-11-13 19:50: “Ana Ruiz: tried restarting the api pods, no change”\n"
        "- 2026-11-13 20:05: “Tomás Varga: switched checkout traffic to us-west-2”"
    )
    assert cells["contributing_factors"].endswith(
        f"{candidates}- time unknown: “A bad config push disabled the connection pool; "
        "restoring it by hand ended the errors.”"
    )
    assert cells["contributing_factors"].startswith(
        "## Contributing factors and root cause\n\n_No root cause is recorded yet._"
    )
