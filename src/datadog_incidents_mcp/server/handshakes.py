"""stdio: a client may fall back to the older handshake after a 2026-07-28 request.

The SDK fixes a connection's protocol era at the client's first request and, once that was
a 2026-07-28 one, refuses `initialize` (-32022). The Vercel AI SDK's stdio client sends a
2026-07-28 request, waits one second for the answer, and then sends `initialize` on the same
pipe: a server that was still starting (a Python start takes about that long) refused most
of its connects. A stdio pipe has one client, so its `initialize` after a 2026-07-28 start
is taken for what it is, that client changing its mind, once: a second SDK loop serves the
older protocol from there on and receives every later message, while the first keeps
running to answer what it was already asked.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

import anyio
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream
from mcp.shared.message import SessionMessage
from mcp.types import PROTOCOL_VERSION_META_KEY, JSONRPCRequest

Start = Callable[[MemoryObjectReceiveStream[SessionMessage]], None]


class Eras:
    """Routes a stdio client's messages to the SDK loop serving its protocol era.

    `start` runs a new SDK serving loop (`serve_dual_era_loop`) on the stream it is given.
    """

    def __init__(self, start: Start) -> None:
        self._start = start
        self._inputs: list[MemoryObjectSendStream[SessionMessage]] = []
        self._began_modern: bool | None = None  # decided, as the SDK does, by the first request

    async def send(self, message: SessionMessage) -> None:
        request = message.message
        if isinstance(request, JSONRPCRequest):
            if self._began_modern is None:
                self._began_modern = request.method != "initialize" and _enveloped(request)
            elif self._began_modern and request.method == "initialize" and len(self._inputs) == 1:
                self._open()
        await self._inputs[-1].send(message)

    def _open(self) -> None:
        send, receive = anyio.create_memory_object_stream[SessionMessage](0)
        self._inputs.append(send)
        self._start(receive)

    async def __aenter__(self) -> Eras:
        self._open()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for send in self._inputs:
            await send.aclose()


def _enveloped(request: JSONRPCRequest) -> bool:
    """Whether a request carries the 2026-07-28 envelope: the SDK's test for that era."""
    meta = (request.params or {}).get("_meta")
    return isinstance(meta, dict) and PROTOCOL_VERSION_META_KEY in meta
