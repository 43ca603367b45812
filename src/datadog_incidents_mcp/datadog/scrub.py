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

# ESC-started sequences: CSI (`ESC [ 31 m`), OSC (`ESC ] ... BEL`), then any lone ESC pair.
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-_]?)")
# Controls other than tab and newlines, C1 controls, bidi embeddings/overrides/isolates
# and marks, soft hyphen, zero-width characters, BOM, lone surrogates, interlinear and tag
# characters.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff\U000e0000-\U000e007f]"
)
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

    def text(self, value: str) -> str:
        out = clean(value)
        for secret in self._secrets:
            out = out.replace(secret, REDACTED)
        return out

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
