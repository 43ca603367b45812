"""Command line: `datadog-incidents-mcp [--version] sandbox [--port N] [--state FILE]`."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from datadog_incidents_mcp import __version__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="datadog-incidents-mcp",
        description="Datadog Incident Management for AI assistants, over MCP.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--log-level",
        default="INFO",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="stderr log level",
    )
    commands = parser.add_subparsers(dest="command")
    sandbox = commands.add_parser(
        "sandbox",
        help="serve the built-in Datadog emulator over HTTP",
        description="Serve the built-in Datadog Incidents API emulator. Any non-empty "
        "DD-API-KEY and DD-APPLICATION-KEY are accepted.",
    )
    sandbox.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    sandbox.add_argument("--port", type=int, default=8126, help="port to listen on (default 8126)")
    sandbox.add_argument(
        "--state", metavar="FILE", help="keep state in this JSON file across restarts"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=args.log_level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s"
    )
    if args.command == "sandbox":
        from datadog_incidents_mcp.sandbox import Sandbox
        from datadog_incidents_mcp.sandbox.serve import serve

        sandbox = Sandbox(state_path=args.state)
        print(
            f"Datadog sandbox on http://{args.host}:{args.port} "
            f"({len(sandbox.store['incidents'])} incidents). Point a client at it with "
            f"DD_API_URL=http://{args.host}:{args.port} and any keys. Ctrl-C stops it.",
            file=sys.stderr,
        )
        serve(sandbox, host=args.host, port=args.port, log_level=args.log_level.lower())
        return
    _parser().print_help(sys.stderr)
    sys.exit(2)
