"""The audit trail: one JSON line per write, refused and declined ones included.

A line says when, which tool, in which org, for whom (on a server people sign in to,
`user:` and the person's email; else a fingerprint of the session or credential: a short
keyed hash, never a key or session ID itself), whose Datadog credentials acted (`acting_as`:
the request's own token or keys, or the server's: server/acting.py), what it acted on
(the incident, person or thing identified by the call's arguments), the outcome, and the
Datadog IDs it created. Nothing else: no title, note or other text the caller typed, so
the trail can be kept and shared where the incidents' contents may not be.

It goes to --audit-log FILE (appended), or to stderr ("-", the default with --log-format
json), where its lines join the JSON log's, told apart by their `logger`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import sys
from datetime import UTC, datetime

from datadog_incidents_mcp.calls.writes import Written
from datadog_incidents_mcp.datadog.scrub import redact_keys

# Fingerprints are keyed with a secret of this process: the same caller has the same
# fingerprint for as long as the server runs, and no list of known keys can be matched
# against a trail that leaked.
_FINGERPRINT_KEY = secrets.token_bytes(32)

logger = logging.getLogger("datadog_incidents_mcp.audit")


def fingerprint(kind: str, secret: str) -> str:
    """e.g. "credential:3f9a0c1d2b4e": who, recognisable in the trail, not recoverable."""
    digest = hmac.new(_FINGERPRINT_KEY, f"{kind}\n{secret}".encode(), hashlib.sha256)
    return f"{kind}:{digest.hexdigest()[:12]}"


class AuditTrail:
    """Where audit lines go; `write` never raises (a trail that cannot be written is logged).

    A file is opened for each line, appended to and closed: writes are rare, and a trail
    rotated away (logrotate) is started again rather than written on into the old file."""

    def __init__(self, path: str | None) -> None:
        self._path = path  # None: stderr

    @classmethod
    def opened(cls, target: str) -> AuditTrail:
        """The trail of --audit-log: "-" for stderr, else the file, checked appendable now."""
        if target == "-":
            return cls(None)
        with open(target, "a", encoding="utf-8"):
            pass
        return cls(target)

    def write(self, tool: str, caller: str, acting_as: str, written: Written) -> None:
        line = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",  # the shape of the JSON log's lines, which it may join
            "logger": logger.name,
            "tool": tool,
            "org": written.org,
            "caller": caller,
            "acting_as": acting_as,
            "targets": written.targets,
            "outcome": written.outcome,
            "created": written.created,
        }
        # A key pasted where an ID goes (an incident_id, a person) is a target as typed: the
        # keys in use are replaced, as in every log line.
        text = redact_keys(json.dumps(line, ensure_ascii=False)) + "\n"
        try:
            if self._path is None:
                sys.stderr.write(text)
                sys.stderr.flush()
                return
            with open(self._path, "a", encoding="utf-8") as trail:
                trail.write(text)
        except (OSError, ValueError) as exc:
            logger.error("could not write the audit trail: %s", exc)
