"""The baseline: a minimal server on the same MCP SDK, with one echo tool.

python benchmarks/minimal_server.py            # stdio
python benchmarks/minimal_server.py http PORT  # streamable HTTP
"""

import sys

from mcp.server import MCPServer

server = MCPServer("minimal")


@server.tool()
def echo(text: str) -> str:
    """Return the text."""
    return text


if __name__ == "__main__":
    if sys.argv[1:2] == ["http"]:
        server.run("streamable-http", host="127.0.0.1", port=int(sys.argv[2]))
    else:
        server.run()
