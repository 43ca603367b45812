"""The fields an impact carries (region, tier...), per incident type. An update is a PUT
that replaces the whole field."""

from __future__ import annotations

from datadog_incidents_mcp.sandbox.collection import REQUIRED_TYPE_LINK, Attr, Collection

FIELD_TYPES = ("dropdown", "text", "textarray", "metrictag", "number", "datetime", "multiselect")
IMPACT_FIELDS = Collection(
    "impact_fields",
    "impact_fields",
    "field_id",
    (
        Attr("name", str, required=True),
        Attr("display_name", str, required=True),
        Attr("field_type", str, required=True, choices=FIELD_TYPES),
        Attr("field_choices", list, default=[]),
        Attr("tag_key", str, nullable=True, default=None),
    ),
    links=(REQUIRED_TYPE_LINK,),
    update_method="PUT",
    stamps=None,
)


ROUTES = IMPACT_FIELDS.routes("/api/v2/incidents/config/impact-fields")
