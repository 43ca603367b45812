"""Datadog's incident search language, as far as the sandbox needs it.

`state:active AND severity:(SEV-1 OR SEV-2)`: facets joined by AND, the values of one
facet joined by OR in parentheses, `-facet:value` to exclude, and bare words that must
appear in the title. Facet names are matched against attributes and user-defined fields.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_TERM = re.compile(
    r"""\s*(?P<neg>-)?(?:(?P<facet>[A-Za-z_][\w.]*):(?:\((?P<group>[^()]*)\)|(?P<value>"[^"]*"|[^\s()]+))
        |(?P<word>"[^"]*"|[^\s()]+))\s*""",
    re.VERBOSE,
)


class QueryError(ValueError):
    """The query does not parse."""


@dataclass(frozen=True)
class Term:
    facet: str | None
    values: tuple[str, ...]
    negated: bool


def parse_query(text: str) -> list[Term]:
    """Split a query into terms, raising QueryError with the position of a problem."""
    terms: list[Term] = []
    position = 0
    text = text.strip()
    while position < len(text):
        match = _TERM.match(text, position)
        if not match or match.end() == position:
            raise QueryError(f"cannot parse query at position {position}: {text[position:][:30]!r}")
        position = match.end()
        if match["word"] and match["word"] == "AND":
            continue
        if match["word"] == "OR":
            raise QueryError(
                "OR joins values of one facet, in parentheses: severity:(SEV-1 OR SEV-2)"
            )
        if match["facet"]:
            raw = match["group"] if match["group"] is not None else match["value"]
            values = tuple(v.strip('"') for v in re.split(r"\s+OR\s+", raw.strip()) if v.strip())
            if not values:
                raise QueryError(f"facet {match['facet']!r} has no value")
            terms.append(Term(match["facet"].lower(), values, bool(match["neg"])))
        else:
            terms.append(Term(None, (match["word"].strip('"'),), bool(match["neg"])))
    return terms


def matches(terms: list[Term], title: str, facet_values: Callable[[str], list[str]]) -> bool:
    """Whether an incident satisfies every term; `facet_values(name)` gives its values."""
    for term in terms:
        if term.facet is None:
            hit = term.values[0].lower() in title.lower()
        else:
            have = {v.lower() for v in facet_values(term.facet)}
            hit = any(v.lower() in have for v in term.values)
        if hit == term.negated:
            return False
    return True
