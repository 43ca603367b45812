"""Writes the policy asks about need the user's yes: asked through MCP elicitation when the
client can ask, otherwise given as `confirm=true` after the model has asked the user itself.

Deletes always ask (unless --confirm none); with --confirm notify or writes, other writes do
too (see `calls.policy`). A tool declares what it deletes (`@tool(..., "delete", deletes="todo
{todo_id}")`) or does (`says=`), and is written without the confirmation: `guarded` adds
the `confirm` argument, the question and the check around it, the same for every write.
The question names each argument in braces the way people know the thing, where the
argument's type says how to look it up (`Named`): "Permanently delete todo "Roll back the
deploy"?", not its UUID; a write's question also lists the changes its arguments ask for.
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

from datadog_incidents_mcp.calls.errors import ArgumentError
from datadog_incidents_mcp.calls.orgs import current_org
from datadog_incidents_mcp.calls.params import Confirm, Named
from datadog_incidents_mcp.calls.policy import asks, current_policy
from datadog_incidents_mcp.calls.state import app_state
from datadog_incidents_mcp.calls.writes import current_write
from datadog_incidents_mcp.datadog import DatadogError, clean
from datadog_incidents_mcp.tools.registry import ToolFn, ToolSpec, named_in

# A value longer than this is cut short in a question: enough to recognise it.
_SHOWN_CHARACTERS = 60

# The SDK wraps every resolver's answer in `AcceptedElicitation[Any]`, a class pydantic makes
# on first use and caches weakly, so each garbage collection that frees it made the next
# confirmed write make it again (a millisecond or two). Made here, it lives as long as we do.
_ACCEPTED = AcceptedElicitation[Any]


class Confirmation(BaseModel):
    """The user's answer; strict like the `confirm` argument, so only a JSON true deletes."""

    confirm: bool = Field(strict=True, description="Go ahead? The question says what happens.")

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


def _shown(value: Any) -> str:
    """An argument's value as a question shows it: lists joined, long text cut short."""
    items = cast(list[Any], value) if isinstance(value, list) else [value]
    text = clean(", ".join(str(item) for item in items))
    return text if len(text) <= _SHOWN_CHARACTERS else text[: _SHOWN_CHARACTERS - 1] + "…"


def _changes(spec: ToolSpec, arguments: dict[str, Any]) -> str:
    """What a write's other arguments ask for, e.g. ": severity to SEV-1; state to resolved";
    an argument left at its default asks for nothing."""
    named = set(named_in(spec.asks_about))
    defaults = {n: p.default for n, p in inspect.signature(spec.fn).parameters.items()}
    given = [
        (name, value)
        for name, value in arguments.items()
        if name not in named and value is not None and value != defaults.get(name)
    ]
    if not given:
        return ""
    joint = " to " if spec.kind == "update" else " "
    return (": " if spec.kind == "update" else " with ") + "; ".join(
        f"{name.replace('_', ' ')}{joint}{_shown(value)}" for name, value in given
    )


def _question(spec: ToolSpec, what: str, arguments: dict[str, Any]) -> str:
    org = current_org()  # several orgs: the user must see which one
    where = f" in the Datadog org {org}" if org else ""
    if spec.kind == "delete":
        return f"Permanently delete {clean(what)}{where}? This cannot be undone."
    return f"{clean(what)}{where}{_changes(spec, arguments)}?"


def _require(answer: object, spec: ToolSpec, what: str, asked: bool) -> None:
    """Raise unless the user confirmed; nothing is written without a yes.

    Unasked (the client cannot ask), the model asks the user and passes confirm=true if
    they agree; a user who was asked and did not say yes has decided, and the model is
    told not to override them."""
    if isinstance(answer, AcceptedElicitation):
        data = cast(Any, answer).data
        if isinstance(data, Confirmation) and data.confirm:
            return
    elif isinstance(answer, Confirmation) and answer.confirm:
        return
    deleting = spec.kind == "delete"
    if not asked:
        raise Unconfirmed(
            f"not confirmed: {clean(what)} was not {'deleted' if deleting else 'done'}. Ask "
            "the user, and only if they agree call again with confirm=true."
        )
    raise Declined(
        f"declined: the user said no to {'deleting ' if deleting else ''}{clean(what)}; "
        f"{'it was not deleted' if deleting else 'nothing was changed'}. Do not retry, and "
        "do not pass confirm=true: that would override the user."
    )


