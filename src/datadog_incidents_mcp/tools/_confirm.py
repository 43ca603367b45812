"""Deletes need the user's yes: asked through MCP elicitation when the client can ask,
otherwise given as `confirm=true` after the model has asked the user itself.

A delete tool declares what it deletes (`@tool(..., "delete", deletes="todo {todo_id}")`)
and is written without the confirmation: `guarded` adds the `confirm` argument, the
question and the check around it, the same for every delete.
"""

from __future__ import annotations

import functools
import inspect
import typing
from contextvars import ContextVar
from typing import Annotated, Any, cast

from mcp.server.mcpserver import (
    AcceptedElicitation,
    Context,
    Elicit,
    ElicitationResult,
    Resolve,
)
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import BaseModel, Field, model_validator

from datadog_incidents_mcp.datadog import DatadogError, clean
from datadog_incidents_mcp.tools._context import Orgs, app_state, current_org
from datadog_incidents_mcp.tools._errors import ArgumentError
from datadog_incidents_mcp.tools._output import person
from datadog_incidents_mcp.tools._params import Confirm, UserRef
from datadog_incidents_mcp.tools._registry import ToolFn, named_in


class Confirmation(BaseModel):
    """The user's answer; strict like the `confirm` argument, so only a JSON true deletes."""

    confirm: bool = Field(strict=True, description="Delete it permanently?")

    @model_validator(mode="before")
    @classmethod
    def _anything_else_is_no(cls, data: Any) -> Any:
        """An answer of "yes" or 1 is not the boolean asked for: a no, which the model hears
        as "not confirmed", rather than a schema error it can do nothing with."""
        if not isinstance(data, dict):
            return data
        answer = cast(dict[str, Any], data)
        return answer if isinstance(answer.get("confirm"), bool) else {**answer, "confirm": False}


def _can_ask(ctx: Context[Any]) -> bool:
    capabilities = ctx.client_capabilities
    return capabilities is not None and capabilities.elicitation is not None


def _ask(ctx: Context[Any], confirm: bool, what: str) -> Elicit[Confirmation] | Confirmation:
    """The question every delete asks, unless the caller already confirmed."""
    if confirm:
        return Confirmation(confirm=True)
    if not _can_ask(ctx):
        return Confirmation(confirm=False)
    org = current_org()  # several orgs: the user must see which one
    where = f" in the Datadog org {org}" if org else ""
    return Elicit(f"Permanently delete {clean(what)}{where}? This cannot be undone.", Confirmation)


def _require(answer: object, what: str) -> None:
    """Raise unless the user confirmed; nothing is deleted without a yes."""
    if isinstance(answer, AcceptedElicitation):
        data = cast(Any, answer).data
        if isinstance(data, Confirmation) and data.confirm:
            return
    elif isinstance(answer, Confirmation) and answer.confirm:
        return
    raise ToolError(
        f"not confirmed: {clean(what)} was not deleted. Ask the user, and only if they "
        "agree call again with confirm=true."
    )


# The people a delete's question named (argument -> (reference, user UUID)), set by every
# call's resolver before its body runs: the delete then acts on the person the user said
# yes to, even if the reference has come to name someone else while the question waited.
_ASKED_ABOUT: ContextVar[dict[str, tuple[str, str]] | None] = ContextVar(
    "datadog_incidents_mcp.asked_about", default=None
)


def _as_asked(arguments: dict[str, Any]) -> dict[str, Any]:
    """The call's arguments, each person reference its question named replaced by the UUID
    the user saw named, so it resolves to that person."""
    asked = _ASKED_ABOUT.get() or {}
    return {
        name: asked[name][1] if name in asked and asked[name][0] == value else value
        for name, value in arguments.items()
    }


async def _person(
    ctx: Context[Any], reference: str, argument: str, orgs: Orgs | None
) -> tuple[str, str] | None:
    """The UUID and `Name <email>` of the person a reference names: resolved before asking,
    so a reference that fits nobody or several people fails unasked (naming the org looked
    in, as the call's own errors do). None when Datadog cannot be asked: the call itself
    then says why."""
    from datadog_incidents_mcp.tools import _resolve as resolve  # loads the user models

    try:
        found = await resolve.user(app_state(ctx), reference, argument)
    except ArgumentError as exc:
        message, org = str(exc), current_org()
        if orgs is not None and org is not None:
            message = orgs.name_in(message, org, missing=exc.missing)
        raise ToolError(clean(message)) from exc
    except DatadogError:
        return None
    return found.id, person(found.attributes.model_dump()) or reference


def _resolver(fn: ToolFn, deletes: str, orgs: Orgs | None) -> Any:
    """The elicitation resolver of one delete: the SDK passes tool arguments to a resolver
    by the names in its signature, so each delete gets one naming what its question needs."""

    hints = typing.get_type_hints(fn, include_extras=True)
    people = [name for name in named_in(deletes) if hints.get(name) == UserRef]

    async def question(
        ctx: Context[Any], confirm: bool, **named: Any
    ) -> Elicit[Confirmation] | Confirmation:
        _ASKED_ABOUT.set({})  # whatever an earlier call in this context left is not ours
        if not confirm and _can_ask(ctx):
            found = {n: await _person(ctx, named[n], n, orgs) for n in people}
            asked = {n: who for n, who in found.items() if who is not None}
            _ASKED_ABOUT.set({n: (named[n], user_id) for n, (user_id, _) in asked.items()})
            named = {**named, **{n: shown for n, (_, shown) in asked.items()}}
        return _ask(ctx, confirm, deletes.format(**named))

    keyword = inspect.Parameter.KEYWORD_ONLY
    names = named_in(deletes)
    question.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(n, keyword, annotation=str) for n in names]
        + [
            inspect.Parameter("confirm", keyword, annotation=bool),
            inspect.Parameter("ctx", keyword, annotation=Context[Any]),
        ],
        return_annotation=Elicit[Confirmation] | Confirmation,
    )
    question.__annotations__ = {
        **dict.fromkeys(names, str),
        "confirm": bool,
        "ctx": Context[Any],
        "return": Elicit[Confirmation] | Confirmation,
    }
    question.__module__ = fn.__module__
    question.__qualname__ = question.__name__ = f"confirm_{fn.__name__}"
    return question


def guarded(fn: ToolFn, deletes: str, orgs: Orgs | None = None) -> ToolFn:
    """`fn` with the confirmation step: its signature gains the elicited `answer` and the
    `confirm` argument (last, as every delete's schema lists it), and its body runs only
    after a yes."""
    answer_type = Annotated[ElicitationResult[Confirmation], Resolve(_resolver(fn, deletes, orgs))]

    @functools.wraps(fn)
    async def delete(*, answer: object, confirm: bool, **arguments: Any) -> Any:
        del confirm  # the resolver read it; the answer is what counts
        _require(answer, deletes.format(**arguments))
        return await fn(**_as_asked(arguments))

    hints = typing.get_type_hints(fn, include_extras=True)
    signature = inspect.signature(fn)
    keyword = inspect.Parameter.KEYWORD_ONLY
    parameters = [p.replace(annotation=hints[p.name]) for p in signature.parameters.values()]
    delete.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[
            *parameters,
            inspect.Parameter("answer", keyword, annotation=answer_type),
            inspect.Parameter("confirm", keyword, annotation=Confirm, default=False),
        ],
        return_annotation=hints["return"],
    )
    delete.__annotations__ = {**hints, "answer": answer_type, "confirm": Confirm}
    return delete
