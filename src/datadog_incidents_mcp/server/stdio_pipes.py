"""A stdio client's pipes, read and written by the event loop itself where it can watch them.

Reading or writing a pipe through a worker thread (what `anyio.wrap_file` does, and the SDK's
stdio transport) costs two thread switches each time: a message in, and a message out with its
flush, about 40 us of CPU and of latency each on every call. The event loop can watch a pipe or
a socket directly. A terminal or a file goes through a thread as before (a terminal's
non-blocking mode would outlive the server in the shell), and so does everything on Windows.
"""

from __future__ import annotations

import asyncio
import os
import stat
import sys
from asyncio.streams import FlowControlMixin
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from typing import cast

import anyio

# While this much waits unread in complete lines, stdin is not read: a client cannot make the
# server hold more than about this in memory (one line may be longer: it is read whole, as
# the thread's `readline` did).
HIGH_WATER = 4 * 1024 * 1024
# How long what is still buffered at exit may take to leave; a client that reads none of it
# for that long loses it (one that stops reading with more than the pipe's 64 KiB unread holds
# the exit up, as when a thread wrote)
CLOSING_SECONDS = 5


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

    def _resume(self) -> None:
        if self.paused and self.transport is not None:
            self.transport.resume_reading()
            self.paused = False

    def _wake(self) -> None:
        if self._arrived is not None and not self._arrived.done():
            self._arrived.set_result(None)

    async def readline(self) -> bytes:
        """The next line with its newline; the unterminated rest at the end; b"" after it."""
        searched = 0  # what is known to hold no newline: a long line is searched once
        while True:
            end = self.buffer.find(b"\n", searched)
            searched = len(self.buffer)
            if end >= 0 or self.ended:
                size = end + 1 if end >= 0 else len(self.buffer)
                line = bytes(self.buffer[:size])
                del self.buffer[:size]
                if len(self.buffer) <= HIGH_WATER:
                    self._resume()
                return line
            self._resume()  # no complete line left: read on, however long this one is
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


async def stdin_lines(shared: bool) -> AsyncGenerator[bytes]:
    """Each line of stdin, newline included, until it ends; `shared`: see `one_socket`."""
    try:
        fd = sys.stdin.fileno()
    except (AttributeError, OSError, ValueError):  # replaced, closed, or no descriptor
        fd = -1
    if fd < 0 or shared or not _watchable(fd):
        async for line in anyio.wrap_file(sys.stdin.buffer):
            yield line
        return
    lines = _Lines()
    blocking = os.get_blocking(fd)  # the copy shares the file's flags: given back at the end
    # A copy of the descriptor, so closing the transport leaves fd 0 (and sys.stdin) open
    pipe = os.fdopen(os.dup(fd), "rb", buffering=0)
    transport, _ = await asyncio.get_running_loop().connect_read_pipe(lambda: lines, pipe)
    try:
        while line := await lines.readline():
            yield line
    finally:
        transport.close()
        os.set_blocking(fd, blocking)


class _WireProtocol(FlowControlMixin):
    """Pauses writers while the pipe is full (`drain`), and tells when the pipe closed."""

    def __init__(self) -> None:
        super().__init__()
        self.closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def connection_lost(self, exc: Exception | None) -> None:
        super().connection_lost(exc)
        if not self.closed.done():
            self.closed.set_result(None)


class Wire:
    """The wire half of stdout, written by the event loop: what the SDK's stdio transport
    takes as its `stdout` (an `anyio.AsyncFile[str]` for the two methods it calls)."""

    def __init__(self, writer: asyncio.StreamWriter) -> None:
        self._writer = writer

    async def write(self, text: str) -> None:
        self._writer.write(text.encode())  # written at once while the pipe has room

    async def flush(self) -> None:
        await self._writer.drain()  # waits only while the client is not reading


@asynccontextmanager
async def stdout_wire(shared: bool) -> AsyncGenerator[Wire | None]:
    """Stdout's pipe for the protocol alone, as the SDK claims it: fd 1 points at stderr while
    serving, so a stray print misses the wire, and at the wire again after. None where the
    event loop cannot watch stdout, or it is `shared` with stdin (see `one_socket`): the SDK
    then claims and writes it with a thread."""
    if shared or not _watchable(1):
        yield None
        return
    import fcntl  # POSIX only, as a watchable stdout is

    wire = fcntl.fcntl(1, fcntl.F_DUPFD_CLOEXEC, 3)  # above the standard descriptors
    blocking = os.get_blocking(wire)  # the flags fd 1 shares with the wire: given back after
    os.dup2(2, 1)
    loop = asyncio.get_running_loop()
    # The transport never closes `wire` (it does when the client goes away): fd 1 comes back
    # from it at the end, so it must not be closed, or its number reused, before then.
    pipe = os.fdopen(wire, "wb", buffering=0, closefd=False)
    transport, protocol = await loop.connect_write_pipe(_WireProtocol, pipe)
    writer = asyncio.StreamWriter(transport, protocol, None, loop)
    try:
        yield Wire(writer)
    finally:
        transport.close()  # once what is still buffered is written...
        with anyio.move_on_after(CLOSING_SECONDS):
            await protocol.closed
        if not protocol.closed.done():
            transport.abort()  # ...unless the client reads none of it for that long
        os.dup2(wire, 1)
        os.close(wire)
        os.set_blocking(1, blocking)


def one_socket() -> bool:
    """Whether stdin and stdout are one socket both ways (socat and inetd serve so), asked
    before stdout is claimed. Then both go through threads: a write transport takes what the
    client sends for the end of the wire, and a read transport's non-blocking flag would
    reach the writes."""
    try:
        stdin, stdout = os.fstat(0), os.fstat(1)
    except OSError:
        return False
    return (stdin.st_dev, stdin.st_ino) == (stdout.st_dev, stdout.st_ino)
