"""Rate caps on writes: --max-writes-per-minute and --max-creates-per-hour.

Each cap holds per caller, over a sliding window: per MCP session (over stdio, the one
session is the server's), or on a stateless HTTP server, which has no sessions, per
credential, so an agent in a loop is stopped early; on a server people sign in to, per
person, whatever their sessions (server/guard.py's `caller_of`). Reads are never counted. Times come
from anyio's clock, which tests run virtually.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

import anyio

_MOST_CALLERS = 4096  # past this many callers, those with nothing in any window are dropped


@dataclass(frozen=True)
class _Cap:
    limit: int
    seconds: float
    flag: str
    what: str  # "writes", "creates"
    per: str  # "a minute", "an hour"


@dataclass
class WriteCaps:
    """The caps in force, and when each caller's counted writes were made."""

    per_minute: int | None = None
    creates_per_hour: int | None = None
    _times: dict[tuple[str, str], deque[float]] = field(
        default_factory=dict[tuple[str, str], "deque[float]"]
    )

    def _caps(self, kind: str) -> list[_Cap]:
        caps: list[_Cap] = []
        if self.per_minute is not None:
            caps.append(
                _Cap(self.per_minute, 60.0, "--max-writes-per-minute", "writes", "a minute")
            )
        if self.creates_per_hour is not None and kind == "create":
            caps.append(
                _Cap(self.creates_per_hour, 3600.0, "--max-creates-per-hour", "creates", "an hour")
            )
        return caps

    def _recent(self, key: tuple[str, str], cap: _Cap, now: float) -> deque[float]:
        times = self._times.get(key, deque[float]())
        while times and times[0] <= now - cap.seconds:
            times.popleft()
        return times

    def admit(self, caller: str, kind: str) -> float | str:
        """Count a write of `kind` by `caller` now if the caps allow it, and return its time
        (for `refund`); else why it may not go, and when it may.

        Counted on admission, not once done, so writes made at once cannot all slip under
        a cap that none of them has reached yet."""
        now = anyio.current_time()
        caps = self._caps(kind)
        for cap in caps:
            times = self._times[(cap.what, caller)] = self._recent((cap.what, caller), cap, now)
            if len(times) >= cap.limit:
                wait = math.ceil(times[len(times) - cap.limit] + cap.seconds - now)
                return (
                    f"refused: the cap of {cap.limit} {cap.what} {cap.per} ({cap.flag}) is "
                    f"reached; nothing was sent. {cap.what.capitalize()} are allowed again in "
                    f"{max(wait, 1)} s. Tell the user rather than retry in a loop."
                )
        for cap in caps:
            self._times[(cap.what, caller)].append(now)
        self._forget_the_idle(now)
        return now

    def refund(self, caller: str, kind: str, at: float) -> None:
        """Uncount an admitted write that was not made (declined, or only a question asked)."""
        for cap in self._caps(kind):
            times = self._times.get((cap.what, caller))
            if times is not None and at in times:
                times.remove(at)

    def _forget_the_idle(self, now: float) -> None:
        if len(self._times) > _MOST_CALLERS:
            self._times = {k: t for k, t in self._times.items() if t and t[-1] > now - 3600.0}
