"""Argument completion for every prompt and resource template: the server has one handler.

Incident IDs come from Datadog (open incidents for the on-call prompts, recent ones of any
state for the postmortem and the resources), template IDs from Datadog's postmortem
templates, and audiences from the fixed list status_update takes. With several orgs, `org`
completes to the org names, and IDs come from the org already chosen (else the default).
"""

from __future__ import annotations

import logging
from typing import Any, get_args

from mcp.server.context import ServerRequestContext
from mcp.shared.exceptions import MCPError
from mcp.types import (
    INTERNAL_ERROR,
    CompleteRequestParams,
    CompleteResult,
    Completion,
    PromptReference,
    ResourceTemplateReference,
)

from datadog_incidents_mcp.calls.errors import ArgumentError
from datadog_incidents_mcp.calls.orgs import Orgs
from datadog_incidents_mcp.calls.state import AppState, States
from datadog_incidents_mcp.datadog import DatadogError
from datadog_incidents_mcp.prompts._common import OPEN_QUERY
from datadog_incidents_mcp.prompts.status_update import Audience

ANY_STATE_QUERY = "state:(active OR stable OR resolved)"
ON_CALL_PROMPTS = frozenset({"triage_incident", "status_update", "shift_handoff"})
MAX_VALUES = 20
logger = logging.getLogger("datadog_incidents_mcp.prompts")


async def _incidents(state: AppState, typed: str, query_text: str) -> list[str]:
    recent = await state.client.incidents.search(
        query_text=query_text, sort="-created", page_size=50
    )
    return [
        f"IR-{i.attributes.public_id}"
        for i in recent.incidents
        if typed in f"ir-{i.attributes.public_id}" or typed in i.attributes.title.lower()
    ]


def completer(orgs: Orgs | None) -> Any:
    """The `completion/complete` handler; it asks the lifespan's state source for the org the
    other arguments chose (else the default) the way every handler does."""

    async def complete(
        ctx: ServerRequestContext[States, Any], params: CompleteRequestParams
    ) -> CompleteResult:
        try:
            found = await _complete(ctx.lifespan_context, orgs, params)
        except MCPError:
            raise
        except Exception as exc:  # as the SDK's own completion decorator answers
            logger.exception("completion for %r raised", params.argument.name)
            raise MCPError(
                code=INTERNAL_ERROR, message=f"Error completing argument {params.argument.name}"
            ) from exc
        return CompleteResult(completion=found or Completion(values=[]))

    return complete


async def _complete(
    source: States, orgs: Orgs | None, params: CompleteRequestParams
) -> Completion | None:
    argument, context = params.argument, params.context
    typed = argument.value.strip().lower()
    if argument.name == "audience":
        return Completion(values=[a for a in get_args(Audience) if a.startswith(typed)])
    if argument.name == "org" and orgs is not None:
        return Completion(values=[n for n in orgs.sites if n.startswith(typed)])
    org = ((context.arguments or {}) if context else {}).get("org") or None
    try:
        state = source.state(org)
    except ArgumentError:  # an org not served, a request without keys: nothing to offer
        return None
    try:
        return await _from_datadog(state, params.ref, argument.name, typed)
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
