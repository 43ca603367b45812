"""Command line: flags and environment to settings, then run. No business logic here.

datadog-incidents-mcp [--sandbox] [--transport stdio|http] [--read-only] ...
datadog-incidents-mcp demo | doctor [...] | sandbox [--port N] [--state FILE]
datadog-incidents-mcp login [--site S] | logout [--site S]
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence

from datadog_incidents_mcp import __version__
from datadog_incidents_mcp.server.logs import LogFormat, configure

# The server's own flags are many: the usage shows every command, and --help the flags.
USAGE = """%(prog)s [--sandbox] [--transport {stdio,http}] [--read-only] [options]
       %(prog)s demo
       %(prog)s doctor [options]
       %(prog)s sandbox [options]
       %(prog)s login [--site S] | logout [--site S]
       (%(prog)s COMMAND --help for a command's options)"""


def _server_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="datadog-incidents-mcp",
        usage=USAGE,
        description="Datadog Incident Management for AI assistants, over MCP. Subcommands: "
        "sandbox (serve the built-in Datadog emulator over HTTP), demo (a triage story on sample "
        "data), doctor (check your Datadog configuration), login and logout (sign in to "
        "Datadog in a browser, for local use).",
        epilog="Environment: DD_API_KEY, DD_APP_KEY (or DD_BEARER_TOKEN), DD_SITE, DD_API_URL, "
        "DD_ORGS_FILE; for HTTP also MCP_HTTP_TOKEN, MCP_ALLOWED_HOSTS, MCP_ALLOWED_ORIGINS, "
        "MCP_SESSION_IDLE_TIMEOUT, MCP_MAX_SESSIONS, MCP_REQUEST_STATE_KEY, MCP_METRICS, "
        "MCP_LOG_FORMAT, MCP_OAUTH_ISSUER, MCP_PUBLIC_URL, MCP_OAUTH_JWKS_URL, "
        "MCP_OAUTH_READ_SCOPE, MCP_OAUTH_WRITE_SCOPE.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--sandbox", action="store_true", help="use built-in sample data; no keys needed"
    )
    parser.add_argument("--transport", choices=["stdio", "http"], default="stdio")
    parser.add_argument(
        "--host",
        help="HTTP: address to listen on (default 127.0.0.1; any other needs MCP_HTTP_TOKEN "
        "or --oauth-issuer)",
    )
    parser.add_argument("--port", type=int, help="HTTP: port (default 8000)")
    parser.add_argument("--stateless", action="store_true", help="HTTP: no sessions, JSON answers")
    parser.add_argument(
        "--credentials",
        choices=["server", "per-request", "per-request-or-server"],
        default="server",
        help="HTTP only: per-request takes Datadog keys from each request's DD-API-KEY and "
        "DD-APPLICATION-KEY headers (or an access token alone in DD-APPLICATION-KEY) instead "
        "of the environment; per-request-or-server takes them from a request that sends them "
        "and serves one that sends neither header with the server's own",
    )
    parser.add_argument(
        "--allowed-hosts",
        metavar="HOSTS",
        help="HTTP: comma list of Host names clients use, e.g. mcp.example.com; turns on the "
        "Host/Origin check off loopback (default MCP_ALLOWED_HOSTS)",
    )
    parser.add_argument(
        "--allowed-origins",
        metavar="ORIGINS",
        help="HTTP: comma list of browser origins allowed, e.g. https://app.example.com "
        "(default MCP_ALLOWED_ORIGINS)",
    )
    parser.add_argument(
        "--session-idle-timeout",
        type=float,
        metavar="SECONDS",
        help="HTTP: close a session idle this long (default MCP_SESSION_IDLE_TIMEOUT or 600)",
    )
    parser.add_argument(
        "--max-sessions",
        type=int,
        metavar="N",
        help="HTTP: most sessions open at once; more get 503 (default MCP_MAX_SESSIONS or 100)",
    )
    parser.add_argument(
        "--oauth-issuer",
        metavar="URL",
        help="HTTP: people sign in with this identity provider (its issuer URL) instead of "
        "sharing MCP_HTTP_TOKEN; needs --public-url (default MCP_OAUTH_ISSUER)",
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="HTTP with --oauth-issuer: this server's MCP endpoint as clients reach it, e.g. "
        "https://mcp.example.com/mcp; tokens must be issued for it (default MCP_PUBLIC_URL)",
    )
    parser.add_argument(
        "--oauth-jwks-url",
        metavar="URL",
        help="HTTP with --oauth-issuer: where the provider's signing keys are (default "
        "MCP_OAUTH_JWKS_URL, else the jwks_uri of the issuer's metadata)",
    )
    parser.add_argument(
        "--oauth-read-scope",
        metavar="SCOPE",
        help="HTTP with --oauth-issuer: the scope every token needs (default "
        "MCP_OAUTH_READ_SCOPE or incidents:read)",
    )
    parser.add_argument(
        "--oauth-write-scope",
        metavar="SCOPE",
        help="HTTP with --oauth-issuer: the scope a token needs for tools that change things "
        "(default MCP_OAUTH_WRITE_SCOPE or incidents:write)",
    )
    parser.add_argument(
        "--read-only", action="store_true", help="offer only tools that change nothing"
    )
    parser.add_argument(
        "--toolsets",
        help="comma list of toolsets; default (the lean triage set, used when omitted), all, "
        "or names combined as in default,impacts",
    )
    parser.add_argument("--tools", help="comma list of tool names to offer (after --toolsets)")
    parser.add_argument(
        "--orgs",
        metavar="FILE",
        help="serve several Datadog orgs, listed in this TOML file (default DD_ORGS_FILE); "
        "see docs/configuration.md",
    )
    parser.add_argument("--site", help="Datadog site, e.g. datadoghq.eu or EU (default DD_SITE)")
    parser.add_argument(
        "--api-url", help="explicit API base URL, e.g. a proxy (default DD_API_URL)"
    )
    parser.add_argument(
        "--log-level", default="WARNING", choices=["DEBUG", "INFO", "WARNING", "ERROR"]
    )
    parser.add_argument(
        "--log-format",
        choices=["text", "json"],
        default=os.environ.get("MCP_LOG_FORMAT") or "text",
        help="stderr log lines as text, or JSON with one line per tool call (default "
        "MCP_LOG_FORMAT or text)",
    )
    parser.add_argument(
        "--confirm",
        choices=["none", "deletes", "notify", "writes"],
        default="deletes",
        help="which writes ask the user first: deletes (default), notify (also those that "
        "reach people: paging, declaring, severity and state), writes (every change), none",
    )
    parser.add_argument(
        "--max-writes-per-minute",
        type=int,
        metavar="N",
        help="refuse writes beyond N a minute per session (stateless: per credential; signed in: "
        "per person)",
    )
    parser.add_argument(
        "--max-creates-per-hour",
        type=int,
        metavar="N",
        help="refuse creates beyond N an hour per session (stateless: per credential; signed in: "
        "per person)",
    )
    parser.add_argument(
        "--audit-log",
        metavar="FILE",
        help="append one JSON line per write, refused or declined ones too (- for stderr; "
        "default with --log-format json: stderr)",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="answer every write with the request it would send, and send nothing",
    )
    parser.add_argument(
        "--metrics",
        action="store_true",
        default=None,
        help="HTTP: serve Prometheus metrics at GET /metrics, behind the token if one is set "
        "(default MCP_METRICS)",
    )
    return parser


