"""Per-call latency over stdio and streamable HTTP, against the sandbox on loopback.

    python benchmarks/latency.py [--calls 300]

For each representative tool: our call, a raw HTTP call of the same Datadog request, and an
echo tool on a minimal SDK server over the same transport, all taken in turns of ten calls so
they see the same machine. The server's own overhead per call is ours - raw - echo (medians).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import httpx2
from mcp import Client, StdioServerParameters

from benchmarks._common import (
    API_KEY,
    APP_KEY,
    free_port,
    interleaved,
    median_ms,
    minimal,
    ours,
    report,
    spread_ms,
    start,
)

KEYS = {"DD-API-KEY": API_KEY, "DD-APPLICATION-KEY": APP_KEY}
INCIDENT = "74d7e661-48e6-5f06-9b0b-31ffa77654ad"  # IR-12 in the seeded sandbox
CASES: list[tuple[str, dict[str, Any], str, dict[str, Any]]] = [
    (
        "get_incident",
        {"incident_id": INCIDENT},
        f"/api/v2/incidents/{INCIDENT}",
        {"include": "users"},
    ),
    (
        "search_incidents",
        {"state": ["active"]},
        "/api/v2/incidents/search",
        {
            "query": "state:(active)",
            "sort": "-created",
            "page[size]": 10,
            "page[offset]": 0,
            "include": "users",
        },
    ),
    (
        "list_incident_todos",
        {"incident_id": INCIDENT},
        f"/api/v2/incidents/{INCIDENT}/relationships/todos",
        {},
    ),
]


async def measure(
    calls: int, datadog: str, ours_http: str, echo_http: str
) -> dict[str, dict[str, list[float]]]:
    """Every case in turn (raw HTTP, each tool and the echo over each transport), so all
    see the same machine."""
    env = {**os.environ, "DD_API_KEY": API_KEY, "DD_APP_KEY": APP_KEY, "DD_API_URL": datadog}
    async with (
        httpx2.AsyncClient(base_url=datadog, headers=KEYS) as raw,
        Client(StdioServerParameters(command=sys.executable, args=ours(), env=env)) as stdio,
        Client(StdioServerParameters(command=sys.executable, args=minimal())) as echo_stdio,
        Client(ours_http) as http,
        Client(echo_http) as echo_http_client,
    ):
        cases: dict[str, Callable[[], Awaitable[Any]]] = {
            "echo stdio": lambda: echo_stdio.call_tool("echo", {"text": "x"}),
            "echo http": lambda: echo_http_client.call_tool("echo", {"text": "x"}),
        }
        for tool, arguments, path, params in CASES:
            cases[f"raw HTTP {tool}"] = lambda p=path, q=params: raw.get(p, params=q)
            for transport, client in (("stdio", stdio), ("http", http)):
                cases[f"{tool} {transport}"] = lambda c=client, t=tool, a=arguments: c.call_tool(
                    t, a
                )
        samples = await interleaved(calls, cases)
    return {"samples_s": samples}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300)
    calls = parser.parse_args().calls
    ports = [free_port() for _ in range(3)]
    datadog = f"http://127.0.0.1:{ports[0]}"
    processes = [
        start(ours("sandbox", "--port", str(ports[0]), "--log-level", "WARNING"), ports[0])
    ]
    try:
        os.environ.update({"DD_API_KEY": API_KEY, "DD_APP_KEY": APP_KEY, "DD_API_URL": datadog})
        processes.append(start(ours("--transport", "http", "--port", str(ports[1])), ports[1]))
        processes.append(start(minimal("http", str(ports[2])), ports[2]))
        results = anyio.run(
            measure,
            calls,
            datadog,
            f"http://127.0.0.1:{ports[1]}/mcp",
            f"http://127.0.0.1:{ports[2]}/mcp",
        )
    finally:
        for process in processes:
            process.terminate()
            process.wait(10)
    samples = results["samples_s"]
    median = {name: statistics.median(values) for name, values in samples.items()}
    rows = []
    figures: dict[str, Any] = {"median_s": median, "overhead_ms": {}}
    for tool, *_ in CASES:
        raw = median[f"raw HTTP {tool}"]
        for transport in ("stdio", "http"):
            ours_s, echo_s = median[f"{tool} {transport}"], median[f"echo {transport}"]
            overhead = ours_s - raw - echo_s
            figures["overhead_ms"][f"{tool} {transport}"] = round(overhead * 1000, 2)
            rows.append(
                [
                    tool,
                    transport,
                    median_ms([ours_s]),
                    spread_ms(samples[f"{tool} {transport}"]),
                    median_ms([raw]),
                    median_ms([echo_s]),
                    round(overhead * 1000, 2),
                ]
            )
    report(
        "latency",
        ["tool", "transport", "ours ms", "p25-p75", "raw HTTP ms", "SDK echo ms", "overhead ms"],
        rows,
        figures,
    )


if __name__ == "__main__":
    main()
