"""Context cost: what the tool list and tool results cost a model, in o200k tokens.

    python benchmarks/context.py

Counts tokens with an offline o200k vocabulary (the `bpe-openai` wheel, from the benchmark
extra), or bytes / 4 without it. Compares compact and full results with Datadog's raw
JSON:API answers for 100 incidents.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
import httpx2
from mcp import Client
from mcp.types import Tool

from benchmarks._common import report
from datadog_incidents_mcp.datadog import DatadogClient
from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.sandbox.resources.incidents import new_incident
from datadog_incidents_mcp.server.app import build_server
from datadog_incidents_mcp.server.config import Flags, Settings, resolve_settings


def tokenizer() -> tuple[str, Callable[[str], int]]:
    try:
        import bpe_openai
    except ImportError:
        return "bytes/4", lambda text: len(text.encode()) // 4
    encoding = bpe_openai.get_encoding("o200k_base")
    return "o200k", lambda text: len(encoding.encode(text))


# The ready-made selections docs/tools.md offers, as --toolsets values.
SELECTIONS = {
    "default": "default",
    "triage": "default,impacts,integrations,timestamps",
    "postmortem": "incidents,attachments,timestamps,postmortems,ai",
    "administration": "config,notifications,automation,teams,incident_admin",
    "all": "all",
}


# Two orgs (--orgs): every tool takes `org`. tools/list contacts neither org.
TWO_ORGS = """
[orgs.prod]
api_url = "http://127.0.0.1:9"
api_key_env = "PROD_KEY"
app_key_env = "PROD_APP"
default = true

[orgs.staging]
api_url = "http://127.0.0.1:9"
api_key_env = "STAGING_KEY"
app_key_env = "STAGING_APP"
"""
TWO_ORGS_ENV = {"PROD_KEY": "k", "PROD_APP": "a", "STAGING_KEY": "k", "STAGING_APP": "a"}


def dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


# What clients hand the model of a tool; the output schema is for checking results.
MODEL_VISIBLE = ("name", "title", "description", "inputSchema")


def model_visible(tool: Tool) -> str:
    """The part of a listed tool a model reads, as compact JSON."""
    listed = tool.model_dump(by_alias=True, exclude_none=True)
    return dumps({key: listed[key] for key in MODEL_VISIBLE if key in listed})


async def listed_tokens(
    settings: Settings, count: Callable[[str], int]
) -> tuple[int, int, int, dict[str, int]]:
    """Tools in tools/list for these settings, their tokens, the tokens of what the model
    sees of them, and each tool's tokens."""
    async with Client(build_server(settings)) as client:
        tools = (await client.list_tools()).tools
    per_tool = {t.name: count(dumps(t.model_dump(by_alias=True, exclude_none=True))) for t in tools}
    visible = sum(count(model_visible(t)) for t in tools)
    return len(tools), sum(per_tool.values()), visible, per_tool


async def two_orgs(count: Callable[[str], int]) -> dict[str, Any]:
    """tools/list tokens of the default and of every toolset, served for two orgs."""
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "orgs.toml"
        path.write_text(TWO_ORGS)
        for selection in ("default", "all"):
            settings = resolve_settings(
                TWO_ORGS_ENV, Flags(orgs=str(path), toolsets=SELECTIONS[selection])
            )
            async with Client(build_server(settings)) as client:
                tools = (await client.list_tools()).tools
            figures[f"tools_list_{selection}_two_orgs"] = {
                "tools": len(tools),
                "tokens": sum(
                    count(dumps(t.model_dump(by_alias=True, exclude_none=True))) for t in tools
                ),
            }
    return figures


