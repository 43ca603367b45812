"""Build request paths from templates without letting an ID change the path.

Tool arguments come from a model, so an ID such as `../../api/v1/monitor` or `a?b=c`
must never reach the URL as anything but one opaque path segment. IDs are checked
against Datadog's ID alphabet (UUIDs, numbers, handles) and then percent-encoded.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from datadog_incidents_mcp.datadog.errors import InvalidIdError

_ID = re.compile(r"[A-Za-z0-9_.:@+-]{1,128}")


def check_id(name: str, value: str) -> str:
    """Return `value` if it is a safe path segment, else raise InvalidIdError."""
    if not _ID.fullmatch(value) or set(value) == {"."}:
        raise InvalidIdError(name, value)
    return value


def build_path(template: str, **ids: str) -> str:
    """Fill `{name}` placeholders in `template` with checked, percent-encoded IDs."""
    return template.format_map(
        {name: quote(check_id(name, value), safe="") for name, value in ids.items()}
    )
