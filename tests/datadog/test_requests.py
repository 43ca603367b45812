"""The one request shape, `Request[type, attributes, relationships, id]`: what each member's
parameter allows is what `of()` accepts, and the JSON:API type is always sent."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from datadog_incidents_mcp.datadog.models import CLEAR, user_relationship
from datadog_incidents_mcp.datadog.models import incident_fields as udf
from datadog_incidents_mcp.datadog.models import paging as pg
from datadog_incidents_mcp.datadog.models import responders as resp
from datadog_incidents_mcp.datadog.models import todos as td
from datadog_incidents_mcp.datadog.models.shared import incident_type_relationship


def _wire(body: object) -> str:
    return body.model_dump_json(exclude_unset=True, by_alias=True)  # type: ignore[attr-defined]


def _problems(excinfo: pytest.ExceptionInfo[ValidationError]) -> list[tuple[str, str]]:
    return [(".".join(map(str, e["loc"])), e["msg"]) for e in excinfo.value.errors()]


def test_the_type_is_always_sent_and_unset_members_never() -> None:
    body = td.TodoCreateRequest.of(content="Call back", assignees=[], due_date=None)
    assert _wire(body) == (
        '{"data":{"type":"incident_todos","attributes":{"content":"Call back","assignees":[]}}}'
    )
    cleared = td.TodoUpdateRequest.of(content="x", assignees=[], completed=CLEAR)
    assert '"completed":null' in _wire(cleared)


def test_a_required_member_must_be_given() -> None:
    with pytest.raises(ValidationError) as caught:
        udf.FieldCreateRequest.of(name="region", type=1)  # no incident type relationship
    assert _problems(caught) == [("data.relationships", "Field required")]
    with pytest.raises(ValidationError) as caught:
        udf.FieldUpdateRequest.of(display_name="Region")  # no id
    assert _problems(caught) == [("data.id", "Field required")]
    with pytest.raises(ValidationError) as caught:
        resp.ResponderCreateRequest.of()
    assert _problems(caught) == [("data.relationships", "Field required")]


def test_a_member_the_resource_does_not_take_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        resp.ResponderCreateRequest.of(
            id="r1", note="x", relationships={"user": user_relationship("u1")}
        )
    assert _problems(caught) == [
        ("data.id", "Extra inputs are not permitted"),
        ("data.attributes", "Extra inputs are not permitted"),
    ]


def test_nested_models_still_validate_and_name_the_place() -> None:
    link = {"incident_type": incident_type_relationship("")}
    with pytest.raises(ValidationError) as caught:
        udf.FieldCreateRequest.of(name="region", type=9, relationships=link)
    assert [where for where, _ in _problems(caught)] == [
        "data.attributes.type",
        "data.relationships.incident_type.data.id",
    ]
    with pytest.raises(ValidationError) as caught:
        pg.PageLinkRequest.of(id="")
    assert _problems(caught)[0][0] == "data.id"
