"""The sandbox's incident search language."""

from __future__ import annotations

import pytest

from datadog_incidents_mcp.sandbox.query import QueryError, parse_query


def test_the_query_language_parses_facets_groups_negation_and_words() -> None:
    terms = parse_query('state:active AND severity:(SEV-1 OR SEV-2) -is_test:true "login latency"')
    assert [(t.facet, t.values, t.negated) for t in terms] == [
        ("state", ("active",), False),
        ("severity", ("SEV-1", "SEV-2"), False),
        ("is_test", ("true",), True),
        (None, ("login latency",), False),
    ]
    for bad in ("severity:(SEV-1", "state:active OR state:stable", "severity:()"):
        with pytest.raises(QueryError):
            parse_query(bad)
