"""Load what an assistant's first question needs while the person is still typing it.

Tools are listed from the manifest and built on their first call (tools/lazy.py), which
keeps start-up short but leaves the first call to import the incident code and its models,
build the tool's machinery and load the sandbox: several times the cost of a later call,
paid exactly when someone waits for the first answer. Once tools/list is answered, a
client has all it needs to start, so from then on the server builds the tools a session
usually starts with, one small step at a time on the event loop: a request that arrives
meanwhile waits for one step at most, never for a thread holding the GIL, and nothing is
written to stdout. A step that fails is left to the call that needs it, which reports it.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from mcp.server.mcpserver.tools.base import Tool
from pydantic_core import SchemaValidator

from datadog_incidents_mcp.tools.lazy import LazyTool

if TYPE_CHECKING:
    from datadog_incidents_mcp.server.app import SandboxOnFirstRequest

# The usual start of triage (see INSTRUCTIONS), in the order a session calls them.
FIRST_TOOLS = ("search_incidents", "get_incident", "list_incidents")
# What their first calls load besides the tools: the answers' models.
FIRST_MODELS = (
    ("datadog_incidents_mcp.datadog.models.incidents", "IncidentSearchResponse"),
    ("datadog_incidents_mcp.datadog.models.incidents", "IncidentResponse"),
    ("datadog_incidents_mcp.datadog.models.incidents", "IncidentsResponse"),
)
# The Datadog client's namespaces they use (each module loads on first use: see client.py).
FIRST_RESOURCES = ("datadog_incidents_mcp.datadog.resources.incidents",)
# What the prompts share (incident snapshots, the postmortem's facts and the namespaces they
# read), for a first prompt.
PROMPT_MODULES = (
    "datadog_incidents_mcp.prompts._incident",
    *(
        f"datadog_incidents_mcp.datadog.resources.{name}"
        for name in ("todos", "attachments", "impacts", "integrations", "responders", "timestamps")
    ),
    "datadog_incidents_mcp.postmortem.draft",
)
# Seconds between answering tools/list and the first step. The answer must go out first
# (a worker thread writes it to stdout), and a client that only lists tools and leaves
# (a health check, a tool picker) is gone by then, so it costs that client nothing.
START = 0.1


def _rebuild(module: str, name: str) -> None:
    """Build a response model's validator now, unless a call already has (they are
    deferred until first use: see WireModel)."""
    model = getattr(importlib.import_module(module), name)
    if not isinstance(model.__pydantic_validator__, SchemaValidator):
        model.model_rebuild(force=True)


def warm_up_steps(
    tools: Sequence[Tool], sandbox: SandboxOnFirstRequest | None
) -> list[Callable[[], object]]:
    """What to load, in order: each offered first tool, its models, the sandbox (its code
    and seed data) when the calls will go there, then what the prompts share."""
    by_name = {tool.name: tool for tool in tools if isinstance(tool, LazyTool)}
    steps: list[Callable[[], object]] = [
        by_name[name].build for name in FIRST_TOOLS if name in by_name
    ]
    if steps:
        steps += [lambda m=module, n=name: _rebuild(m, n) for module, name in FIRST_MODELS]
        steps += [lambda m=module: importlib.import_module(m) for module in FIRST_RESOURCES]
    if sandbox is not None:
        steps.append(sandbox.load)
    steps += [lambda m=module: importlib.import_module(m) for module in PROMPT_MODULES]
    return steps


class WarmAfterListing:
    """Server middleware: once the first tools/list is answered, run the warm-up steps."""

    def __init__(self, steps: list[Callable[[], object]]) -> None:
        self.steps = steps

    async def __call__(
        self, ctx: ServerRequestContext[Any, Any], call_next: CallNext
    ) -> HandlerResult:
        result = await call_next(ctx)
        if ctx.method == "tools/list" and self.steps:
            steps, self.steps = self.steps, []
            _run_one_by_one(asyncio.get_running_loop(), steps)
        return result


def _run_one_by_one(
    loop: asyncio.AbstractEventLoop, steps: list[Callable[[], object]], delay: float = START
) -> None:
    """Each step in its own turn of the loop, after whatever is ready to run; the first
    after `delay`, by which the tools/list answer has gone out."""
    if not steps:
        return
    first, rest = steps[0], steps[1:]

    def step() -> None:
        with contextlib.suppress(Exception):
            first()
        _run_one_by_one(loop, rest, 0.0)

    loop.call_later(delay, step)
