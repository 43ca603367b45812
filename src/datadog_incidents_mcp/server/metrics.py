"""`GET /metrics` in Prometheus text format (--metrics), from the figures `observe` collects.

Imported only when --metrics is on, so a server without it never loads prometheus-client.
Labels come from closed sets: tool names the server offers (else "unknown"), outcomes,
HTTP status codes. No key, ID or caller's text can become a label. The endpoint sits
behind the bearer token when one is set, like /mcp.
"""

from __future__ import annotations

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
)
from prometheus_client.exposition import generate_latest
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from datadog_incidents_mcp.server.observe import Outcome

PREFIX = "datadog_incidents_mcp"
# Tool calls take from a few milliseconds (a cached read) to a minute (the call deadline).
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
disable_created_metrics()  # the `_created` twin of every series is noise for a scraper


class Metrics:
    """The figures of one server, in a registry of its own (not the process-wide default)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.calls = Counter(
            f"{PREFIX}_tool_calls",
            "MCP tool calls by tool and outcome (ok, error, input_required, failed)",
            ["tool", "outcome"],
            registry=self.registry,
        )
        self.latency = Histogram(
            f"{PREFIX}_tool_call_duration_seconds",
            "Time to answer a tool call, Datadog requests and retries included",
            ["tool"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.requests = Counter(
            f"{PREFIX}_upstream_requests",
            "Answers from the Datadog API by HTTP status",
            ["status"],
            registry=self.registry,
        )
        self.retries = Counter(
            f"{PREFIX}_upstream_retries",
            "Datadog requests sent again, by the status that caused it (none: no connection)",
            ["status"],
            registry=self.registry,
        )
        self.rate_limit_waits = Counter(
            f"{PREFIX}_rate_limit_waits",
            "Waits for Datadog's rate limit to reset before a retry",
            registry=self.registry,
        )
        self.rate_limit_seconds = Counter(
            f"{PREFIX}_rate_limit_wait_seconds",
            "Seconds spent waiting for Datadog's rate limit to reset",
            registry=self.registry,
        )

    def tool_call(self, tool: str, outcome: Outcome, seconds: float) -> None:
        self.calls.labels(tool, outcome).inc()
        self.latency.labels(tool).observe(seconds)

    def upstream(self, status: int | None, wait: float | None) -> None:
        shown = str(status) if status is not None else "none"
        if wait is None:
            self.requests.labels(shown).inc()
            return
        self.retries.labels(shown).inc()
        if status == 429:
            self.rate_limit_waits.inc()
            self.rate_limit_seconds.inc(wait)


class MetricsEndpoint:
    """ASGI: answer `GET /metrics`, pass everything else on."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != "/metrics":
            await self.app(scope, receive, send)
            return
        response: Response
        if scope["method"] not in ("GET", "HEAD"):
            response = PlainTextResponse("use GET\n", 405, headers={"Allow": "GET, HEAD"})
        else:
            response = Response(
                generate_latest(self.metrics.registry),
                headers={"Content-Type": CONTENT_TYPE_LATEST, "Cache-Control": "no-store"},
            )
        await response(scope, receive, send)
