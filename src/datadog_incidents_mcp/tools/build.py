"""Turn registry entries into MCP tools: error translation, compact results, lean schemas.

- Every call's failure becomes a ToolError with an actionable message (see `calls.errors`),
  cleaned of invisible characters even where it repeats the caller's own arguments.
- A delete runs only after the user's yes, and so does any write the --confirm policy asks
  about (see `confirm`, `calls.policy`); `confirm` is in a write's listed schema only when the
  policy can ask about it, so the default policy lists writes as they always were.
- A call's requests share one deadline and remember what they created (`one_call`).
- A result is sent as structured content plus the same JSON, compact, as text.
- Schemas lose pydantic's `title` keys, `anyOf [X, null]` wrappers, defaults, `minLength: 1`
  and `additionalProperties: true` (the default anyway): fewer tokens in
  every conversation, and clients that mishandle combinators see a plain type.
- Unknown argument names are refused with the list of valid ones, instead of ignored (a
  model's typo of a real parameter would otherwise pass unnoticed), except the few a known
  client adds to every call for its own use (`CLIENT_ARGUMENTS`), which are dropped.
- Input schemas suit OpenAI's strict mode (see _schema): an optional argument sent as
  null counts as not given, so a strict client need not invent a value for it.
- Text arguments stay text: the SDK reads a string argument as JSON for every parameter not
  annotated plain `str` (a model that sends a list as a string), so a Slack export pasted as
  `timeline`, or a todo that says `null`, would otherwise arrive as a list, a dict or None.
- With several orgs every tool also takes `org` (an enum of the org names): the call acts
  in that org, its result says which, and a failure names it (a model that found nothing
  in one org knows to try the other).
"""

from __future__ import annotations

import functools
import inspect
import logging
import types
import warnings
from collections.abc import Sequence
from typing import Annotated, Any, Literal, Union, cast, get_args, get_origin

from mcp import MCPDeprecationWarning
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError, UnexpectedToolError
from mcp.server.mcpserver.tools.base import Tool
from mcp.server.mcpserver.utilities.func_metadata import FuncMetadata
from mcp.shared.exceptions import MCPError
from mcp.types import CallToolResult, TextContent
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import to_json

from datadog_incidents_mcp.calls.client_log import client_wants_log
from datadog_incidents_mcp.calls.errors import (
    ArgumentError,
    Setup,
    describe_validation,
    explain,
    is_missing,
)
from datadog_incidents_mcp.calls.orgs import Orgs, acting_in, current_org
from datadog_incidents_mcp.calls.writes import current_write
from datadog_incidents_mcp.datadog import DatadogError, DryRunError, clean, one_call
from datadog_incidents_mcp.tools.confirm import guarded
from datadog_incidents_mcp.tools.registry import ToolSpec
from datadog_incidents_mcp.tools.schema import inline_refs, nullable, strict_ready

logger = logging.getLogger("datadog_incidents_mcp.tools")

# Arguments a client adds to every tool call for itself, not for the tool: Gemini CLI's
# `wait_for_previous` (its system prompt tells the model to set it, to order parallel calls).
CLIENT_ARGUMENTS = frozenset({"wait_for_previous"})


