"""The scrubber's shortcut: a body it lets through unwalked is one the walk would not change."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from datadog_incidents_mcp.datadog.scrub import Scrubber

API_KEY = "a1b2c3d4" * 4
# A password may hold what JSON escapes: `/` is sent as `\/` by some encoders.
PASSWORD = 'pa/ss"wo\\rd'
# Characters the scrubber removes, ones escapes make, pieces of the secrets, and plain text.
# (DEL is the one removed character JSON writes unescaped.)
REMOVED = ["\u202e", "\u200b", "\x1b", "\x7f", "\x00", "\b", "\f", "\ud800", "\U000e0041"]
PIECES = ["a1b2", "C3D4", API_KEY, API_KEY.upper(), PASSWORD, "pa/", "PA/", "ss"]
# Plain text, and letters that match a key's in a case-insensitive regular expression
ALPHABET = st.sampled_from(
    [*REMOVED, "\t", "\n", "/", '"', "\\", *PIECES, "x", "é", "\u212a", "\u017f"]
)
TEXT = st.lists(ALPHABET, max_size=8).map("".join)
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)


def encodings(value: Any) -> list[str]:
    """The ways a server may write the same value: escaped or not, `/` as `\\/` or not."""
    ascii_text, utf8_text = json.dumps(value), json.dumps(value, ensure_ascii=False)
    return [ascii_text, utf8_text, utf8_text.replace("/", "\\/")]


@settings(max_examples=400, deadline=None)
@given(value=VALUES, secrets=st.sampled_from([(API_KEY,), (API_KEY, PASSWORD)]))
@example(value={"note": PASSWORD}, secrets=(API_KEY, PASSWORD))
@example(value=["\u2066", "\b"], secrets=(API_KEY,))
def test_a_body_let_through_unwalked_is_one_the_walk_leaves_unchanged(
    value: Any, secrets: tuple[str, ...]
) -> None:
    scrub = Scrubber(secrets)
    for text in encodings(value):
        if scrub.leaves_unchanged(text.encode(errors="surrogatepass")):
            assert scrub.json(json.loads(text)) == json.loads(text), text


def test_plain_answers_take_the_shortcut_and_hostile_ones_do_not() -> None:
    scrub = Scrubber([API_KEY])
    plain = {"data": {"attributes": {"title": "Checkout errors", "notes": "line\n\ttab /x"}}}
    assert scrub.leaves_unchanged(json.dumps(plain).encode())
    hostiles = ["a\u202eb", "\x1b[31m", "\x7f", f"key {API_KEY}", API_KEY.upper(), "\b", "\ufeff"]
    for hostile in hostiles:
        for text in encodings({"title": hostile}):
            assert not scrub.leaves_unchanged(text.encode(errors="surrogatepass")), text
    assert not Scrubber([PASSWORD]).leaves_unchanged(json.dumps(plain).encode())
