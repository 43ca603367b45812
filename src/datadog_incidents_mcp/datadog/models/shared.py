"""Vocabulary several resources share: the incident type a configuration belongs to,
and the field conditions that notification and incident rules match on."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from datadog_incidents_mcp.datadog.models._base import Identifier, RequestModel, WireModel


def incident_type_relationship(type_id: str | None) -> dict[str, Any]:
    """`{"data": {"id": ..., "type": "incident_types"}}`: the type a field or role belongs to."""
    return {"data": {"id": type_id, "type": "incident_types"}}


class IncidentTypeRef(Identifier):
    type: Literal["incident_types"] = "incident_types"


class IncidentTypeRelationship(RequestModel):
    data: IncidentTypeRef


class TypeLink(RequestModel):
    """`relationships` naming the incident type a field, role or setting belongs to."""

    incident_type: IncidentTypeRelationship


class Condition(WireModel):
    field: str | None = None
    values: list[str] | None = None


class ConditionRequest(RequestModel):
    """The rule matches when the incident's `field` holds one of `values`."""

    field: str = Field(min_length=1, max_length=200)
    values: list[str] = Field(min_length=1)
