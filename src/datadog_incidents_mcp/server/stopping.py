"""uvicorn's server, saying the moment it stops accepting after SIGTERM.

That moment is what an operator reading the log, and a test, wait for: from then on new
connections are refused while the requests in flight still get their answers.
Imported only when serving HTTP, like uvicorn itself.
"""

from __future__ import annotations

import socket

import uvicorn

from datadog_incidents_mcp.server.logs import say


class Server(uvicorn.Server):
    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        # What uvicorn's own shutdown does first; doing it again there is harmless.
        for server in self.servers:
            server.close()
        for sock in sockets or []:
            sock.close()
        say(
            f"stopping: no new connections; {len(self.server_state.tasks)} requests in flight "
            f"have {self.config.timeout_graceful_shutdown} s to answer"
        )
        await super().shutdown(sockets)
