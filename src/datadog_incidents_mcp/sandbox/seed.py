"""Realistic starting data: six people, three teams and twelve incidents of every state
and severity, with the todos, attachments, impacts, responders and integrations an
on-call engineer would expect to find, and one record of each configuration collection.
Times are fixed so the data is reproducible.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from datadog_incidents_mcp.sandbox.lookup import DEFAULT_TYPE_ID
from datadog_incidents_mcp.sandbox.resources.attachments import new_attachment
from datadog_incidents_mcp.sandbox.resources.global_handles import GLOBAL_HANDLES
from datadog_incidents_mcp.sandbox.resources.impact_fields import IMPACT_FIELDS
from datadog_incidents_mcp.sandbox.resources.impacts import IMPACTS
from datadog_incidents_mcp.sandbox.resources.incident_fields import seed_fields
from datadog_incidents_mcp.sandbox.resources.incident_rules import INCIDENT_RULES
from datadog_incidents_mcp.sandbox.resources.incident_types import new_type
from datadog_incidents_mcp.sandbox.resources.incidents import new_incident
from datadog_incidents_mcp.sandbox.resources.integrations import INTEGRATIONS
from datadog_incidents_mcp.sandbox.resources.notification_rules import NOTIFICATION_RULES
from datadog_incidents_mcp.sandbox.resources.notification_templates import NOTIFICATION_TEMPLATES
from datadog_incidents_mcp.sandbox.resources.postmortem_templates import new_template
from datadog_incidents_mcp.sandbox.resources.responders import add_responder
from datadog_incidents_mcp.sandbox.resources.teams import add_member, new_team
from datadog_incidents_mcp.sandbox.resources.timestamps import OVERRIDES
from datadog_incidents_mcp.sandbox.resources.todos import TODOS
from datadog_incidents_mcp.sandbox.store import Store, jsonapi_time, legacy_time

BASE = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

PEOPLE = [
    ("alex.rivera", "Alex Rivera", "Staff SRE"),
    ("priya.natarajan", "Priya Natarajan", "Incident Commander"),
    ("sam.oconnor", "Sam O'Connor", "Payments Engineer"),
    ("mei.chen", "Mei Chen", "Platform Engineer"),
    ("diego.alvarez", "Diego Alvarez", "Support Lead"),
    ("jordan.blake", "Jordan Blake", "Engineering Manager"),
]
TEAMS = [
    ("payments", "Payments", "Checkout, billing and payment providers.", [2, 5]),
    (
        "platform-sre",
        "Platform SRE",
        "Kubernetes, databases, networking and on-call tooling.",
        [0, 1, 3],
    ),
    ("checkout-web", "Checkout Web", "The web checkout flow and CDN.", [2, 4]),
]

TEMPLATES = [
    (
        "Standard postmortem",
        [
            "Summary",
            "Impact",
            "Timeline",
            "Root cause",
            "Resolution",
            "Action items",
            "Lessons learned",
        ],
        True,
    ),
    ("Customer-facing summary", ["What happened", "Customer impact", "What we are doing"], False),
]

# title, severity, state, hours after BASE, duration hours, commander index, customer impact,
# services, teams, is_test
INCIDENTS: list[
    tuple[str, str, str, int, int, int | None, str | None, list[str], list[str], bool]
] = [
    (
        "Database failover in primary Postgres cluster",
        "SEV-1",
        "resolved",
        0,
        3,
        1,
        "Order writes failed in us-east-1",
        ["orders-db", "checkout-api"],
        ["platform-sre"],
        False,
    ),
    (
        "CDN cache purge misconfiguration",
        "SEV-4",
        "resolved",
        20,
        2,
        3,
        None,
        ["cdn"],
        ["checkout-web"],
        False,
    ),
    (
        "Kafka consumer lag on order events",
        "SEV-2",
        "resolved",
        52,
        6,
        3,
        "Order confirmation emails delayed up to 40 minutes",
        ["order-events"],
        ["platform-sre"],
        False,
    ),
    (
        "Status page showing stale data",
        "SEV-5",
        "resolved",
        80,
        1,
        None,
        None,
        ["status-page"],
        ["platform-sre"],
        False,
    ),
    (
        "Mobile push notifications failing on Android",
        "SEV-3",
        "resolved",
        110,
        9,
        4,
        "Android users missed delivery notifications",
        ["notifications"],
        ["checkout-web"],
        False,
    ),
    (
        "Game day: simulated region outage",
        "SEV-3",
        "resolved",
        150,
        2,
        1,
        None,
        ["checkout-api"],
        ["platform-sre"],
        True,
    ),
    (
        "Intermittent DNS resolution failures",
        "SEV-3",
        "stable",
        190,
        0,
        3,
        None,
        ["core-dns"],
        ["platform-sre"],
        False,
    ),
    (
        "Payment webhooks delayed",
        "SEV-2",
        "stable",
        230,
        0,
        2,
        "Merchants see payment status late",
        ["payments-webhooks"],
        ["payments"],
        False,
    ),
    (
        "Search indexing lag",
        "SEV-3",
        "active",
        260,
        0,
        None,
        None,
        ["search"],
        ["platform-sre"],
        False,
    ),
    (
        "Billing export job failed",
        "UNKNOWN",
        "active",
        268,
        0,
        None,
        None,
        ["billing"],
        ["payments"],
        False,
    ),
    (
        "Elevated login latency for EU users",
        "SEV-2",
        "active",
        272,
        0,
        1,
        "EU logins take 6-10 seconds",
        ["auth-api"],
        ["platform-sre"],
        False,
    ),
    (
        "Checkout API 5xx spike in us-east-1",
        "SEV-1",
        "active",
        275,
        0,
        1,
        "About 12% of checkouts fail",
        ["checkout-api"],
        ["payments", "checkout-web"],
        False,
    ),
]


def seed(store: Store) -> None:
    """Fill an empty store with the sandbox's starting data."""
    store.id_prefix = "sandbox-seed"
    real_clock, store.clock = store.clock, lambda: BASE
    users = [_user(store, handle, name, title) for handle, name, title in PEOPLE]
    store.caller_id = users[0]
    for handle, name, description, members in TEAMS:
        team = new_team(store, handle, name, description, team_id=_stable("team", handle))
        for index in members:
            add_member(store, team["id"], users[index], "admin" if index == members[0] else None)
    seed_fields(store)
    new_type(
        store,
        "Incident",
        "Any event that disrupts a service or its customers.",
        default=True,
        type_id=DEFAULT_TYPE_ID,
    )
    for name, sections, default in TEMPLATES:
        content = "\n\n".join(f"## {section}\n" for section in sections)
        new_template(store, name, content, BASE, default=default)
    for number, spec in enumerate(INCIDENTS):
        _incident(store, number, spec, users)
    _config(store)
    store.id_prefix, store.clock = None, real_clock