def _sandbox_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="datadog-incidents-mcp sandbox",
        description="Serve the built-in Datadog Incidents API emulator over HTTP. Any non-empty "
        "DD-API-KEY and DD-APPLICATION-KEY are accepted.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8126, help="port to listen on (default 8126)")
    parser.add_argument(
        "--state", metavar="FILE", help="keep state in this JSON file across restarts"
    )
    parser.add_argument(
        "--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"]
    )
    return parser


def _logging(level: str, log_format: LogFormat = "text") -> None:
    """Logs go to stderr only: in stdio mode stdout carries the protocol."""
    configure(level, log_format)


def _run_sandbox(argv: Sequence[str]) -> None:
    args = _sandbox_parser().parse_args(argv)
    _logging(args.log_level)
    from datadog_incidents_mcp.sandbox import Sandbox
    from datadog_incidents_mcp.sandbox.serve import CannotListen, listen, serve

    try:
        listening = listen(args.host, args.port)
    except CannotListen as exc:
        print(f"datadog-incidents-mcp sandbox: {exc}", file=sys.stderr)
        sys.exit(2)
    sandbox = Sandbox(state_path=args.state)
    print(
        f"Datadog sandbox on http://{args.host}:{args.port} "
        f"({len(sandbox.store['incidents'])} incidents). Point a client at it with "
        f"DD_API_URL=http://{args.host}:{args.port} and any keys. Ctrl-C stops it.",
        file=sys.stderr,
    )
    serve(sandbox, listening, log_level=args.log_level.lower())


def _run_demo(argv: Sequence[str]) -> None:
    argparse.ArgumentParser(
        prog="datadog-incidents-mcp demo",
        description="Walk a triage story on built-in sample data, through a real MCP "
        "client session.",
    ).parse_args(argv)
    _logging("WARNING")
    import anyio

    from datadog_incidents_mcp.server.demo import DemoFailed, run_demo

    try:
        anyio.run(run_demo)
    except* DemoFailed as failed:
        print(f"\ndemo: {failed.exceptions[0]}", file=sys.stderr)
        sys.exit(1)


