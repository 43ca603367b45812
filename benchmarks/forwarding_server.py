"""A second baseline: a minimal server on the same MCP SDK whose one tool forwards a Datadog
request to the sandbox in its own process and returns the answer as it came.

python benchmarks/forwarding_server.py PORT  # streamable HTTP

Ours in `--sandbox` mode makes the same requests to the same in-process emulator, so the
ratio of the two leaves out the work any server making that call does (the request, the
emulator's answer) and keeps what ours adds: middlewares, argument and answer models,
result shaping. The echo baseline (minimal_server.py) does none of that work.
"""

import gc
import sys
from typing import Any

gc.disable()  # as our server does until it serves (server/cli.py), so ratios compare alike

import httpx2  # noqa: E402
from mcp.server import MCPServer  # noqa: E402

from datadog_incidents_mcp.sandbox import Sandbox  # noqa: E402

server = MCPServer("forwarding")
upstream = httpx2.AsyncClient(
    base_url="http://sandbox.invalid",
    transport=httpx2.ASGITransport(app=Sandbox().app),
    headers={"DD-API-KEY": "bench", "DD-APPLICATION-KEY": "bench"},
)


@server.tool()
async def datadog(
    method: str, path: str, params: dict[str, str] | None = None, body: dict[str, Any] | None = None
) -> str:
    """Send one Datadog API request and return its answer's body."""
    answer = await upstream.request(method, path, params=params, json=body)
    answer.raise_for_status()
    return answer.text


if __name__ == "__main__":
    gc.freeze()
    gc.enable()
    server.run("streamable-http", host="127.0.0.1", port=int(sys.argv[1]))