def _stable(kind: str, name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"sandbox/{kind}/{name}"))


def _user(store: Store, handle: str, name: str, title: str) -> str:
    user_id = _stable("user", handle)
    email = f"{handle}@example.com"
    store["users"][user_id] = {
        "id": user_id,
        "type": "users",
        "attributes": {
            "name": name,
            "handle": email,
            "email": email,
            "title": title,
            "status": "Active",
            "disabled": False,
            "verified": True,
            "service_account": False,
            "mfa_enabled": True,
            "icon": f"https://secure.gravatar.com/avatar/{user_id[:8]}?s=48&d=retro",
            "uuid": user_id,
            "created_at": jsonapi_time(BASE - timedelta(days=400)),
            "modified_at": jsonapi_time(BASE - timedelta(days=30)),
            "last_login_time": None,
        },
        "relationships": {
            "roles": {"data": []},
            "org": {"data": {"id": _stable("org", "sandbox"), "type": "orgs"}},
        },
    }
    return user_id


def _incident(
    store: Store,
    number: int,
    spec: tuple[str, str, str, int, int, int | None, str | None, list[str], list[str], bool],
    users: list[str],
) -> None:
    title, severity, state, offset, hours, commander, impact, services, teams, is_test = spec
    declared = BASE + timedelta(hours=offset)
    detected = declared - timedelta(minutes=7 + number)
    resolved = declared + timedelta(hours=hours) if state == "resolved" else None
    fields: dict[str, dict[str, Any]] = {
        "severity": {"type": "dropdown", "value": severity},
        "state": {"type": "dropdown", "value": state},
        "detection_method": {"type": "dropdown", "value": "monitor" if number % 3 else "customer"},
        "services": {"type": "autocomplete", "value": services},
        "teams": {"type": "autocomplete", "value": teams},
    }
    extra: dict[str, Any] = {
        "detected": legacy_time(detected),
        "resolved": legacy_time(resolved) if resolved else None,
        "is_test": is_test,
        "customer_impacted": impact is not None,
        "customer_impact_scope": impact,
        "notification_handles": [
            {"handle": f"@slack-inc-{number + 1}", "display_name": f"#inc-{number + 1}"}
        ],
    }
    if impact:
        extra["customer_impact_start"] = legacy_time(detected - timedelta(minutes=3))
        extra["customer_impact_end"] = (
            legacy_time(resolved - timedelta(minutes=20)) if resolved else None
        )
    record = new_incident(
        store,
        title=title,
        fields=fields,
        now=declared,
        creator=users[(number + 4) % len(users)],
        commander=users[commander] if commander is not None else None,
        extra=extra,
    )
    incident_id = record["id"]
    if number == 0:
        record["attributes"]["fields"]["root_cause"]["value"] = (
            "Replica promotion stalled on a full WAL disk"
        )
    for step, index in enumerate((3, 2, 4)[: 1 + number % 3]):
        add_responder(store, incident_id, users[index], declared + timedelta(minutes=5 + 6 * step))
    if impact:
        IMPACTS.new(
            store,
            {
                "description": impact,
                "start_at": jsonapi_time(detected - timedelta(minutes=3)),
                "end_at": jsonapi_time(resolved - timedelta(minutes=20)) if resolved else None,
                "fields": None,
                "impact_type": "customer",
            },
            incident_id=incident_id,
            when=declared + timedelta(minutes=10),
        )
    INTEGRATIONS.new(
        store,
        {
            "integration_type": 1,
            "status": 2,
            "metadata": {
                "channels": [
                    {
                        "channel_id": f"C0{number + 1:04d}",
                        "channel_name": f"#inc-{number + 1}",
                        "redirect_url": f"https://example.slack.com/archives/C0{number + 1:04d}",
                        "team_id": "T0SANDBOX",
                    }
                ]
            },
        },
        incident_id=incident_id,
        when=declared + timedelta(minutes=1),
    )
    new_attachment(
        store,
        incident_id,
        "link",
        {
            "documentUrl": f"https://runbooks.example.com/{services[0]}",
            "title": f"{services[0]} runbook",
        },
        declared + timedelta(minutes=12),
    )
    todo_texts = [
        ("Add an alert on replication lag", ["@mei.chen@example.com"]),
        ("Write the customer communication", ["@diego.alvarez@example.com"]),
    ]
    for step, (content, assignees) in enumerate(todo_texts[: 1 + number % 2]):
        done = resolved is not None and step == 0
        TODOS.new(
            store,
            {
                "content": content,
                "assignees": assignees,
                "completed": legacy_time(resolved) if done and resolved else None,
                "due_date": (declared + timedelta(days=7)).date().isoformat(),
            },
            incident_id=incident_id,
            when=declared + timedelta(minutes=30 + step),
        )
    if number == 0 and resolved:
        new_attachment(
            store,
            incident_id,
            "postmortem",
            {
                "documentUrl": "https://app.datadoghq.com/notebook/sandbox-postmortem-1",
                "title": f"Postmortem: {title}",
            },
            resolved + timedelta(days=1),
        )
        # The monitor fired later than the recorded detection time, corrected afterwards.
        corrected = jsonapi_time(detected + timedelta(minutes=4))
        OVERRIDES.new(
            store,
            {"timestamp_type": "detected", "timestamp_value": corrected},
            incident_id=incident_id,
            when=resolved,
        )


