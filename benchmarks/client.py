"""Client layer: ours against Datadog's official `datadog-api-client`, same sandbox requests.

    pip install -e '.[benchmark]' && python benchmarks/client.py [--calls 300]

Both list 100 incidents from the sandbox over loopback HTTP, one call at a time. The raw
HTTP time of the same request is shown so the clients' own cost is visible.
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings
from collections.abc import Callable

import anyio
import httpx2

from benchmarks._common import API_KEY, APP_KEY, free_port, median_ms, ours, report, start
from datadog_incidents_mcp.datadog import DatadogClient


def official_lister(url: str) -> Callable[[], object]:
    from datadog_api_client import ApiClient, Configuration
    from datadog_api_client.v2.api.incidents_api import IncidentsApi

    configuration = Configuration(host=url)
    configuration.api_key["apiKeyAuth"] = API_KEY
    configuration.api_key["appKeyAuth"] = APP_KEY
    configuration.unstable_operations["list_incidents"] = True
    api = IncidentsApi(ApiClient(configuration))

    def call() -> object:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Using unstable operation": it is, for both clients
            return api.list_incidents(page_size=100)

    return call


def timed_sync(calls: int, call: Callable[[], object]) -> float:
    for _ in range(20):
        call()
    samples = []
    for _ in range(calls):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


async def timed_ours(calls: int, url: str) -> tuple[float, float]:
    headers = {"DD-API-KEY": API_KEY, "DD-APPLICATION-KEY": APP_KEY}
    params = {"page[size]": 100, "page[offset]": 0}
    async with (
        DatadogClient(api_key=API_KEY, app_key=APP_KEY, base_url=url) as dd,
        httpx2.AsyncClient(base_url=url, headers=headers) as raw,
    ):
        results = []
        for call in (
            lambda: dd.incidents.list(page_size=100),
            lambda: raw.get("/api/v2/incidents", params=params),
        ):
            for _ in range(20):
                await call()
            samples = []
            for _ in range(calls):
                started = time.perf_counter()
                await call()
                samples.append(time.perf_counter() - started)
            results.append(statistics.median(samples))
    return results[0], results[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300)
    calls = parser.parse_args().calls
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    sandbox = start(ours("sandbox", "--port", str(port), "--log-level", "WARNING"), port)
    try:
        ours_s, raw_s = anyio.run(timed_ours, calls, url)
        official_s = timed_sync(calls, official_lister(url))
    finally:
        sandbox.terminate()
        sandbox.wait(10)
    rows = [
        ["raw HTTP (httpx2)", median_ms([raw_s]), "-", "-"],
        ["datadog-incidents-mcp client", median_ms([ours_s]), median_ms([ours_s - raw_s]), 1.0],
        [
            "datadog-api-client (official)",
            median_ms([official_s]),
            median_ms([official_s - raw_s]),
            round(official_s / ours_s, 2),
        ],
    ]
    figures = {"median_s": {"raw": raw_s, "ours": ours_s, "official": official_s}}
    report(
        "client",
        ["list 12 incidents (page size 100)", "median ms", "over raw ms", "x ours"],
        rows,
        figures,
    )


if __name__ == "__main__":
    main()
