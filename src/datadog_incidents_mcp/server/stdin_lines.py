"""The lines a stdio client sends, read by the event loop itself where it can watch stdin.

Reading a pipe through a worker thread (what `anyio.wrap_file` does) costs two thread switches
per message, about 40 us of CPU and of latency on every call; the event loop can watch a pipe
or a socket directly. A terminal or a file is read by a thread as before (a terminal's
non-blocking mode would outlive the server in the shell), and so is everything on Windows.
"""

from __future__ import annotations

import asyncio
import os
import stat
import sys
from collections.abc import AsyncGenerator
from typing import cast

import anyio

# While this much waits unread in complete lines, stdin is not read: a client cannot make the
# server hold more than about this in memory (one line may be longer: it is read whole, as
# the thread's `readline` did).
HIGH_WATER = 4 * 1024 * 1024


class _Lines(asyncio.Protocol):
    """Splits what arrives into lines; pauses the pipe while complete lines pile up."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.ended = False
        self.paused = False
        self.transport: asyncio.ReadTransport | None = None
        self._arrived: asyncio.Future[None] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.ReadTransport, transport)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if len(self.buffer) > HIGH_WATER and b"\n" in data and self.transport is not None:
            self.transport.pause_reading()
            self.paused = True
        self._wake()

    def eof_received(self) -> bool:
        self.ended = True
        self._wake()
        return False  # close the transport

    def connection_lost(self, exc: Exception | None) -> None:
        self.ended = True
        self._wake()

    def _wake(self) -> None:
        if self._arrived is not None and not self._arrived.done():
            self._arrived.set_result(None)

    async def readline(self) -> bytes:
        """The next line with its newline; the unterminated rest at the end; b"" after it."""
        while True:
            end = self.buffer.find(b"\n")
            if end >= 0 or self.ended:
                size = end + 1 if end >= 0 else len(self.buffer)
                line = bytes(self.buffer[:size])
                del self.buffer[:size]
                if self.paused and len(self.buffer) <= HIGH_WATER and self.transport is not None:
                    self.transport.resume_reading()
                    self.paused = False
                return line
            self._arrived = asyncio.get_running_loop().create_future()
            await self._arrived


def _watchable(fd: int) -> bool:
    """A pipe or socket the event loop can watch (never a terminal, a file or on Windows)."""
    if sys.platform == "win32":
        return False
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


async def stdin_lines() -> AsyncGenerator[bytes]:
    """Each line of stdin, newline included, until it ends."""
    try:
        fd = sys.stdin.fileno()
    except (AttributeError, OSError, ValueError):  # replaced, closed, or no descriptor
        fd = -1
    if fd < 0 or not _watchable(fd):
        async for line in anyio.wrap_file(sys.stdin.buffer):
            yield line
        return
    lines = _Lines()
    # A copy of the descriptor, so closing the transport leaves fd 0 (and sys.stdin) open
    pipe = os.fdopen(os.dup(fd), "rb", buffering=0)
    transport, _ = await asyncio.get_running_loop().connect_read_pipe(lambda: lines, pipe)
    try:
        while line := await lines.readline():
            yield line
    finally:
        transport.close()
        os.set_blocking(fd, True)  # the copy shared the file's non-blocking flag
