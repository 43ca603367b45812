"""Argument completion for every prompt and resource template: the server has one handler.

Incident IDs come from Datadog (open incidents for the on-call prompts, recent ones of any
state for the postmortem and the resources), template IDs from Datadog's postmortem
templates, and audiences from the fixed list status_update takes. With several orgs, `org`
completes to the org names, and IDs come from the org already chosen (else the default).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, get_args

from mcp.server import MCPServer
from mcp.types import (
    Completion,
    CompletionArgument,
    CompletionContext,
    PromptReference,
    ResourceTemplateReference,
)

from datadog_incidents_mcp.calls.errors import ArgumentError
from datadog_incidents_mcp.calls.state import AppState, CredentialPool, OrgStates
from datadog_incidents_mcp.datadog import DatadogError
from datadog_incidents_mcp.prompts._common import OPEN_QUERY
from datadog_incidents_mcp.prompts.status_update import Audience

ANY_STATE_QUERY = "state:(active OR stable OR resolved)"
ON_CALL_PROMPTS = frozenset({"triage_incident", "status_update", "shift_handoff"})
MAX_VALUES = 20
logger = logging.getLogger("datadog_incidents_mcp.prompts")


@dataclass
class StateHolder:
    """The lifespan's state, for handlers the SDK calls without a context (completions)."""

    state: AppState | OrgStates | CredentialPool | None = None

    def pick(self, context: CompletionContext | None) -> AppState | None:
        """The state of the org the other arguments chose, or of the request's keys; None for
        an org not served or a request without keys."""
        state = self.state
        if isinstance(state, CredentialPool):
            try:
                return state.for_this_request()
            except ArgumentError:
                return None
        if not isinstance(state, OrgStates):
            return state
        named = ((context.arguments or {}) if context else {}).get("org") or state.default
        return state.states.get(named)


async def _incidents(state: AppState, typed: str, query_text: str) -> list[str]:
    recent = await state.client.incidents.search(
        query_text=query_text, sort="-created", page_size=50
    )
    return [
        f"IR-{i.attributes.public_id}"
        for i in recent.incidents
        if typed in f"ir-{i.attributes.public_id}" or typed in i.attributes.title.lower()
    ]


def register(server: MCPServer[Any], holder: StateHolder) -> None:
    @server.completion()
    async def complete(
        ref: PromptReference | ResourceTemplateReference,
        argument: CompletionArgument,
        context: CompletionContext | None,
    ) -> Completion | None:
        typed = argument.value.strip().lower()
        if argument.name == "audience":
            return Completion(values=[a for a in get_args(Audience) if a.startswith(typed)])
        if argument.name == "org" and isinstance(holder.state, OrgStates):
            return Completion(values=[n for n in holder.state.states if n.startswith(typed)])
        state = holder.pick(context)
        if state is None:
            return None
        try:
            return await _from_datadog(state, ref, argument.name, typed)
        except DatadogError as exc:  # best effort: the tools say what is wrong with the keys
            logger.debug("no completion for %s: %s", argument.name, exc)
            return None


async def _from_datadog(
    state: AppState, ref: PromptReference | ResourceTemplateReference, name: str, typed: str
) -> Completion | None:
    if name == "template_id":
        templates = (await state.client.postmortem_templates.list()).data
        return Completion(values=[t.id for t in templates if t.id.startswith(typed)][:20])
    if name != "incident_id":
        return None
    on_call = isinstance(ref, PromptReference) and ref.name in ON_CALL_PROMPTS
    values = await _incidents(state, typed, OPEN_QUERY if on_call else ANY_STATE_QUERY)
    return Completion(values=values[:MAX_VALUES])
