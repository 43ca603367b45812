"""Clean text that came from outside before a model, a terminal or a log reads it.

Datadog's answers (and whatever a proxy puts in their place) are data written by other
people. A string can hide instructions from the person reading along (bidi overrides,
zero-width and tag characters), repaint a terminal (ANSI escapes), or echo the caller's
keys back. `Scrubber` removes the first two and replaces the keys; `redact_url` drops
the password from a URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, cast
from urllib.parse import urlsplit, urlunsplit

# ESC-started sequences: CSI (`ESC [ 31 m`), OSC (`ESC ] ... BEL`), then any lone ESC pair.
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-_]?)")
# Controls other than tab and newlines, C1 controls, bidi embeddings/overrides/isolates
# and marks, soft hyphen, zero-width characters, BOM, lone surrogates, interlinear and tag
# characters.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff\U000e0000-\U000e007f]"
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
    if text.isprintable():
        return text
    return _INVISIBLE.sub("", _ESCAPES.sub("", text))


class Scrubber:
    """Cleans strings and replaces the given secret values wherever they appear."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets = sorted({s for s in secrets if len(s) >= _MIN_SECRET}, key=len, reverse=True)
        self._secrets_unsplit = not any(_ESCAPED & set(s) for s in self._secrets)

    def text(self, value: str) -> str:
        out = clean(value)
        for secret in self._secrets:
            out = out.replace(secret, REDACTED)
        return out

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
        if body.isascii():  # the usual case, and the regular expression is slow on long text
            if body.translate(None, _PLAIN_ASCII):
                return False
            text = body.decode("ascii")
        else:
            text = body.decode("utf-8", "surrogateescape")
            if _INVISIBLE.search(text) is not None:
                return False
        return _HIDING_ESCAPE.search(text) is None and not any(
            secret in text for secret in self._secrets
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


def redact_url(url: str) -> str:
    """`url` with any `user:password@` replaced, for showing in messages and logs."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(a malformed URL)"
    if "@" not in parts.netloc:
        return clean(url)
    host = parts.netloc.rsplit("@", 1)[1]
    return clean(urlunsplit(parts._replace(netloc=f"{REDACTED}@{host}")))
