"""Compact tool results: what a model needs, in as few tokens as will do.

Results drop nulls and empty sections, show people as "Name <email>" and times as ISO
8601 UTC, and stay under a size budget (lists are cut with a note that says how to get
the rest). Text written by people (titles, descriptions) is untrusted: invisible and
bidirectional-control characters are removed before a model reads it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    SerializerFunctionWrapHandler,
    model_serializer,
    with_config,
)
from pydantic_core import to_json
from typing_extensions import TypedDict

from datadog_incidents_mcp.datadog import clean
from datadog_incidents_mcp.datadog.models import IncludedItem, Resource

MAX_RESULT_CHARS = 24_000
T = TypeVar("T")
MAX_TEXT_CHARS = 4_000
_UTC_OFFSET = timedelta(0)


class Output(BaseModel):
    """Base of every tool result: nulls and empty values are left out when serialised,
    except a field the result always has (declared without a default, so its schema says
    `required`): a list tool's list, which says "none" as `"todos": []` rather than `{}`."""

    @model_serializer(mode="wrap")
    def _compact(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        dumped: dict[str, Any] = handler(self)
        fields = type(self).model_fields
        return {
            k: v
            for k, v in dumped.items()
            if v not in (None, [], {}, "") or (k in fields and fields[k].is_required())
        }


# What a result shows of one thing is typed, key by key, so a client can check it and a
# framework can type it. Every key is optional unless declared Required (nulls and empty
# values are left out); keys a shape does not declare are kept, not dropped.
OPEN = ConfigDict(extra="allow")


@with_config(OPEN)
class Shown(TypedDict, total=False):
    """Base of every shape a result shows. TypedDicts do not inherit pydantic's config:
    each shape says OPEN again."""


@with_config(OPEN)
class Detailed(Shown, total=False):
    """A shape its tool can show in full (`detailed`): Datadog's own attributes and
    relationships besides."""

    attributes: dict[str, Any]
    relationships: dict[str, Any]


def clean_text(text: str) -> str:
    """Untrusted text without invisible characters, cut to a sane length."""
    text = clean(text)
    return text if len(text) <= MAX_TEXT_CHARS else text[:MAX_TEXT_CHARS] + "…[cut]"


def prune(value: Any) -> Any:
    """Drop nulls and empty containers recursively; clean strings; times as ISO UTC."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():  # pyright: ignore[reportUnknownVariableType]
            if item is None:
                continue
            if type(item) is str:  # pyright: ignore[reportUnknownArgumentType]
                text = clean_text(item)  # most values: cleaned here, not by a call each
                if text:
                    out[str(key)] = text  # pyright: ignore[reportUnknownArgumentType]
                continue
            pruned = prune(item)
            if pruned not in _EMPTY:
                out[str(key)] = pruned  # pyright: ignore[reportUnknownArgumentType]
        return out
    if isinstance(value, list | tuple):
        items = [prune(v) for v in value]  # pyright: ignore[reportUnknownVariableType]
        return [v for v in items if v not in _EMPTY]
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, datetime):
        return iso(value)
    return value


_EMPTY: tuple[Any, ...] = (None, [], {}, "")


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z, to the second."""
    if moment is None:
        return None
    if moment.utcoffset() != _UTC_OFFSET:  # Datadog's times are UTC already: no conversion
        moment = moment.astimezone(UTC)
    return moment.isoformat(timespec="seconds")[:19] + "Z"


def quoted(text: str | None, limit: int = 80) -> str:
    """Text written by people, on one line, shortened and in quotes: how a question or a
    message names a thing by its words (a todo's text, an attachment's title)."""
    line = " ".join(clean(text or "").split())
    return f'"{line if len(line) <= limit else line[: limit - 1].rstrip() + "…"}"'


def person(attributes: dict[str, Any] | None) -> str | None:
    """`Name <email>` (or whichever of the two is known)."""
    if not attributes:
        return None
    name, email = attributes.get("name"), attributes.get("email") or attributes.get("handle")
    if name and email:
        return f"{clean_text(str(name))} <{email}>"
    return str(name or email) if (name or email) else None


def people_by_id(included: list[IncludedItem]) -> dict[str, str]:
    """User ID -> `Name <email>`, from a response's `included` users."""
    out: dict[str, str] = {}
    for item in included:
        if item.type == "users" and item.id:
            shown = person(item.attributes)
            if shown:
                out[item.id] = shown
    return out


def fit_list(items: list[T]) -> list[T]:
    """The longest head of the list (at least one item) whose JSON fits the size budget."""
    size = 0
    for index, item in enumerate(items):
        size += len(to_json(item).decode())  # the text's length, as tools/build.py writes it
        if size > MAX_RESULT_CHARS and index > 0:
            return items[:index]
    return items


def _trimmed(shown: list[Any]) -> str:
    return f"trimmed to {len(shown)} items to stay under the size budget"


def paged(
    items: list[T], offset: int, page_size: int, total: int | None
) -> tuple[list[T], int | None, str | None]:
    """An offset page cut to the size budget, its `next_offset`, and how to continue."""
    shown = fit_list(items)
    following = offset + len(shown)
    if len(shown) < len(items):
        return (
            shown,
            following,
            f"{_trimmed(shown)}; call again with offset={following} for the rest",
        )
    if total is not None:
        if following < total:
            return (
                shown,
                following,
                f"{total - following} more results: call again with offset={following}",
            )
        return shown, None, None
    if len(shown) >= page_size:
        return shown, following, f"more results may exist: call again with offset={following}"
    return shown, None, None


def next_page(page: int, page_size: int, returned: int, total: int | None, noun: str) -> str | None:
    """How to continue a page-numbered list (teams, users), or None on the last page."""
    more = (page + 1) * page_size < total if total is not None else returned >= page_size
    return f"more {noun}: call again with page={page + 1}" if more else None


class Deleted(Output):
    """What every delete tool returns."""

    deleted: str


def listed(items: list[T]) -> tuple[list[T], str | None]:
    """An unpaged list, cut to the size budget if it must be."""
    shown = fit_list(items)
    return shown, _trimmed(shown) if len(shown) < len(items) else None


def detailed(shown: dict[str, Any], resource: Resource[Any], detail: str) -> Any:
    """The compact view, plus every attribute and relationship when `detail == "full"`;
    pruned, so of the shape (a `Shown`) its caller declares."""
    if detail == "full":
        shown = {
            **shown,
            "attributes": resource.attributes.model_dump(mode="json"),
            "relationships": {name: rel for name, rel in resource.relationships.items() if rel},
        }
    return prune(shown)
