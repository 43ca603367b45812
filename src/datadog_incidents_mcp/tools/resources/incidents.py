"""Incident tools: find, read, declare, update, resolve, import and delete incidents."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, Required

from mcp.server.mcpserver import Context
from pydantic import Field, with_config
from typing_extensions import TypedDict

from datadog_incidents_mcp.calls import resolve
from datadog_incidents_mcp.calls.output import (
    OPEN,
    Deleted,
    Detailed,
    Output,
    detailed,
    iso,
    paged,
    people_by_id,
)
from datadog_incidents_mcp.calls.params import (
    CLOSED,
    Detail,
    Flag,
    IncidentRef,
    Offset,
    PageSize,
    Severity,
    State,
    Time,
    UserRef,
)
from datadog_incidents_mcp.calls.resolve import remember
from datadog_incidents_mcp.calls.state import AppState, app_state
from datadog_incidents_mcp.calls.times import Times, in_order, in_order_as_recorded
from datadog_incidents_mcp.datadog import DatadogClient, DatadogError
from datadog_incidents_mcp.datadog.models import IncludedItem, user_relationship
from datadog_incidents_mcp.datadog.models.incidents import (
    Incident,
    IncidentCreateRequest,
    IncidentImportRequest,
    IncidentResponse,
    IncidentUpdateRequest,
)
from datadog_incidents_mcp.tools.registry import tool


@with_config(OPEN)
class IncidentShown(Detailed, total=False):
    id: Required[str]
    public_id: str
    title: str
    severity: str
    state: str
    customer_impact: str
    customer_impact_start: str
    customer_impact_end: str
    commander: str
    declared: str
    detected: str
    resolved: str
    services: Any
    teams: Any
    url: str


# An incident's times that cannot run backwards: (earlier, later).
IN_ORDER = (
    ("customer_impact_start", "customer_impact_end"),
    ("detected", "declared"),
    ("declared", "resolved"),
    ("detected", "resolved"),
)


@with_config(CLOSED)
class FieldValue(TypedDict):
    """One incident field set by name: a `{name, value}` item, not a map key, because
    OpenAI's strict mode and Gemini take no open-ended object."""

    name: Annotated[str, Field(min_length=1, max_length=200)]
    value: str | list[str]


FieldMap = Annotated[
    list[FieldValue],
    Field(
        max_length=50,
        description='Other incident fields, e.g. [{"name": "root_cause", "value": "..."}]',
    ),
]
Services = Annotated[list[str], Field(max_length=50, description="Affected service names")]
Teams = Annotated[list[str], Field(max_length=50, description="Responding team names")]
Title = Annotated[str, Field(min_length=1, max_length=1024, description="One-line summary")]
CustomerImpacted = Annotated[Flag, Field(description="Customers are affected")]
ImpactScope = Annotated[str, Field(min_length=1, max_length=4000, description="What customers saw")]


class IncidentResult(Output):
    incident: IncidentShown
    notice: str | None = None


class IncidentList(Output):
    incidents: list[IncidentShown]
    total: int | None = Field(default=None, description="matches in all pages, when known")
    next_offset: int | None = Field(default=None, description="pass as offset for the next page")
    notice: str | None = None


def render(
    incident: Incident, people: dict[str, str], client: DatadogClient, detail: str = "compact"
) -> IncidentShown:
    """An incident as a tool shows it."""
    a = incident.attributes
    commander = next(iter(incident.related_ids("commander_user")), None)
    shown: dict[str, Any] = {
        "id": incident.id,
        "public_id": a.public_ref,
        "title": a.title,
        "severity": a.severity,
        "state": a.state,
        "customer_impact": a.customer_impact_scope if a.customer_impacted else None,
        # The window itself, so a reader can see one that runs backwards or never ended.
        "customer_impact_start": iso(a.customer_impact_start),
        "customer_impact_end": iso(a.customer_impact_end),
        "commander": people.get(commander or "", commander),
        "declared": iso(a.declared),
        "detected": iso(a.detected),
        "resolved": iso(a.resolved),
        "services": a.field_value("services"),
        "teams": a.field_value("teams"),
        "url": client.incident_url(a.public_id),
    }
    return detailed(shown, incident, detail)