def _doctor_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="datadog-incidents-mcp doctor",
        description="Check DD_API_KEY and DD_APP_KEY (or DD_BEARER_TOKEN: its owner, and the "
        "tools its scopes leave out) and DD_SITE against Datadog, and list what to fix.",
    )
    parser.add_argument("--site", help="Datadog site (default DD_SITE)")
    parser.add_argument("--api-url", help="explicit API base URL (default DD_API_URL)")
    parser.add_argument(
        "--toolsets",
        help="check the permissions of these toolsets, as for serving (default: the triage set)",
    )
    parser.add_argument("--read-only", action="store_true", help="check for read tools only")
    parser.add_argument(
        "--orgs", metavar="FILE", help="check every org of this file (default DD_ORGS_FILE)"
    )
    return parser


def _run_doctor(argv: Sequence[str]) -> None:
    args = _doctor_parser().parse_args(argv)
    _logging("ERROR")
    import anyio

    from datadog_incidents_mcp.server.config import Flags
    from datadog_incidents_mcp.server.doctor import run_doctor

    async def doctor() -> int:
        return await run_doctor(os.environ, Flags.parsed(args), say=print)

    sys.exit(anyio.run(doctor))


def _login_parser(command: str) -> argparse.ArgumentParser:
    does = {
        "login": "Sign in to Datadog in your browser (OAuth, for local use) and keep the "
        "tokens in the OS keychain, or a file only you can read; a server with no keys or "
        "token set then uses them.",
        "logout": "Forget the tokens `login` kept for this site.",
    }[command]
    parser = argparse.ArgumentParser(prog=f"datadog-incidents-mcp {command}", description=does)
    parser.add_argument("--site", help="Datadog site, e.g. datadoghq.eu or EU (default DD_SITE)")
    parser.add_argument(
        "--api-url", help="explicit API base URL, e.g. a proxy (default DD_API_URL)"
    )
    return parser


def _run_login(command: str, argv: Sequence[str]) -> None:
    args = _login_parser(command).parse_args(argv)
    _logging("ERROR")
    import webbrowser

    import anyio

    from datadog_incidents_mcp.server.config import ConfigError, place
    from datadog_incidents_mcp.server.login import LoginError, login, logout

    try:
        site, api_url = place(os.environ, args.site, args.api_url)
        if command == "logout":
            known = logout(site, api_url)
            print(f"Signed out of {api_url or site}." if known else "No login was kept.")
            return
        kept = anyio.run(lambda: login(site, api_url, open_browser=webbrowser.open, say=print))
    except (ConfigError, LoginError) as exc:
        print(f"datadog-incidents-mcp {command}: {exc}", file=sys.stderr)
        sys.exit(2)
    print(f"Signed in to {api_url or site}; the tokens are kept in {kept}.")


def main(argv: Sequence[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("login", "logout"):
        _run_login(argv[0], argv[1:])
        return
    if argv and argv[0] == "sandbox":
        _run_sandbox(argv[1:])
        return
    if argv and argv[0] == "demo":
        _run_demo(argv[1:])
        return
    if argv and argv[0] == "doctor":
        _run_doctor(argv[1:])
        return
    parser = _server_parser()
    args = parser.parse_args(argv)
    if args.log_format not in ("text", "json"):
        parser.error(f"MCP_LOG_FORMAT must be text or json, got {args.log_format!r}")
    _logging(args.log_level, args.log_format)
    if args.audit_log is None and args.log_format == "json":
        args.audit_log = "-"  # the audit trail joins the JSON log lines on stderr
    gc.disable()  # until serving: see _collect_from_here
    from datadog_incidents_mcp.server.app import build_server, open_metrics
    from datadog_incidents_mcp.server.config import ConfigError, Flags, resolve_settings
    from datadog_incidents_mcp.server.transports import serve

    try:
        settings = resolve_settings(os.environ, Flags.parsed(args))
        metrics = open_metrics(settings)
        server = build_server(settings, sink=metrics)
        _collect_from_here()
        serve(server, settings, metrics)
    except ConfigError as exc:
        print(f"datadog-incidents-mcp: {exc}", file=sys.stderr)
        sys.exit(2)
    finally:
        gc.enable()


# A collection of the youngest objects starts once this many more were made than freed
# (CPython's default: 700). A tool call holds a few thousand at once (the parsed answer, its
# models, the result), so at 700 most calls set one off that frees nothing and only moves
# the call's objects on to older generations, which later collections scan again: 0.09 ms
# of CPU per call in the 8-session load benchmark, against 0.01 ms at this threshold.
YOUNG_COLLECTION_THRESHOLD = 10_000


def _collect_from_here() -> None:
    """Turn the garbage collector back on, sparing it what start-up made.

    Start-up makes ~140,000 objects that live as long as the server and about a thousand
    that are garbage: the collections it would run are wasted (about a tenth of a cold
    start), and frozen, later full collections do not scan those objects again. From here
    on, the youngest generation is collected less often (see YOUNG_COLLECTION_THRESHOLD).
    """
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *gc.get_threshold()[1:])
    gc.enable()
