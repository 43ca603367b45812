"""Where the server's log lines go: stderr (stdout carries the protocol over stdio), as
text or, with --log-format json, one JSON object per line for a log collector.

In JSON the call log (observe) is always on, one line per tool call; its fields are the
ones it chose (IDs of our own, tool names, timings, statuses), never a call's arguments.
Whatever logs (libraries too: httpcore prints response headers at DEBUG), every line has
the keys of the clients in use replaced, in any case.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Literal

LogFormat = Literal["text", "json"]
_format: list[LogFormat] = ["text"]  # what configure() chose, for say()


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields: dict[str, object] = getattr(record, "call", None) or {}
        line.update(fields)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


class Redacted(logging.Formatter):
    """Another formatter's lines, with the keys in use replaced (tracebacks included)."""

    def __init__(self, lines: logging.Formatter) -> None:
        super().__init__()
        self.lines = lines

    def format(self, record: logging.LogRecord) -> str:
        # Imported on first use: the client package is a large part of a cold start, which
        # the command line runs with the garbage collector off, after configuring logs.
        from datadog_incidents_mcp.datadog import redact_keys

        return redact_keys(self.lines.format(record))


def configure(level: str, log_format: LogFormat = "text") -> None:
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        handler.setFormatter(Redacted(JsonLines()))
        logging.getLogger("datadog_incidents_mcp.calls").setLevel(logging.INFO)
    else:
        handler.setFormatter(Redacted(logging.Formatter("%(levelname)s %(name)s: %(message)s")))
    logging.basicConfig(level=level, handlers=[handler])
    logging.getLogger("httpx2").setLevel(max(logging.WARNING, logging.getLogger().level))
    _format[0] = log_format


def say(line: str) -> None:
    """A line for whoever runs the server (it listens, a setting is missing), in the log's
    format, at any log level."""
    if _format[0] == "json":
        server = logging.getLogger("datadog_incidents_mcp.server")
        server.handle(server.makeRecord(server.name, logging.INFO, "", 0, line, (), None))
        return
    print(f"datadog-incidents-mcp: {line}", file=sys.stderr, flush=True)