class Unconfirmed(ToolError):
    """A write the policy asks about came without the user's yes; nothing was sent."""


class Declined(Unconfirmed):
    """The user was asked and did not say yes; nothing was sent."""


@dataclass(frozen=True)
class _Asked:
    """What a write's question named: its words, and per named argument the value the
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


# Set by every asking write's resolver before its body runs: the body then acts on what the user
# said yes to, even if a reference has come to name someone else while the question waited.
_ASKED: ContextVar[_Asked | None] = ContextVar("datadog_incidents_mcp.asked", default=None)

# How a failure of a call is told to the model (see `build`): a question's look-up that
# fails is told the same way, before anyone is asked.
Explain = Callable[[Exception], str]


def _looked_up(fn: ToolFn, names: list[str]) -> dict[str, Named]:
    """Those of `names` that are looked up to be named, with how (their `Named`)."""
    hints = typing.get_type_hints(fn, include_extras=True)
    return {
        name: marker
        for name in names
        for marker in getattr(_unwrapped(hints.get(name)), "__metadata__", ())
        if isinstance(marker, Named)
    }


def _unwrapped(hint: Any) -> Any:
    """`X` of an optional `X | None`, where X is Annotated (a commander that may be left out)."""
    options = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) is not Annotated and len(options) == 1:
        return options[0]
    return hint


def _resolver(spec: ToolSpec, explain: Explain) -> Any:
    """The elicitation resolver of one write. The SDK passes tool arguments to a resolver
    by the names in its signature, so each gets all of its write's (a todo's look-up needs
    the incident too). Where the policy does not ask, the answer is a yes unasked."""
    fn, words = spec.fn, spec.asks_about
    named = _looked_up(fn, named_in(words))

    async def question(
        ctx: Context[Any], confirm: bool, **arguments: Any
    ) -> Elicit[Confirmation] | Confirmation:
        _ASKED.set(None)  # whatever an earlier call in this context left is not ours
        if not asks(current_policy(), spec):
            return Confirmation(confirm=True)
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
        asked = _Asked(words.format(**shown), acts_on)
        _ASKED.set(asked)
        return Elicit(_question(spec, asked.what, arguments), Confirmation)

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


def guarded(spec: ToolSpec, explain: Explain) -> ToolFn:
    """The write's function with the confirmation step: its signature gains the elicited
    `answer` and the `confirm` argument (last, as every delete's schema lists it), and its
    body runs only after a yes, or where the policy does not ask."""
    fn, words = spec.fn, spec.asks_about
    answer_type = Annotated[ElicitationResult[Confirmation], Resolve(_resolver(spec, explain))]
    targets = list(_looked_up(fn, list(inspect.signature(fn).parameters)))

    @functools.wraps(fn)
    async def write(*, answer: object, confirm: bool, **arguments: Any) -> Any:
        del confirm  # the resolver read it; the answer is what counts
        asked = _ASKED.get()
        acting_on = asked.arguments(arguments) if asked else arguments
        written = current_write()
        written.targets = {n: str(acting_on[n]) for n in targets if acting_on.get(n) is not None}
        what = asked.what if asked else words.format(**arguments)
        try:
            _require(answer, spec, what, asked is not None)
        except Unconfirmed as refused:
            written.outcome = "declined" if isinstance(refused, Declined) else "not confirmed"
            raise
        return await fn(**acting_on)

    hints = typing.get_type_hints(fn, include_extras=True)
    signature = inspect.signature(fn)
    keyword = inspect.Parameter.KEYWORD_ONLY
    parameters = [p.replace(annotation=hints[p.name]) for p in signature.parameters.values()]
    write.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[
            *parameters,
            inspect.Parameter("answer", keyword, annotation=answer_type),
            inspect.Parameter("confirm", keyword, annotation=Confirm, default=False),
        ],
        return_annotation=hints["return"],
    )
    write.__annotations__ = {**hints, "answer": answer_type, "confirm": Confirm}
    return write
