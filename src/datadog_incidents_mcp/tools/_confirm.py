"""Deletes need the user's yes: asked through MCP elicitation when the client can ask,
otherwise given as `confirm=true` after the model has asked the user itself.

A delete tool declares what it deletes (`@tool(..., "delete", deletes="todo {todo_id}")`)
and is written without the confirmation: `guarded` adds the `confirm` argument, the
question and the check around it, the same for every delete. The question names each
argument in braces the way people know the thing, where the argument's type says how to
look it up (`Named`): "Permanently delete todo "Roll back the deploy"?", not its UUID.
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
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
from datadog_incidents_mcp.tools._context import app_state, current_org
from datadog_incidents_mcp.tools._errors import ArgumentError
from datadog_incidents_mcp.tools._params import Confirm, Named
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


def _question(what: str) -> str:
    org = current_org()  # several orgs: the user must see which one
    where = f" in the Datadog org {org}" if org else ""
    return f"Permanently delete {clean(what)}{where}? This cannot be undone."


def _require(answer: object, what: str, asked: bool) -> None:
    """Raise unless the user confirmed; nothing is deleted without a yes.

    Unasked (the client cannot ask), the model asks the user and passes confirm=true if
    they agree; a user who was asked and did not say yes has decided, and the model is
    told not to override them."""
    if isinstance(answer, AcceptedElicitation):
        data = cast(Any, answer).data
        if isinstance(data, Confirmation) and data.confirm:
            return
    elif isinstance(answer, Confirmation) and answer.confirm:
        return
    if not asked:
        raise ToolError(
            f"not confirmed: {clean(what)} was not deleted. Ask the user, and only if they "
            "agree call again with confirm=true."
        )
    raise ToolError(
        f"declined: the user said no to deleting {clean(what)}; it was not deleted. Do not "
        "retry, and do not pass confirm=true: that would override the user."
    )


@dataclass(frozen=True)
class _Asked:
    """What a delete's question named: its words, and per named argument the value the
    call was given and the value the user said yes to (a person's UUID)."""

    what: str
    acts_on: dict[str, tuple[Any, str]]

    def arguments(self, given: dict[str, Any]) -> dict[str, Any]:
        """The call's arguments, each one the question named replaced by what it named."""
        return {
            name: self.acts_on[name][1]
            if name in self.acts_on and self.acts_on[name][0] == value
            else value
            for name, value in given.items()
        }


# Set by every delete's resolver before its body runs: the body then acts on what the user
# said yes to, even if a reference has come to name someone else while the question waited.
_ASKED: ContextVar[_Asked | None] = ContextVar("datadog_incidents_mcp.asked", default=None)

# How a failure of a call is told to the model (see _build): a question's look-up that
# fails is told the same way, before anyone is asked.
Explain = Callable[[Exception], str]


def _looked_up(fn: ToolFn, deletes: str) -> dict[str, Named]:
    """The arguments a delete's question names by look-up, with how (their `Named`)."""
    hints = typing.get_type_hints(fn, include_extras=True)
    return {
        name: marker
        for name in named_in(deletes)
        for marker in getattr(hints.get(name), "__metadata__", ())
        if isinstance(marker, Named)
    }


def _resolver(fn: ToolFn, deletes: str, explain: Explain) -> Any:
    """The elicitation resolver of one delete. The SDK passes tool arguments to a resolver
    by the names in its signature, so each gets all of its delete's (a todo's look-up needs
    the incident too)."""
    named = _looked_up(fn, deletes)

    async def question(
        ctx: Context[Any], confirm: bool, **arguments: Any
    ) -> Elicit[Confirmation] | Confirmation:
        _ASKED.set(None)  # whatever an earlier call in this context left is not ours
        if confirm or not _can_ask(ctx):
            return Confirmation(confirm=confirm)
        state, shown = app_state(ctx), dict(arguments)
        acts_on: dict[str, tuple[Any, str]] = {}
        for name, marker in named.items():
            try:
                shown[name], acted = await marker.look_up(state, name, arguments)
            except (DatadogError, ArgumentError) as exc:
                raise ToolError(explain(exc)) from exc
            acts_on[name] = (arguments[name], acted)
        asked = _Asked(deletes.format(**shown), acts_on)
        _ASKED.set(asked)
        return Elicit(_question(asked.what), Confirmation)

    keyword = inspect.Parameter.KEYWORD_ONLY
    names = [n for n in inspect.signature(fn).parameters if n != "ctx"]
    question.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(n, keyword, annotation=Any) for n in names]
        + [
            inspect.Parameter("confirm", keyword, annotation=bool),
            inspect.Parameter("ctx", keyword, annotation=Context[Any]),
        ],
        return_annotation=Elicit[Confirmation] | Confirmation,
    )
    question.__annotations__ = {
        **dict.fromkeys(names, Any),
        "confirm": bool,
        "ctx": Context[Any],
        "return": Elicit[Confirmation] | Confirmation,
    }
    question.__module__ = fn.__module__
    question.__qualname__ = question.__name__ = f"confirm_{fn.__name__}"
    return question


def guarded(fn: ToolFn, deletes: str, explain: Explain) -> ToolFn:
    """`fn` with the confirmation step: its signature gains the elicited `answer` and the
    `confirm` argument (last, as every delete's schema lists it), and its body runs only
    after a yes."""
    answer_type = Annotated[
        ElicitationResult[Confirmation], Resolve(_resolver(fn, deletes, explain))
    ]

    @functools.wraps(fn)
    async def delete(*, answer: object, confirm: bool, **arguments: Any) -> Any:
        del confirm  # the resolver read it; the answer is what counts
        asked = _ASKED.get()
        _require(answer, asked.what if asked else deletes.format(**arguments), asked is not None)
        return await fn(**(asked.arguments(arguments) if asked else arguments))

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