class DatadogTool(Tool):
    """A Tool that names unknown and invalid arguments plainly, and acts in the org named."""

    orgs: Orgs | None = None  # several orgs: the `org` argument this tool takes

    async def run(
        self, arguments: dict[str, Any], context: Context[Any, Any], convert_result: bool = False
    ) -> Any:
        known = self.parameters.get("properties", {})
        arguments = {
            name: value
            for name, value in arguments.items()
            if name in known or name not in CLIENT_ARGUMENTS
        }
        writes = self.annotations is not None and not self.annotations.read_only_hint
        unknown = sorted(set(arguments) - set(known) - ({"confirm"} if writes else set()))
        if unknown:
            raise ToolError(
                clean(
                    f"unknown argument {', '.join(f'`{u}`' for u in unknown)}: "
                    f"{self.name} takes {', '.join(known)}"
                )
            )
        if self.orgs is None:
            return await self._run(arguments, context, convert_result)
        try:
            org = self.orgs.check(arguments.get("org"))
        except ArgumentError as exc:
            raise ToolError(clean(str(exc))) from exc
        rest = {name: value for name, value in arguments.items() if name != "org"}
        with acting_in(org):
            return await self._run(rest, context, convert_result)

    async def _run(
        self, arguments: dict[str, Any], context: Context[Any, Any], convert_result: bool
    ) -> Any:
        required = self.parameters.get("required", [])
        arguments = {k: v for k, v in arguments.items() if v is not None or k in required}
        try:
            return await super().run(arguments, context, convert_result)
        except UnexpectedToolError:
            raise
        except ToolError as exc:
            # The SDK prefixes "Error executing tool <name>: "; the model knows which tool
            # it called, and every message already starts with its own kind.
            cause = exc.__cause__
            if isinstance(cause, ValidationError):
                message, org = describe_validation(cause), current_org()
                if self.orgs is not None and org is not None:  # as for errors in the tool
                    message = self.orgs.name_in(message, org, missing=False)
                raise ToolError(clean(message)) from cause
            text = str(cause) if isinstance(cause, ToolError) else str(exc)
            raise ToolError(clean(text)) from cause


def _takes_only_text(annotation: Any) -> bool:
    """Whether every non-null value of `annotation` is a string: str, Literal strings, their
    Annotated forms, and unions of those with None."""
    if get_origin(annotation) is Annotated:
        return _takes_only_text(get_args(annotation)[0])
    if get_origin(annotation) in (Union, types.UnionType):
        kept = [a for a in get_args(annotation) if a is not type(None)]
        return all(_takes_only_text(a) for a in kept)
    if get_origin(annotation) is Literal:
        return all(isinstance(a, str) for a in get_args(annotation))
    return annotation is str


class _TextStaysText(FuncMetadata):
    """The SDK's argument metadata, without its JSON pre-parsing of text parameters or its
    second check of a result.

    The pre-parsing stays for lists, dicts and models, which clients do send as JSON strings.
    """

    def convert_result(self, result: Any) -> Any:
        """A call's result as it is: `_calling` dumps it from a validated result model, and the
        SDK's check of it against that model again cost about 20 us a call."""
        return result if isinstance(result, CallToolResult) else super().convert_result(result)

    def pre_parse_json(self, data: dict[str, Any]) -> dict[str, Any]:
        text = _text_keys(self.arg_model)
        parsed = super().pre_parse_json(data)
        return {key: data[key] if key in text else value for key, value in parsed.items()}


@functools.cache
def _text_keys(arg_model: type[BaseModel]) -> frozenset[str]:
    """The argument names (and aliases) of a tool that take only text, found once: looking
    through every annotation on each call was a tenth of a small call's own time."""
    fields: dict[str, FieldInfo] = arg_model.model_fields
    return frozenset(
        key
        for name, field in fields.items()
        if _takes_only_text(field.annotation)
        for key in (name, field.alias)
        if key
    )


