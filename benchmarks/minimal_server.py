"""The baseline: a minimal server on the same MCP SDK, with one echo tool.

python benchmarks/minimal_server.py            # stdio
python benchmarks/minimal_server.py http PORT  # streamable HTTP
"""

import gc
import sys

gc.disable()  # as our server does until it serves (server/cli.py), so ratios compare alike

from mcp.server import MCPServer  # noqa: E402

server = MCPServer("minimal")


@server.tool()
def echo(text: str) -> str:
    """Return the text."""
    return text


if __name__ == "__main__":
    gc.freeze()
    gc.enable()
    if sys.argv[1:2] == ["http"]:
        server.run("streamable-http", host="127.0.0.1", port=int(sys.argv[2]))
    else:
        server.run()