def _fields(
    fields: list[FieldValue] | None,
    severity: str | None = None,
    state: str | None = None,
    services: list[str] | None = None,
    teams: list[str] | None = None,
) -> dict[str, dict[str, Any]] | None:
    """The `fields` map Datadog takes; severity and state are fields too."""
    merged: dict[str, Any] = {field["name"]: field["value"] for field in fields or []}
    for name, value in (
        ("severity", severity),
        ("state", state),
        ("services", services),
        ("teams", teams),
    ):
        if value is not None:
            merged[name] = value
    return {name: {"value": value} for name, value in merged.items()} or None


def _page(
    state: AppState,
    incidents: list[Incident],
    included: list[IncludedItem],
    detail: str,
    offset: int,
    page_size: int,
    total: int | None,
) -> IncidentList:
    remember(state, incidents)
    people = people_by_id(included)
    rendered = [render(i, people, state.client, detail) for i in incidents]
    shown, next_offset, notice = paged(rendered, offset, page_size, total)
    return IncidentList(incidents=shown, total=total, next_offset=next_offset, notice=notice)


@tool("incidents", "List incidents", "read")
async def list_incidents(
    ctx: Context[Any], page_size: PageSize = 10, offset: Offset = 0, detail: Detail = "compact"
) -> IncidentList:
    """List every incident, oldest first, in pages: the whole history. To filter, use
    search_incidents.
    """
    state = app_state(ctx)
    page = await state.client.incidents.list(page_size=page_size, offset=offset, include=["users"])
    return _page(state, page.data, page.included, detail, offset, page_size, None)


@tool("incidents", "Search incidents", "read")
async def search_incidents(
    ctx: Context[Any],
    state: Annotated[list[State] | None, Field(description="Any of these states")] = None,
    severity: Annotated[list[Severity] | None, Field(description="Any of these")] = None,
    text: Annotated[
        str | None, Field(max_length=200, description="Words that must appear in the title")
    ] = None,
    query: Annotated[
        str | None,
        Field(
            max_length=1000,
            description="Extra Datadog facet query, e.g. commander:jane@example.com",
        ),
    ] = None,
    sort: Annotated[Literal["newest", "oldest"], Field(description="By creation time")] = "newest",
    page_size: PageSize = 10,
    offset: Offset = 0,
    detail: Detail = "compact",
) -> IncidentList:
    """Find incidents: which are open, active or ongoing (an outage, anything broken or on fire
    now), by severity (sev1), status or title words.

    Start triage here, e.g. state=["active"], severity=["SEV-1"]. Gives the IDs (IR-42)
    other tools take.
    """
    terms: list[str] = []
    if state:
        terms.append(f"state:({' OR '.join(state)})")
    if severity:
        terms.append(f"severity:({' OR '.join(severity)})")
    if text:
        terms.extend(f'"{word}"' for word in text.replace('"', " ").split())
    if query:
        terms.append(query)
    app = app_state(ctx)
    result = await app.client.incidents.search(
        query_text=" AND ".join(terms) or "state:(active OR stable OR resolved)",
        sort="-created" if sort == "newest" else "created",
        page_size=page_size,
        offset=offset,
        include="users",
    )
    total = result.data.attributes.total
    return _page(app, result.incidents, result.included, detail, offset, page_size, total)


def _rendered(state: AppState, found: IncidentResponse, detail: str = "compact") -> IncidentShown:
    remember(state, [found.data])
    return render(found.data, people_by_id(found.included), state.client, detail)


async def _commander(state: AppState, commander: str | None) -> dict[str, Any] | None:
    """The relationships of a new or imported incident: its commander, if one is named."""
    if not commander:
        return None
    return {
        "commander_user": user_relationship(await resolve.user_id(state, commander, "commander"))
    }


async def _shown(state: AppState, uuid: str, detail: str = "compact") -> IncidentShown:
    return _rendered(state, await state.client.incidents.get(uuid, include=["users"]), detail)


