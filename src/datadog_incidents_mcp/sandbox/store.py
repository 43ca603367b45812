"""The sandbox's state: plain JSON-shaped dicts, in memory or persisted to one file.

Records are kept in Datadog's wire shape, so handlers render them with little code
and a persisted file reads like real API data.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

Record = dict[str, Any]
COLLECTIONS = (
    "users",
    "teams",
    "memberships",
    "incidents",
    "todos",
    "attachments",
    "postmortems",
    "impacts",
    "integrations",
    "responders",
    "overrides",
    "templates",
    "types",
    "fields",
    "roles",
    "settings",
    "impact_fields",
    "notification_templates",
    "notification_rules",
    "incident_rules",
    "google_chat",
    "google_meet",
    "handles",
    "org_settings",
    "incident_configurations",
)


def legacy_time(moment: datetime) -> str:
    """Timestamps of Datadog's original incident service: `...+00:00` with microseconds."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def jsonapi_time(moment: datetime) -> str:
    """Timestamps of Datadog's newer services: `...Z`."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def parse_time(text: str) -> datetime:
    """Parse an RFC 3339 time; raises ValueError on anything else."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"{text!r} has no timezone")
    return moment


class Store:
    """All sandbox state. With `path`, loads from and saves to that JSON file."""

    def __init__(
        self,
        *,
        path: str | os.PathLike[str] | None = None,
        seed: Callable[[Store], None] | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.path = Path(path) if path else None
        self.clock = clock or (lambda: datetime.now(UTC))
        self.data: dict[str, dict[str, Record]] = {name: {} for name in COLLECTIONS}
        self.next_public_id = 1
        self.caller_id = ""
        self.id_prefix: str | None = None  # set while seeding, for stable IDs
        self._id_count = 0
        if self.path and self.path.exists():
            saved = json.loads(self.path.read_text())
            self.data.update(saved["data"])
            self.next_public_id = saved["next_public_id"]
            self.caller_id = saved["caller_id"]
        elif seed:
            seed(self)
            self.save()

    def __getitem__(self, collection: str) -> dict[str, Record]:
        return self.data[collection]

    def now(self) -> datetime:
        return self.clock()

    def take_public_id(self) -> int:
        public_id = self.next_public_id
        self.next_public_id += 1
        return public_id

    def new_id(self) -> str:
        """A random UUID, or a stable one while seeding so seeded data is reproducible."""
        if self.id_prefix is None:
            return str(uuid.uuid4())
        self._id_count += 1
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.id_prefix}/{self._id_count}"))

    def add(
        self,
        collection: str,
        kind: str,
        attributes: Record,
        relationships: Record | None = None,
        *,
        record_id: str | None = None,
        incident_id: str | None = None,
    ) -> Record:
        """Keep a new JSON:API record (a new ID unless given) in `collection`; return it.

        `incident_id` marks a per-incident record (see `children`); it never goes on the wire.
        """
        record: Record = {"id": record_id or self.new_id(), "type": kind, "attributes": attributes}
        if relationships is not None:
            record["relationships"] = relationships
        if incident_id is not None:
            record["_incident"] = incident_id
        self.data[collection][record["id"]] = record
        return record

    def children(self, collection: str, incident_id: str) -> list[Record]:
        """Records of a per-incident collection, in creation order."""
        return [r for r in self.data[collection].values() if r["_incident"] == incident_id]

    def save(self) -> None:
        """Write the state atomically, so a crash never leaves a half-written file."""
        if not self.path:
            return
        payload = {
            "data": self.data,
            "next_public_id": self.next_public_id,
            "caller_id": self.caller_id,
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".sandbox-", suffix=".json")
        with os.fdopen(fd, "w") as handle:
            json.dump(payload, handle)
        os.replace(tmp, self.path)
