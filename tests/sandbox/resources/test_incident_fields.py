"""Incident fields in the sandbox: the field kinds Datadog's spec declares."""

from __future__ import annotations

from datadog_incidents_mcp.sandbox.resources.incident_fields import KINDS
from tests.spec import load_spec


def test_the_field_kinds_are_those_of_the_spec() -> None:
    """The sandbox keeps its own list of kinds and their codes (it must not borrow the
    client's); the spec is the judge, code and name alike."""
    kind = load_spec().schema("IncidentUserDefinedFieldFieldType")
    named = dict(zip(kind["enum"], kind["x-enum-varnames"], strict=True))
    assert {code: name.upper() for code, name in KINDS.items()} == named
