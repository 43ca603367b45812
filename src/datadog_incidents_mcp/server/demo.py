"""`datadog-incidents-mcp demo`: the product in a minute, with no account.

Starts the server on the built-in sandbox, connects a real MCP client session in-process,
and walks a triage story through the same tools an assistant would call.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from mcp import Client
from mcp.types import TextContent

from datadog_incidents_mcp.server.app import build_server
from datadog_incidents_mcp.server.config import Flags, resolve_settings

CHAT_LOG = """19:40 checkout p99 latency alert fired
19:52 sam: error rate 12%, rolling back release 2026.11.13
20:25 rollback complete, error rate back to baseline"""

IMPACT_END = "2026-11-13T20:25:00Z"


class DemoFailed(Exception):
    """A step of the demo did not work; the message says which."""


class Step:
    """Prints one numbered step: what the assistant asks, and what comes back."""

    def __init__(self, say: Callable[[str], None]) -> None:
        self.say = say
        self.number = 0

    def __call__(self, title: str) -> None:
        self.number += 1
        self.say(f"\n{self.number}. {title}")

    def call(self, tool: str, arguments: dict[str, Any]) -> None:
        shown = json.dumps(arguments, ensure_ascii=False)
        self.say(f"   -> {tool} {shown if len(shown) < 160 else shown[:157] + '...'}")


async def _call(client: Client, step: Step, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
    step.call(tool, arguments)
    result = await client.call_tool(tool, arguments)
    if result.is_error or result.structured_content is None:
        first = result.content[0] if result.content else None
        text = first.text if isinstance(first, TextContent) else "no detail"
        raise DemoFailed(f"step {step.number} ({tool}) failed: {text}")
    return result.structured_content


async def run_demo(say: Callable[[str], None] = print) -> None:
    """Walk the triage story; raises if any step fails."""
    server = build_server(resolve_settings({}, Flags(sandbox=True)))
    step = Step(say)
    say("Datadog Incidents MCP demo: a real MCP client talking to the server, on sample data.")
    async with Client(server) as client:
        tools = (await client.list_tools()).tools
        say(f"Connected: {len(tools)} tools offered.")

        step("Find the active SEV-1 and SEV-2 incidents")
        found = await _call(
            client, step, "search_incidents", {"state": ["active"], "severity": ["SEV-1", "SEV-2"]}
        )
        for incident in found["incidents"]:
            say(f"   {incident['public_id']}  {incident['severity']}  {incident['title']}")
        target = found["incidents"][0]
        ref = target["public_id"]

        step(f"Open {ref}")
        incident = (await _call(client, step, "get_incident", {"incident_id": ref}))["incident"]
        say(
            f"   Commander: {incident.get('commander', 'none')}; "
            f"impact: {incident.get('customer_impact', 'none')}"
        )

        step("Bring in another responder")
        added = await _call(
            client,
            step,
            "add_incident_responder",
            {"incident_id": ref, "user": "jordan.blake@example.com"},
        )
        say(f"   {added['responder']['user']} joined")

        step("Track a follow-up")
        todo = await _call(
            client,
            step,
            "create_incident_todo",
            {
                "incident_id": ref,
                "content": "Add a canary stage to checkout deploys",
                "assignees": ["sam.oconnor@example.com"],
                "due_date": "2026-12-04",
            },
        )
        say(f"   Todo: {todo['todo']['content']} ({', '.join(todo['todo']['assignees'])})")

        step("Resolve the incident")
        resolved = (
            await _call(
                client,
                step,
                "update_incident",
                # the chat below: error rate back to baseline at 20:25 on the incident's day
                {"incident_id": ref, "state": "resolved", "customer_impact_end": IMPACT_END},
            )
        )["incident"]
        say(f"   State: {resolved['state']}, resolved at {resolved['resolved']}")

        step("Draft the postmortem from the timeline (plus a pasted chat log)")
        draft = await _call(
            client, step, "draft_postmortem_cells", {"incident_id": ref, "timeline": CHAT_LOG}
        )
        for cell in draft["cells"]:
            lines = cell["content"].splitlines()
            body = next((line for line in lines[1:] if line.strip()), "")
            if body.startswith("|"):
                body = f"a table of {sum(1 for line in lines if line.startswith('|')) - 2} rows"
            say(f"   [{cell['id']}] {body[:90]}")

        step("Publish it after review")
        published = await _call(
            client,
            step,
            "create_postmortem_attachment",
            {"incident_id": ref, "cells": draft["cells"]},
        )
        say(f"   Published: {published['attachment']['title']}")
    say("\nDone. Use it from your assistant: see the README for client configuration.")
