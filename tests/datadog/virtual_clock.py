"""An asyncio event loop on a virtual clock: when every task waits and nothing is ready,
time jumps to the next timer instead of passing. A test can then check that code waited
N seconds (`anyio.current_time()` moved by N) without spending them.

Only for code that does no real I/O (the sandbox in-process through ASGITransport):
a wait on a socket would see the clock run ahead of it.
"""

from __future__ import annotations

import asyncio
import selectors
from typing import Any


class _JumpingSelector(selectors.DefaultSelector):
    def __init__(self, loop: VirtualClockLoop) -> None:
        super().__init__()
        self._loop = loop

    def select(self, timeout: float | None = None) -> list[Any]:
        ready = super().select(0)
        if not ready and timeout:  # idle until a timer: jump to it
            self._loop.now += timeout
        return ready


class VirtualClockLoop(asyncio.SelectorEventLoop):
    def __init__(self) -> None:
        self.now = 0.0
        super().__init__(_JumpingSelector(self))

    def time(self) -> float:
        return self.now
