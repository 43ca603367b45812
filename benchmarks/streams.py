"""Sessions that hold an event stream and send nothing: how long until a newcomer gets in.

    python -m benchmarks.streams [--sessions 100] [--idle-timeout 30]

Against `--transport http --max-sessions N --session-idle-timeout S` (sandbox), N clients
each open a session and a GET stream and then send nothing; a newcomer then sends
`initialize` every half second until it is let in (or three timeouts and 30 s have
passed). Reports the seconds from the last stream opening to the newcomer's session.
Traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import time

import anyio
import httpx2

from benchmarks._common import free_port, ours, report, start
from benchmarks.flood import HEADERS, INITIALIZE

PROTOCOL = {"Mcp-Protocol-Version": INITIALIZE["params"]["protocolVersion"]}


async def hold_a_stream(http: httpx2.AsyncClient, url: str, opened: anyio.Event) -> None:
    session = await http.post(url, json=INITIALIZE, headers=HEADERS)
    headers = {**PROTOCOL, "Mcp-Session-Id": session.headers["mcp-session-id"]}
    async with http.stream("GET", url, headers={**headers, "Accept": "text/event-stream"}):
        opened.set()
        await anyio.sleep_forever()  # the server ends the stream by closing the session


async def newcomer_wait(sessions: int, idle_timeout: float) -> float | None:
    """Seconds until a newcomer got a session; None if it never did within the bound."""
    port = free_port()
    flags = ["--sandbox", "--transport", "http", "--port", str(port)]
    limits = ["--max-sessions", str(sessions), "--session-idle-timeout", str(idle_timeout)]
    process = start(ours(*flags, *limits), port)
    url = f"http://127.0.0.1:{port}/mcp"
    pool = httpx2.Limits(max_connections=2 * sessions + 10)
    try:
        async with (
            httpx2.AsyncClient(timeout=60, limits=pool) as http,
            anyio.create_task_group() as group,
        ):
            for _ in range(sessions):
                opened = anyio.Event()
                group.start_soon(hold_a_stream, http, url, opened)
                await opened.wait()
            started = time.monotonic()
            bound = started + 3 * idle_timeout + 30
            waited: float | None = None
            while time.monotonic() < bound:
                if (await http.post(url, json=INITIALIZE, headers=HEADERS)).status_code == 200:
                    waited = round(time.monotonic() - started, 1)
                    break
                await anyio.sleep(0.5)
            group.cancel_scope.cancel()
        return waited
    finally:
        process.terminate()
        process.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--idle-timeout", type=float, default=30.0)
    args = parser.parse_args()
    waited = anyio.run(newcomer_wait, args.sessions, args.idle_timeout)
    figures = {"sessions": args.sessions, "idle_timeout": args.idle_timeout, "waited": waited}
    shown = "never (503 throughout)" if waited is None else f"{waited} s"
    columns = ["sessions holding a stream", "idle timeout", "newcomer let in after"]
    report("streams", columns, [[args.sessions, f"{args.idle_timeout:g} s", shown]], figures)


if __name__ == "__main__":
    main()
