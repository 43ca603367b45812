"""Misbehaving HTTP servers on 127.0.0.1 that the sandbox cannot imitate: a body that
drips, an answer that never comes, a body far too large. Each counts what it sent."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

import anyio
from anyio.abc import SocketAttribute, SocketStream

_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"


@dataclass
class Served:
    url: str
    requests: int = 0
    body_bytes: int = 0  # body bytes the server managed to send before the client hung up


Behaviour = Callable[[SocketStream, Served], Awaitable[None]]


async def _read_head(stream: SocketStream) -> None:
    seen = b""
    while b"\r\n\r\n" not in seen:
        seen += await stream.receive()


async def drip(stream: SocketStream, served: Served) -> None:
    """Promise a body, then send one byte at a time, slower than any sane client waits."""
    await stream.send(_HEAD + b"Content-Length: 100000\r\n\r\n")
    while True:
        await stream.send(b" ")
        served.body_bytes += 1
        await anyio.sleep(0.2)


async def silent(stream: SocketStream, served: Served) -> None:
    """Read the request and never answer."""
    await anyio.sleep_forever()


def flood(total: int, *, declare_length: bool) -> Behaviour:
    """Send a `total`-byte JSON body, with or without announcing its length."""

    async def send(stream: SocketStream, served: Served) -> None:
        length = f"Content-Length: {total}\r\n" if declare_length else "Connection: close\r\n"
        await stream.send(_HEAD + length.encode() + b"\r\n")
        chunk = b"[" + b"0," * 32_767 + b"0"
        while served.body_bytes < total:
            await stream.send(chunk)
            served.body_bytes += len(chunk)

    return send


@asynccontextmanager
async def serving(behaviour: Behaviour) -> AsyncGenerator[Served]:
    """Serve `behaviour` to every connection until the block ends."""
    listener = await anyio.create_tcp_listener(local_host="127.0.0.1")
    served = Served(f"http://127.0.0.1:{listener.extra(SocketAttribute.local_port)}")

    async def handle(stream: SocketStream) -> None:
        async with stream:
            try:
                await _read_head(stream)
                served.requests += 1
                await behaviour(stream, served)
            except (
                anyio.BrokenResourceError,
                anyio.ClosedResourceError,
                anyio.EndOfStream,
                OSError,
            ):
                pass  # the client gave up, as it should

    async with listener, anyio.create_task_group() as group:
        group.start_soon(listener.serve, handle)
        yield served
        group.cancel_scope.cancel()
