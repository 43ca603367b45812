"""`running()`: a server in a thread stops at once, yet as gracefully as uvicorn's own stop."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx2
from starlette.types import Receive, Scope, Send

from datadog_incidents_mcp.sandbox.serve import running


class _SlowApp:
    """Answers each request after a short wait; records its lifespan and requests in order."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.answering = threading.Event()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            self.events.append("lifespan shutdown")
            await send({"type": "lifespan.shutdown.complete"})
            return
        self.answering.set()
        await asyncio.sleep(0.3)  # the stop is asked for meanwhile
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"finished"})
        self.events.append("answered")


def test_a_stop_lets_the_request_in_flight_finish_then_shuts_the_app_down() -> None:
    app = _SlowApp()
    with ThreadPoolExecutor(1) as pool:
        with running(app, lifespan="on") as url:
            answer = pool.submit(httpx2.get, url, timeout=10)
            assert app.answering.wait(10)
        response = answer.result()
    assert (response.status_code, response.text) == (200, "finished")
    assert app.events == ["answered", "lifespan shutdown"]