def _config(store: Store) -> None:
    """One of each configuration, so lists show real shapes before anything is made."""
    type_link = {"incident_type": {"data": {"id": DEFAULT_TYPE_ID, "type": "incident_types"}}}
    choices = [{"value": v, "display_name": v.upper()} for v in ("us1", "eu1", "ap1")]
    IMPACT_FIELDS.new(
        store,
        {
            "name": "region",
            "display_name": "Region",
            "field_type": "dropdown",
            "field_choices": choices,
        },
        type_link,
    )
    template = NOTIFICATION_TEMPLATES.new(
        store,
        {
            "name": "Major incident",
            "subject": "{{incident.public_id}} {{incident.severity}}: {{incident.title}}",
            "content": "{{incident.title}} is {{incident.state}}. Commander: "
            "{{incident.commander}}.",
            "category": "alert",
        },
        type_link,
    )
    template_link = {"data": {"id": template["id"], "type": "notification_templates"}}
    NOTIFICATION_RULES.new(
        store,
        {
            "conditions": [{"field": "severity", "values": ["SEV-1", "SEV-2"]}],
            "handles": ["@slack-incidents", "@pagerduty-oncall"],
            "trigger": "incident_created_trigger",
            "enabled": True,
            "renotify_on": ["severity", "state"],
        },
        {**type_link, "notification_template": template_link},
    )
    INCIDENT_RULES.new(
        store,
        {
            "execution_type": 1,
            "condition_table_type": 1,
            "condition": {"raw_query": "severity:(SEV-1 OR SEV-2)", "normalized_query": None},
            "task_id": "slack-create-channel-job",
            "task_payload": '{"channel_name_template": "inc-{{public_id}}"}',
            "enabled": True,
            "trigger": "incident_created_trigger",
            "incident_type_uuid": DEFAULT_TYPE_ID,
        },
        {},
    )
    GLOBAL_HANDLES.new(
        store, {"name": "@incident-commanders", "fields": {"severity": ["SEV-1"]}}, type_link
    )
