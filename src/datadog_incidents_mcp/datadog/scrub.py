"""Clean text that came from outside before a model, a terminal or a log reads it.

Datadog's answers (and whatever a proxy puts in their place) are data written by other
people. A string can hide instructions from the person reading along (bidi overrides,
zero-width, tag and other default-ignorable characters), repaint a terminal (ANSI
escapes), or echo the caller's keys back (in any case). `Scrubber` removes the first two
and replaces the keys; `redact_url` drops the password from a URL; `redact_keys` replaces
the keys of every client alive, for log lines, which any library may write.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, cast
from weakref import WeakSet

# ESC-started sequences: CSI (`ESC [ 31 m`), OSC (`ESC ] ... BEL`), then any lone ESC pair.
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-_]?)")
# Characters a reader does not see: controls other than tab and newlines, C1 controls,
# line and paragraph separators, every format character (bidi embeddings, overrides,
# isolates and marks, zero-width characters, BOM, interlinear annotations, tag
# characters...) and the rest of Unicode's Default_Ignorable_Code_Point set (combining
# grapheme joiner, Hangul fillers, Khmer inherent vowels, Mongolian and other variation
# selectors, plane 14), plus lone surrogates.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u034f\u0600-\u0605\u061c\u06dd\u070f"
    "\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\ud800-\udfff"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff]"
)
# JSON escapes that decode to characters `clean` removes: any \uXXXX, backspace, form feed.
# An escaped backslash before a letter (`\\u`) matches too, which only costs the full walk.
_HIDING_ESCAPE = re.compile(r"\\[ubf]")
# ASCII that `clean` keeps: the printable characters, tab and newlines.
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"
# What the other JSON escapes decode to: a secret with none of these cannot be split by one.
_ESCAPED = frozenset('"\\/\n\r\t')
# Shorter values are not Datadog keys (32 and 40 characters) and would mangle ordinary text.
_MIN_SECRET = 8
REDACTED = "[redacted]"


def clean(text: str) -> str:
    """`text` without escape sequences and invisible or direction-changing characters."""
    if text.isascii() and text.isprintable():
        return text
    return _INVISIBLE.sub("", _ESCAPES.sub("", text))


class Scrubber:
    """Cleans strings and replaces the given secret values wherever they appear, in any
    case (an upstream may echo a key upper-cased)."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        values = sorted({s for s in secrets if len(s) >= _MIN_SECRET}, key=len, reverse=True)
        self._secrets = (
            re.compile("|".join(map(re.escape, values)), re.IGNORECASE) if values else None
        )
        if self._secrets:
            _alive.add(self)
        self._secrets_unsplit = not any(_ESCAPED & set(s) for s in values)
        # In ASCII text, ignoring case is lower-casing: a search for these is a twentieth of
        # the regular expression's on a 15 KB answer (about 100 us), with the same verdict.
        self._lowered = [s.lower() for s in values] if all(s.isascii() for s in values) else None

    def text(self, value: str) -> str:
        return self.redact(clean(value))

    def redact(self, value: str) -> str:
        """`value` with the secrets replaced, and nothing else changed."""
        return self._secrets.sub(REDACTED, value) if self._secrets else value

    def leaves_unchanged(self, body: bytes) -> bool:
        """Whether `json` would return the decoded JSON `body` as it is, read from its text.

        Most answers hold nothing to scrub, and a scan of the text is a fraction of a walk
        through every string. Its strings can only hold what the text shows, or what an
        escape makes: `\\u`, `\\b` and `\\f` can make a removed character, so their presence
        sends the body the long way; the rest make only quotes, slashes and whitespace,
        which cannot split a secret that has none of them. Bytes that are not UTF-8 become
        lone surrogates, which send it the long way too.
        """
        if not self._secrets_unsplit:
            return False
        if body.isascii():  # the usual case, and the regular expressions are slow on long text
            if body.translate(None, _PLAIN_ASCII):
                return False
            text = body.decode("ascii")
            if self._lowered is not None:
                lowered = text.lower()
                return _HIDING_ESCAPE.search(text) is None and not any(
                    secret in lowered for secret in self._lowered
                )
        else:
            text = body.decode("utf-8", "surrogateescape")
            if _INVISIBLE.search(text) is not None:
                return False
        return _HIDING_ESCAPE.search(text) is None and (
            self._secrets is None or self._secrets.search(text) is None
        )

    def json(self, value: Any) -> Any:
        """Every string (keys too) of a decoded JSON value, scrubbed."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.json(item) for item in cast(list[Any], value)]
        if isinstance(value, dict):
            items = cast(dict[str, Any], value).items()
            return {self.text(key): self.json(item) for key, item in items}
        return value


# Every Scrubber with secrets, as long as its client keeps it: the configured keys, each
# org's, and each pair a caller sent that the server still holds a client for.
_alive: WeakSet[Scrubber] = WeakSet()


def redact_keys(text: str) -> str:
    """`text` with the secrets of every Scrubber in use replaced.

    For log lines: a library may log what an upstream sent (httpcore prints response
    headers at DEBUG), and the upstream may have echoed a key.
    """
    for scrubber in list(_alive):
        text = scrubber.redact(text)
    return text


def redact_url(url: str) -> str:
    """`url` with any `user:password@` replaced, for showing in messages and logs.

    Everything between `scheme://` and the last `@` goes, not only what a URL parser calls
    the user info: a password holding `/`, `?` or `#` reads as a path or fragment to the
    parser, and a malformed host (`[::1`) makes it give up. A base URL has no `@` besides.
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    if "@" in rest:
        rest = f"{REDACTED}@{rest.rsplit('@', 1)[1]}"
    return clean(scheme + sep + rest)