async def measure() -> dict[str, Any]:
    unit, count = tokenizer()
    sandbox = Sandbox()
    for n in range(88):
        new_incident(
            sandbox.store,
            title=f"Synthetic incident {n}: elevated error rate in service-{n % 7}",
            fields={"severity": {"type": "dropdown", "value": f"SEV-{1 + n % 5}"}},
            now=sandbox.store.now(),
            creator=sandbox.store.caller_id,
        )
    transport = httpx2.ASGITransport(app=sandbox.app)
    figures: dict[str, Any] = {"unit": unit}
    async with httpx2.AsyncClient(
        transport=transport,
        base_url="http://s",
        headers={"DD-API-KEY": "k", "DD-APPLICATION-KEY": "a"},
    ) as raw:
        raw_list = (
            await raw.get("/api/v2/incidents", params={"page[size]": 100, "include": "users"})
        ).text
        raw_search = (
            await raw.get(
                "/api/v2/incidents/search",
                params={
                    "query": "state:(active OR stable OR resolved)",
                    "page[size]": 100,
                    "include": "users",
                },
            )
        ).text
        first = json.loads(raw_list)["data"][0]["id"]
        raw_get = (await raw.get(f"/api/v2/incidents/{first}", params={"include": "users"})).text
    for selection, toolsets in SELECTIONS.items():
        settings = resolve_settings({}, Flags(sandbox=True, toolsets=toolsets))
        tools, tokens, visible, per_tool = await listed_tokens(settings, count)
        figures[f"tools_list_{selection}"] = {
            "tools": tools,
            "tokens": tokens,
            "model_visible_tokens": visible,
            "largest": max(per_tool.items(), key=lambda kv: kv[1]),
        }
        if selection != "default":
            continue
        figures["per_tool"] = per_tool
        async with (
            DatadogClient(api_key="k", app_key="a", base_url="http://s", transport=transport) as dd,
            Client(build_server(settings, client=dd)) as client,
        ):
            outputs = {}
            for label, tool, arguments in [
                ("list 100", "list_incidents", {"page_size": 100}),
                ("search 100", "search_incidents", {"page_size": 100, "sort": "oldest"}),
                ("get 1", "get_incident", {"incident_id": first}),
            ]:
                for detail in ("compact", "full"):
                    result = await client.call_tool(tool, {**arguments, "detail": detail})
                    data = result.structured_content or {}
                    items = data.get("incidents") or [data.get("incident")]
                    outputs[f"{label} {detail}"] = {
                        "bytes": len(dumps(data)),
                        "incidents": len(items),
                        "tokens": count(dumps(data)),
                    }
            figures["outputs"] = outputs
    figures.update(await two_orgs(count))
    figures["raw"] = {
        "list 100": {"bytes": len(raw_list), "incidents": 100, "tokens": count(raw_list)},
        "search 100": {"bytes": len(raw_search), "incidents": 100, "tokens": count(raw_search)},
        "get 1": {"bytes": len(raw_get), "incidents": 1, "tokens": count(raw_get)},
    }
    return figures


def main() -> None:
    figures = anyio.run(measure)
    unit = figures["unit"]
    rows = [
        [
            f"tools/list, {name} (--toolsets {toolsets})",
            f"{figures[f'tools_list_{name}']['tools']} tools",
            f"{figures[f'tools_list_{name}']['tokens']} {unit}",
            f"model sees {figures[f'tools_list_{name}']['model_visible_tokens']} "
            "(name, title, description, inputSchema); largest {}: {}".format(
                *figures[f"tools_list_{name}"]["largest"]
            ),
        ]
        for name, toolsets in SELECTIONS.items()
    ]
    for name in ("default", "all"):
        one, two = figures[f"tools_list_{name}"], figures[f"tools_list_{name}_two_orgs"]
        extra = two["tokens"] - one["tokens"]
        rows.append(
            [
                f"tools/list, {name}, two orgs (--orgs)",
                f"{two['tools']} tools",
                f"{two['tokens']} {unit}",
                f"+{extra} ({extra / one['tokens']:.0%}, {extra / two['tools']:.0f} per tool) "
                "over one org",
            ]
        )
    for label in ("list 100", "search 100", "get 1"):
        raw = figures["raw"][label]
        per_raw = raw["bytes"] / raw["incidents"]
        for detail in ("compact", "full"):
            out = figures["outputs"][f"{label} {detail}"]
            per_out = out["bytes"] / max(1, out["incidents"])
            rows.append(
                [
                    f"{label} incidents, {detail}",
                    f"{out['incidents']} shown, {out['bytes']} bytes",
                    f"{out['tokens']} {unit}",
                    f"{per_out / per_raw:.0%} of raw JSON:API per incident",
                ]
            )
    report("context", ["what", "size", "tokens", "note"], rows, figures)


if __name__ == "__main__":
    main()
