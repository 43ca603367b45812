"""Turn what a person or model says into the IDs Datadog wants.

- Incidents: a UUID, or the public ID as people say it (`IR-123`, `123`, `#123`).
  Datadog's API takes UUIDs, so public IDs are looked up once and cached.
- People: a user UUID, "me" (the application key's owner, or on a team server people sign
  in to, the signed-in person: `me_is`), a full email, a handle
  (`@jane@example.com`) or a full name only one user has. Never part of one: a write
  that names the wrong commander or pages the wrong person is worse than an error.
- Time zones: an IANA name, `UTC` or an offset; none given is UTC.
- Pasted timelines: at most MAX_PASTE_CHARS characters, JSON nested no deeper than an
  export's, checked before anything is fetched.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable, Generator, Iterable, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, tzinfo
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from mcp.server.mcpserver import Context

from datadog_incidents_mcp.calls.errors import ArgumentError
from datadog_incidents_mcp.calls.output import person, quoted
from datadog_incidents_mcp.calls.state import AppState, app_state
from datadog_incidents_mcp.datadog import DatadogClient, walk_pages
from datadog_incidents_mcp.datadog.models import Resource
from datadog_incidents_mcp.datadog.models.incidents import Incident
from datadog_incidents_mcp.datadog.models.users import User
from datadog_incidents_mcp.postmortem.stamps import DateOrder, zone_named

if TYPE_CHECKING:  # the drafting code it comes with is a first call's worth of imports
    from datadog_incidents_mcp.postmortem.assembly import Paste, Progress

_PUBLIC_ID = re.compile(r"(?:[A-Za-z]+-|#)?(\d{1,12})")
MAX_SCAN = 5_000  # incidents looked through to find a public ID
MAX_PEOPLE = 1_000  # users whose email, handle or name contains a reference, looked through
ME = frozenset({"me", "myself"})
CANDIDATES = 5
# Who "me" is while a signed-in person's request is served: their email ("" when their
# token has none); None: no one signed in, so "me" is the owner of the Datadog keys.
_SIGNED_IN: ContextVar[str | None] = ContextVar("datadog_incidents_mcp.signed_in", default=None)
R = TypeVar("R", bound=Resource[Any])
R_co = TypeVar("R_co", bound=Resource[Any], covariant=True)


class Listing(Protocol[R_co]):
    """A list answer, as far as picking one item out of it goes."""

    @property
    def data(self) -> Sequence[R_co]: ...


def is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def remember(state: AppState, incidents: Iterable[Incident]) -> None:
    """Cache public ID -> UUID from any incidents a tool has seen."""
    for incident in incidents:
        if incident.attributes.public_id is not None:
            state.public_ids[incident.attributes.public_id] = incident.id


async def incident_id(
    state: AppState, ref: str, argument: str = "incident_id", progress: Progress | None = None
) -> str:
    """The incident's UUID for a UUID or public ID; `progress` hears of each page searched."""
    ref = ref.strip()
    if is_uuid(ref):
        return ref
    match = _PUBLIC_ID.fullmatch(ref)
    if not match:
        raise ArgumentError(
            argument,
            f"{ref!r} is neither an incident UUID nor a public ID like IR-123; "
            "find incidents with search_incidents",
        )
    public_id = int(match.group(1))
    if public_id not in state.public_ids:

        async def fetch(offset: int, size: int) -> list[Incident]:
            return (await state.client.incidents.list(page_size=size, offset=offset)).data

        looked = 0
        async for page in walk_pages(fetch, max_items=MAX_SCAN):
            remember(state, page)
            looked += len(page)
            if progress:
                await progress(looked, None, f"looked through {looked} incidents")
            if public_id in state.public_ids:
                break
    if public_id not in state.public_ids:
        raise ArgumentError(
            argument,
            f"no incident has public ID {public_id}; find incidents with search_incidents",
            missing=True,
        )
    return state.public_ids[public_id]


async def incident_state(ctx: Context[Any], ref: str) -> tuple[AppState, str]:
    """The call's state and the UUID of the incident it names: how an incident's tools start."""
    state = app_state(ctx)
    return state, await incident_id(state, ref)


async def named_incident(state: AppState, argument: str, arguments: Mapping[str, str]) -> str:
    """`IR-12 "Checkout errors"`: an incident as a question names it (one GET)."""
    found = (
        await state.client.incidents.get(await incident_id(state, arguments[argument], argument))
    ).data
    remember(state, [found])
    return f"{found.attributes.public_ref or found.id} {quoted(found.attributes.title)}"


async def incident_child(
    state: AppState,
    arguments: Mapping[str, str],
    argument: str,
    children: Callable[[str], Awaitable[Listing[R]]],
    noun: str,
    source: str,
) -> R:
    """The child of the call's incident that `arguments[argument]` names, from one list GET:
    Datadog reads attachments, impacts and timestamp corrections only as a list."""
    uuid = await incident_id(state, arguments["incident_id"])
    listing = await children(uuid)
    return listed_one(listing.data, arguments[argument], argument, noun, source)


def listed_one(items: Sequence[R], wanted: str, argument: str, noun: str, source: str) -> R:
    """The listed item with ID `wanted`, where Datadog offers no read of one."""
    found = next((item for item in items if item.id == wanted), None)
    if found is None:
        problem = f"no {noun} has ID {wanted!r}; find IDs with {source}"
        raise ArgumentError(argument, problem, missing=True)
    return found


