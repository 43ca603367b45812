"""Fault injection: make the sandbox fail the way Datadog and networks do.

A fault matches requests by method and path regex and fires a limited number of times:
- `status`: answer this status instead of handling the request (429 with rate-limit
  headers, 5xx bursts, HTML error pages via `body`/`content_type`);
- `delay`: wait before handling (to trip client timeouts);
- `drop`: handle the request, then cut the connection mid-response, the worst case for
  a create (Datadog acted, the client never hears of it);
- `truncate`: handle the request, then send only half of the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Fault:
    path: str = ".*"
    method: str = "*"
    times: int = 1
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict[str, str])
    body: str | None = None
    content_type: str = "application/json"
    delay: float = 0.0
    drop: bool = False
    truncate: bool = False

    def matches(self, method: str, path: str) -> bool:
        return (
            self.times > 0
            and self.method in ("*", method)
            and re.search(self.path, path) is not None
        )


class Faults:
    """The armed faults; the first match fires and uses up one of its `times`."""

    def __init__(self) -> None:
        self._armed: list[Fault] = []

    def add(self, fault: Fault) -> Fault:
        self._armed.append(fault)
        return fault

    def clear(self) -> None:
        self._armed.clear()

    def take(self, method: str, path: str) -> Fault | None:
        for fault in self._armed:
            if fault.matches(method, path):
                fault.times -= 1
                return fault
        return None
