"""The shared vocabulary of tool parameters: one wording per idea, reused everywhere."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, WithJsonSchema, with_config
from pydantic_core import PydanticCustomError
from typing_extensions import TypedDict  # pydantic reads typing's only from Python 3.12

from datadog_incidents_mcp.calls.times import FORMS, MAX_CHARS, accepted, parse_time

if TYPE_CHECKING:
    from datadog_incidents_mcp.calls.state import AppState
    from datadog_incidents_mcp.datadog.models.shared import Condition

# (the words a person knows a thing by, the value the call then acts on), from the call's
# state, the argument's name and all the call's arguments.
LookUp = Callable[["AppState", str, Mapping[str, Any]], Awaitable[tuple[str, str]]]


@dataclass(frozen=True)
class Named:
    """Marks an ID argument that a delete's question names the way people know the thing
    (a todo's text, a team's name, a person's `Name <email>`): nobody can judge "delete
    b9797b6c-...?". `look_up` fetches it with one GET before the question; what it cannot
    find fails the call unasked. The value it returns is what the delete then acts on, so
    the thing deleted is the thing the user said yes to."""

    look_up: LookUp


async def _incident(
    state: AppState, argument: str, arguments: Mapping[str, Any]
) -> tuple[str, str]:
    from datadog_incidents_mcp.calls import resolve  # the client's models load when used

    return await resolve.named_incident(state, argument, arguments), arguments[argument]


async def _person(state: AppState, argument: str, arguments: Mapping[str, Any]) -> tuple[str, str]:
    from datadog_incidents_mcp.calls import resolve  # the client's models load when used

    return await resolve.named_person(state, argument, arguments[argument])


IncidentRef = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        description="Incident UUID or IR-123; from search_incidents",
    ),
    Named(_incident),
]
UserRef = Annotated[
    str,
    Field(
        min_length=1,
        max_length=254,
        description='Email, handle, full name, user UUID or "me"; from search_users',
    ),
    Named(_person),
]


_JSON_KINDS: dict[type, str] = {
    int: "a number",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "an object",
    type(None): "null",
}


def _time(value: object) -> datetime:
    """A time argument as an aware UTC datetime, checked before the tool runs: every tool
    and prompt that takes a Time gets the same forms, range and error (see _time)."""
    if not isinstance(value, str):
        # A JSON number is not read as epoch seconds: say what is taken instead.
        kind = _JSON_KINDS.get(type(value), type(value).__name__)
        problem = f"a time is a string, not {kind}; {accepted(datetime.now(UTC))}"
    else:
        try:
            return parse_time(value)
        except ValueError as exc:
            problem = str(exc)
    raise PydanticCustomError("time", "{problem}", {"problem": problem})


# Published as the string it is sent as; the tool receives the datetime it means.
Time = Annotated[
    datetime,
    BeforeValidator(_time),
    WithJsonSchema(
        {"type": "string", "minLength": 1, "maxLength": MAX_CHARS, "description": FORMS}
    ),
]


def _not_bool(value: object) -> object:
    """JSON true is not the number 1: a boolean for a count is a mistake worth naming."""
    if isinstance(value, bool):
        raise ValueError("expected a whole number, not true or false")
    return value


# The check runs after the bounds are declared, so pydantic publishes them as JSON Schema's
# minimum/maximum (declared after it, they would leak out as its own `ge`/`le`).
_NOT_BOOL = BeforeValidator(_not_bool)
PageSize = Annotated[int, Field(ge=1, le=100, description="Results per page"), _NOT_BOOL]
Offset = Annotated[
    int, Field(ge=0, le=100_000, description="Skip this many results (next_offset)"), _NOT_BOOL
]
Page = Annotated[int, Field(ge=0, le=10_000, description="Page number, from 0"), _NOT_BOOL]
# JSON true/false only: pydantic would otherwise read "yes", "on", "1", 1 or 1.0 as true, and
# a write tool's switch (confirm a delete, make private, mark done) must never be guessed.
Flag = Annotated[bool, Field(strict=True)]
Detail = Annotated[
    Literal["compact", "full"],
    Field(description="full adds every attribute Datadog returns"),
]
Confirm = Annotated[
    Flag,
    Field(description="true only after the user explicitly agreed; deletion cannot be undone"),
]
# Datadog's ID alphabet (UUIDs, numbers, handles); the client checks path IDs the same way.
ID_PATTERN = r"^[A-Za-z0-9_.:@+-]*[A-Za-z0-9_:@+-][A-Za-z0-9_.:@+-]*$"  # not only dots


def id_field(description: str, *, pattern: str | None = ID_PATTERN) -> Any:
    """The Field of a Datadog ID argument; use as `Annotated[str, id_field(...)]`.

    `pattern=None` leaves the alphabet unchecked.
    """
    return Field(min_length=1, max_length=64, pattern=pattern, description=description)


def id_from(noun: str, source: str, *, pattern: str | None = ID_PATTERN) -> Any:
    """The Field of an ID the model finds with another tool: "Todo ID; from list_incident_todos"."""
    return id_field(f"{noun} ID; from {source}", pattern=pattern)


TemplateId = Annotated[str, id_field("Postmortem template ID")]
Severity = Literal["SEV-0", "SEV-1", "SEV-2", "SEV-3", "SEV-4", "SEV-5", "UNKNOWN"]
State = Literal["active", "stable", "resolved"]
Text = Annotated[str, Field(min_length=1, max_length=4000)]
Name = Annotated[str, Field(min_length=1, max_length=200, description="Display name")]
Enabled = Annotated[Flag, Field(description="false switches it off")]
About = Annotated[str, Field(max_length=2000, description="What it is for")]
# A short name or value, such as a handle, a heading or a field value.
Short = Annotated[str, Field(min_length=1, max_length=200)]
TypeRef = Annotated[str, id_from("Incident type", "list_incident_types")]
NotificationTemplateRef = Annotated[
    str, id_from("Notification template", "list_notification_templates")
]

# Closed, like every object a tool takes: a misspelt key is refused, not dropped.
CLOSED = ConfigDict(extra="forbid")


@with_config(CLOSED)
class FieldMatch(TypedDict):
    """One incident field and the values that match it (Datadog's own shape)."""

    field: Short
    values: Annotated[list[Short], Field(min_length=1)]


# A list of {field, values} rather than a {field: values} map: OpenAI's strict mode and
# Gemini take no open-ended object.
Conditions = Annotated[
    list[FieldMatch],
    Field(
        max_length=20,
        description='Incident fields and the values that match, e.g. [{"field": "severity", '
        '"values": ["SEV-1"]}]; all must match. [] matches every incident',
    ),
]


def as_conditions(conditions: Conditions) -> list[dict[str, Any]]:
    """The conditions as Datadog takes them: `[{field, values}]`."""
    return [{"field": c["field"], "values": c["values"]} for c in conditions]


def shown_conditions(conditions: Sequence[Condition] | None) -> list[FieldMatch]:
    """A rule's conditions as the tools take them, so a result can be sent back as it is."""
    return [FieldMatch(field=c.field, values=c.values or []) for c in conditions or [] if c.field]