async def named_person(state: AppState, argument: str, ref: str) -> tuple[str, str]:
    """`Name <email>` of the one user `ref` names, and their UUID: the delete acts on that
    UUID, so a reference that comes to name someone else meanwhile changes nothing."""
    found = await user(state, ref, argument)
    return person(found.attributes.model_dump()) or ref, found.id


async def user(state: AppState, ref: str, argument: str) -> User:
    """The one user `ref` names: "me", a UUID, a full email or handle, or a full name.

    Raises ArgumentError, listing candidates, when no user or several users fit exactly.
    """
    key = _key(ref)
    if key == "me" and (email := _SIGNED_IN.get()) is not None:
        if not email:
            raise ArgumentError(
                argument,
                '"me" names no one: your sign-in token carries no verified email; name the '
                "person by email or handle",
            )
        key = ref = email.lower()  # the person, not the keys' owner; cached under the email
    known = state.people.get(key)
    if known is not None:
        return known
    if key == "me":
        found = (await state.client.users.current()).data
    elif is_uuid(key):
        found = (await state.client.users.get(key)).data
    else:
        found = await _exactly_one(state, ref, key, argument)
    a = found.attributes  # each names this one person exactly, so results can show them
    for alias in {found.id, (a.handle or "").lower(), (a.email or "").lower()} - {""}:
        state.people.remember(alias, found)
    return state.people.remember(key, found)


@contextmanager
def me_is(email: str) -> Generator[None]:
    """Within this block "me" is the Datadog user with this email (the signed-in person)."""
    token = _SIGNED_IN.set(email)
    try:
        yield
    finally:
        _SIGNED_IN.reset(token)


def _key(ref: str) -> str:
    key = ref.strip().removeprefix("@").strip().lower()
    return "me" if key in ME else key


def known_as(state: AppState, ref: str) -> str:
    """`Name <email>` for a handle, email or user UUID whose person this server resolved
    lately (no request is made), else `ref` as it is."""
    found = state.people.get(_key(ref))
    return (person(found.attributes.model_dump()) or ref) if found else ref


async def user_id(state: AppState, ref: str, argument: str) -> str:
    """The UUID of the one user `ref` names; a UUID is taken as given (Datadog checks it)."""
    return ref.strip() if is_uuid(ref.strip()) else (await user(state, ref, argument)).id


async def _exactly_one(state: AppState, ref: str, key: str, argument: str) -> User:
    async def fetch(offset: int, size: int) -> list[User]:
        page = await state.client.users.list(
            filter_text=key, page_size=size, page_number=offset // size
        )
        return page.data

    found: list[User] = []
    async for page in walk_pages(fetch, max_items=MAX_PEOPLE):
        found.extend(page)
    exact = [
        u
        for u in found
        if key in {(u.attributes.email or "").lower(), (u.attributes.handle or "").lower()}
    ] or [u for u in found if (u.attributes.name or "").strip().lower() == key]
    if len(exact) == 1:
        return exact[0]
    if not found:
        raise ArgumentError(
            argument,
            f"no Datadog user matches {ref!r}; find people with search_users",
            missing=True,
        )
    candidates = exact or found
    shown = ", ".join(str(person(u.attributes.model_dump())) for u in candidates[:CANDIDATES])
    more = f" and {len(candidates) - CANDIDATES} more" if len(candidates) > CANDIDATES else ""
    problem = "is the name of several users" if exact else "is only part of a user's name or email"
    raise ArgumentError(
        argument,
        f"{ref!r} {problem} ({shown}{more}); ask the user which one they mean, then pass "
        "that person's email",
    )


async def default_type(client: DatadogClient) -> str | None:
    """The organization's default incident type, where a tool was given none."""
    types = (await client.incident_types.list()).data
    return next((t.id for t in types if t.attributes.is_default), types[0].id if types else None)


def zone(name: str | None, argument: str = "timezone") -> tzinfo:
    """The time zone a person named (UTC if none), or an ArgumentError that says what works."""
    try:
        return zone_named(name) if name and name.strip() else UTC
    except ValueError as exc:
        raise ArgumentError(argument, str(exc)) from None


def paste(text: str | None, timezone: str | None, date_order: DateOrder | None) -> Paste:
    """A pasted timeline and how to read its times, or an ArgumentError naming the argument."""
    from datadog_incidents_mcp.postmortem.assembly import Paste
    from datadog_incidents_mcp.postmortem.reader import MAX_NESTING, MAX_PASTE_CHARS, nesting

    text = text or ""
    if len(text) > MAX_PASTE_CHARS:
        raise ArgumentError(
            "timeline",
            f"{len(text):,} characters, over the limit of {MAX_PASTE_CHARS:,}: "
            "paste the part around the incident",
        )
    stripped = text.lstrip()
    if stripped[:1] in ("[", "{") and nesting(stripped) > MAX_NESTING:
        raise ArgumentError(
            "timeline",
            f"its JSON is nested too deep (more than {MAX_NESTING} levels; chat exports need "
            "a dozen): paste the export's list of messages or events, or the chat as text",
        )
    given = zone(timezone) if timezone and timezone.strip() else None
    return Paste(text, given, date_order)