def lean_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A JSON schema without titles, null alternatives, defaults or `minLength: 1`."""
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "title" and isinstance(value, str):
            continue
        if key == "properties" and isinstance(value, dict):
            out[key] = {name: lean_schema(prop) for name, prop in value.items()}  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
        elif isinstance(value, dict):
            out[key] = lean_schema(value)  # pyright: ignore[reportUnknownArgumentType]
        else:
            out[key] = value
    options = out.get("anyOf")
    if isinstance(options, list):
        kept = [o for o in options if o != {"type": "null"}]  # pyright: ignore[reportUnknownVariableType]
        if len(kept) == 1:  # pyright: ignore[reportUnknownArgumentType]
            del out["anyOf"]
            out = {**lean_schema(kept[0]), **out}  # pyright: ignore[reportUnknownArgumentType]
    # Null or no value gives the default (see _schema), and a minimum length of 1 says only
    # "not empty": the tool checks both and names the argument; the tokens go to every turn.
    out.pop("default", None)
    if out.get("minLength") == 1:
        del out["minLength"]
    if out.get("additionalProperties") is True:  # JSON Schema's default: tokens for nothing
        del out["additionalProperties"]
    return out


async def _log_to_client(ctx: Context[Any], tool: str, message: str) -> None:
    """Also send a failed call to the client's log, where it asked for logs.

    MCP logging is deprecated from protocol 2026-07-28 on, and clients there only get it
    when they opted in; the isError result is what the model always sees.
    """
    if not client_wants_log(ctx, "error"):
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MCPDeprecationWarning)
        try:
            await ctx.log(  # pyright: ignore[reportDeprecated]
                "error", {"tool": tool, "error": message}, logger_name="datadog_incidents_mcp"
            )
        except MCPError as exc:
            logger.debug("could not send the error of %s to the client log: %s", tool, exc)


def _explained(
    exc: Exception, spec: ToolSpec, site: str, orgs: Orgs | None, created: Sequence[str] = ()
) -> str:
    """The message of a failed call of `spec`, naming the org it acted in if there are several."""
    org = current_org()
    if org is None or orgs is None:
        return explain(exc, spec, Setup(site), created)
    message = explain(exc, spec, orgs.setup(org), created)
    return clean(orgs.name_in(message, org, missing=is_missing(exc)))


def _calling(spec: ToolSpec, site: str, orgs: Orgs | None) -> Any:
    fn = spec.fn
    if not spec.read_only:
        fn = guarded(spec, lambda exc: _explained(exc, spec, site, orgs))

    @functools.wraps(fn)
    async def call(*args: Any, **kwargs: Any) -> CallToolResult:
        org = current_org()
        written = current_write()
        written.org = org
        with one_call() as this_call:
            try:
                result: BaseModel = await fn(*args, **kwargs)
            except (DatadogError, ArgumentError, ValidationError) as exc:
                if written.outcome is None:
                    written.outcome = "dry run" if isinstance(exc, DryRunError) else "failed"
                    written.created = this_call.made
                message = _explained(exc, spec, site, orgs, this_call.created)
                context = kwargs.get("ctx")
                if isinstance(context, Context):
                    await _log_to_client(cast(Context[Any], context), spec.name, message)
                raise ToolError(message) from exc
            except BaseException:
                # Cancelled, or a bug after the request may have gone out: the outcome is
                # unknown, so the write is counted and audited as failed, never refunded.
                if written.outcome is None:
                    written.outcome, written.created = "failed", this_call.made
                raise
        written.outcome, written.created = "done", this_call.made
        data = result.model_dump(mode="json")
        if org is not None:
            data["org"] = org
        text = to_json(data).decode()  # compact, as json.dumps(separators=(",", ":")), 3x faster
        return CallToolResult(
            content=[TextContent(type="text", text=text)], structured_content=data
        )

    return call


def build_tool(spec: ToolSpec, site: str, orgs: Orgs | None = None) -> Tool:
    """The MCP tool for `spec`; with `orgs` (several orgs) it takes and reports `org`."""
    tool = DatadogTool.from_function(
        _calling(spec, site, orgs),
        name=spec.name,
        title=spec.title,
        description=inspect.cleandoc(spec.fn.__doc__ or ""),
        annotations=spec.annotations,
        structured_output=True,
    )
    tool.parameters = lean_schema(inline_refs(tool.parameters))
    if spec.kind != "delete":  # listed with `confirm` only under a policy that asks (calls.policy)
        tool.parameters.get("properties", {}).pop("confirm", None)
    tool.parameters = strict_ready(tool.parameters)
    metadata = tool.fn_metadata = _TextStaysText(**dict(tool.fn_metadata))
    if metadata.output_schema is not None:
        metadata.output_schema = lean_schema(inline_refs(metadata.output_schema))
    if orgs is not None:
        tool = cast(DatadogTool, tool).model_copy(update={"orgs": orgs})
        tool.parameters, metadata.output_schema = with_org(
            orgs, tool.parameters, metadata.output_schema
        )
    return tool


def with_org(
    orgs: Orgs, parameters: dict[str, Any], output_schema: dict[str, Any] | None
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """A tool's input and output schemas once it takes `org` and reports it (new dicts: a
    listed tool's come from the manifest, which every server in the process shares)."""
    org = {"org": nullable(orgs.schema())}
    parameters = {**parameters, "properties": {**parameters.get("properties", {}), **org}}
    if output_schema is not None:
        reported = {**output_schema.get("properties", {}), "org": {"type": "string"}}
        output_schema = {**output_schema, "properties": reported}
    return parameters, output_schema
