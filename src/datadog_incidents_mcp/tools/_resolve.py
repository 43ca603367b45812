"""Turn what a person or model says into the IDs Datadog wants.

- Incidents: a UUID, or the public ID as people say it (`IR-123`, `123`, `#123`).
  Datadog's API takes UUIDs, so public IDs are looked up once and cached.
- People: a user UUID, an email, a handle (`@jane` or `jane@example.com`) or a name.
- Times: ISO 8601 (a time without an offset is UTC) or relative (`now`, `now-2h`, `now+15m`).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime, timedelta

from datadog_incidents_mcp.datadog import DatadogClient, walk_pages
from datadog_incidents_mcp.datadog.models.incidents import Incident
from datadog_incidents_mcp.tools._context import AppState
from datadog_incidents_mcp.tools._errors import ArgumentError

_PUBLIC_ID = re.compile(r"(?:[A-Za-z]+-|#)?(\d{1,12})")
_RELATIVE = re.compile(r"now(?:\s*([+-])\s*(\d+)\s*([smhdw]))?")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
MAX_SCAN = 5_000  # incidents looked through to find a public ID


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


Progress = Callable[[float, float | None, str | None], Awaitable[None]]


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
            argument, f"{ref!r} is neither an incident UUID nor a public ID like IR-123"
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
        raise ArgumentError(argument, f"no incident has public ID {public_id}")
    return state.public_ids[public_id]


async def user_id(state: AppState, ref: str, argument: str) -> str:
    """A user's UUID for a UUID, email, handle or (unambiguous) name."""
    ref = ref.strip()
    if is_uuid(ref):
        return ref
    key = ref.removeprefix("@").lower()
    if key in state.users:
        return state.users[key]
    found = (await state.client.users.list(filter_text=key, page_size=25)).data
    exact = [
        u
        for u in found
        if key in {(u.attributes.email or "").lower(), (u.attributes.handle or "").lower()}
    ]
    if not exact:
        exact = [u for u in found if (u.attributes.name or "").lower() == key]
    if not exact and len(found) == 1:
        exact = found
    if len(exact) != 1:
        if not found:
            raise ArgumentError(
                argument, f"no Datadog user matches {ref!r}; find people with search_users"
            )
        names = ", ".join(f"{u.attributes.name} <{u.attributes.email}>" for u in found[:5])
        raise ArgumentError(argument, f"{ref!r} matches several users ({names}); give an email")
    state.users[key] = exact[0].id
    return exact[0].id


def parse_time(text: str, argument: str, *, now: datetime | None = None) -> datetime:
    """An aware UTC datetime from ISO 8601 or `now[+-]N[smhdw]`."""
    raw = text.strip()
    relative = _RELATIVE.fullmatch(raw.lower())
    if relative:
        moment = now or datetime.now(UTC)
        sign, amount, unit = relative.groups()
        if amount:
            delta = timedelta(**{_UNITS[unit]: int(amount)})
            moment = moment + delta if sign == "+" else moment - delta
        return moment
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ArgumentError(
            argument, f"{text!r} is not a time; use ISO 8601 (2026-11-23T14:05:00Z) or now-2h"
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


async def default_type(client: DatadogClient) -> str | None:
    """The organization's default incident type, where a tool was given none."""
    types = (await client.incident_types.list()).data
    return next((t.id for t in types if t.attributes.is_default), types[0].id if types else None)