@tool("incidents", "Get incident", "read")
async def get_incident(
    ctx: Context[Any], incident_id: IncidentRef, detail: Detail = "compact"
) -> IncidentResult:
    """Show one incident's details (IR-42): status, severity, commander, impact, times, link."""
    state = app_state(ctx)
    uuid = await resolve.incident_id(state, incident_id, progress=ctx.report_progress)
    return IncidentResult(incident=await _shown(state, uuid, detail))


@tool(
    "incidents",
    "Declare incident",
    "create",
    says="Declare incident {title} at {severity}",
    notifies=True,
)
async def create_incident(
    ctx: Context[Any],
    title: Title,
    severity: Annotated[Severity, Field(description="SEV-1 is the most severe")] = "UNKNOWN",
    customer_impacted: CustomerImpacted = False,
    customer_impact_scope: Annotated[
        str | None,
        Field(max_length=4000, description="What customers see; needed if customer_impacted"),
    ] = None,
    commander: UserRef | None = None,
    services: Services | None = None,
    teams: Teams | None = None,
    fields: FieldMap | None = None,
    notify: Annotated[
        list[str] | None,
        Field(max_length=50, description="Handles to notify, e.g. @slack-ops, jane@example.com"),
    ] = None,
    first_update: Annotated[
        str | None, Field(max_length=4000, description="First timeline note (Markdown)")
    ] = None,
    is_test: Annotated[Flag, Field(description="A test, not a real incident")] = False,
) -> IncidentResult:
    """Declare a new incident: open, start or raise one for an outage or anything down for
    customers.

    It notifies people and may open channels: declare it only once. On an unknown outcome,
    search_incidents for the title before retrying.
    """
    state = app_state(ctx)
    relationships = await _commander(state, commander)
    body = IncidentCreateRequest.of(
        title=title,
        customer_impacted=customer_impacted,
        customer_impact_scope=customer_impact_scope,
        fields=_fields(fields, severity, None, services, teams),
        notification_handles=[{"handle": h} for h in notify] if notify else None,
        initial_cells=[{"content": {"content": first_update}}] if first_update else None,
        is_test=is_test,
        relationships=relationships,
    )
    created = await state.client.incidents.create(body)
    return IncidentResult(incident=await _shown(state, created.data.id))


@tool("incidents", "Update incident", "update", says="Change incident {incident_id}", notifies=True)
async def update_incident(
    ctx: Context[Any],
    incident_id: IncidentRef,
    title: Title | None = None,
    state: Annotated[State | None, Field(description="resolved ends it")] = None,
    severity: Annotated[Severity | None, Field(description="New severity")] = None,
    commander: Annotated[
        str | None,
        Field(
            min_length=1,
            max_length=254,
            description='Email, handle, full name, user UUID or "me"; "none" removes it',
        ),
    ] = None,
    customer_impacted: CustomerImpacted | None = None,
    customer_impact_scope: Annotated[
        str | None, Field(max_length=4000, description="What customers see")
    ] = None,
    customer_impact_start: Time | None = None,
    customer_impact_end: Time | None = None,
    detected: Time | None = None,
    services: Services | None = None,
    teams: Teams | None = None,
    fields: FieldMap | None = None,
) -> IncidentResult:
    """Change an incident: escalate, bump or downgrade severity (to SEV-1), resolve it
    (resolved) when fixed or mark it stable, assign, hand over or make someone commander,
    rename its title, set customer impact or fields.

    Only the arguments given change.
    """
    app = app_state(ctx)
    uuid = await resolve.incident_id(app, incident_id)
    attributes: dict[str, Any] = {}
    if title is not None:
        attributes["title"] = title
    if customer_impacted is not None:
        attributes["customer_impacted"] = customer_impacted
    if customer_impact_scope is not None:
        attributes["customer_impact_scope"] = customer_impact_scope
    times = {
        name: value
        for name, value in (
            ("customer_impact_start", customer_impact_start),
            ("customer_impact_end", customer_impact_end),
            ("detected", detected),
        )
        if value is not None
    }

    async def recorded() -> Times:
        found = (await app.client.incidents.get(uuid)).data.attributes
        return {name: getattr(found, name) for pair in IN_ORDER for name in pair}

    await in_order_as_recorded(IN_ORDER, times, recorded)
    attributes.update(times)
    changed_fields = _fields(fields, severity, state, services, teams)
    if changed_fields:
        attributes["fields"] = changed_fields
    relationships = None
    if commander is not None:
        who = (
            None
            if commander.strip().lower() == "none"
            else await resolve.user_id(app, commander, "commander")
        )
        relationships = {"commander_user": user_relationship(who)}
    if not attributes and relationships is None:
        return IncidentResult(
            incident=await _shown(app, uuid), notice="nothing to change: no field was given"
        )
    updated = await app.client.incidents.update(
        uuid,
        IncidentUpdateRequest.of(id=uuid, relationships=relationships, **attributes),
        include=["users"],
    )
    return IncidentResult(incident=_rendered(app, updated))


@tool("incident_admin", "Delete incident", "delete", deletes="incident {incident_id}")
async def delete_incident(ctx: Context[Any], incident_id: IncidentRef) -> Deleted:
    """Delete (remove, get rid of) an incident entirely, with all attached to it: only one
    opened by mistake, as a test or a duplicate.

    Resolve real incidents with update_incident. Asks the user to confirm; without a way to
    ask, needs confirm=true after the user agreed.
    """
    state, uuid = await resolve.incident_state(ctx, incident_id)
    await state.client.incidents.delete(uuid)
    return Deleted(deleted=incident_id)


@tool("incident_admin", "Import past incident", "create")
async def import_incident(
    ctx: Context[Any],
    title: Title,
    declared: Time | None = None,
    detected: Time | None = None,
    resolved: Time | None = None,
    severity: Annotated[Severity | None, Field(description="SEV-1 is the most severe")] = None,
    state: Annotated[State | None, Field(description="Its state now")] = None,
    commander: UserRef | None = None,
    fields: FieldMap | None = None,
    private: Annotated[Flag, Field(description="Only its responders may see it")] = False,
    customer_impact_start: Time | None = None,
    customer_impact_end: Time | None = None,
    customer_impact_scope: ImpactScope | None = None,
) -> IncidentResult:
    """Import (backfill) a past incident handled earlier or outside Datadog, for the record and
    stats. Notifies no one.

    resolved needs state=resolved. The customer impact window and scope are set with it.
    """
    app = app_state(ctx)
    window = {
        "customer_impact_start": customer_impact_start,
        "customer_impact_end": customer_impact_end,
    }
    times = {"declared": declared, "detected": detected, "resolved": resolved, **window}
    in_order(IN_ORDER, times, given=times)
    relationships = await _commander(app, commander)
    body = IncidentImportRequest.of(
        title=title,
        fields=_fields(fields, severity, state),
        visibility="private" if private else "organization",
        relationships=relationships,
        declared=declared,
        detected=detected,
        resolved=resolved,
    )
    imported = await app.client.incidents.import_(body)
    uuid = imported.data.id
    impact: dict[str, Any] = {k: v for k, v in window.items() if v is not None}
    if customer_impact_scope is not None:
        impact.update(customer_impacted=True, customer_impact_scope=customer_impact_scope)
    failed = await _set_impact(app, uuid, impact) if impact else None
    shown = await _shown(app, uuid)
    if failed is None:
        return IncidentResult(incident=shown)
    ref = shown.get("public_id") or uuid
    given = {k: iso(v) if isinstance(v, datetime) else v for k, v in impact.items()}
    given.pop("customer_impacted", None)
    retry = ", ".join(f"{k}={v!r}" for k, v in given.items())
    return IncidentResult(
        incident=shown,
        notice=(
            f"{ref} was imported, but its customer impact was not set ({failed}): "
            f"{', '.join(given)} are still empty. Set them with update_incident(incident_id="
            f"{ref!r}, {retry}); do not import it again, or it will be there twice."
        ),
    )


async def _set_impact(state: AppState, uuid: str, impact: dict[str, Any]) -> str | None:
    """Set an imported incident's customer impact, which the import endpoint does not take.
    The incident exists by then, so a failure here is reported in the result (what was not
    set, how to set it) rather than raised: raising would invite a second import."""
    try:
        await state.client.incidents.update(uuid, IncidentUpdateRequest.of(id=uuid, **impact))
    except DatadogError as exc:
        return " ".join(str(exc).split())[:300] or type(exc).__name__
    return None
