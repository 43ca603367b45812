"""The sandbox: an in-memory Datadog Incidents API that behaves like the live service.

`Sandbox` bundles state, fault injection and a request log; `Sandbox.app` is the ASGI
app to serve over HTTP or to hand to the client as an in-process transport.
"""

from __future__ import annotations

import json
import os
import re
from collections import deque
from dataclasses import asdict, dataclass

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from datadog_incidents_mcp.sandbox import permissions
from datadog_incidents_mcp.sandbox.faults import Fault, Faults
from datadog_incidents_mcp.sandbox.permissions import ALL_PERMISSIONS
from datadog_incidents_mcp.sandbox.resources import (
    attachments,
    global_handles,
    google_workspace,
    impact_fields,
    impacts,
    incident_configurations,
    incident_fields,
    incident_roles,
    incident_rules,
    incident_settings,
    incident_types,
    incidents,
    integrations,
    notification_rules,
    notification_templates,
    org_settings,
    paging,
    postmortem_templates,
    postmortems,
    responders,
    teams,
    timestamps,
    todos,
    users,
)
from datadog_incidents_mcp.sandbox.responses import ApiError, error_response, send
from datadog_incidents_mcp.sandbox.seed import seed
from datadog_incidents_mcp.sandbox.store import Store

_CONTROL = "/_sandbox"
REQUEST_LOG_SIZE = 10_000

# Each resource module holds its routes with their whole paths; the order matters only where
# a literal segment would otherwise be taken for an ID (org settings before the types').
ROUTES = [
    *incidents.ROUTES,
    *postmortems.ROUTES,
    *attachments.ROUTES,
    *todos.ROUTES,
    *impacts.ROUTES,
    *integrations.ROUTES,
    *responders.ROUTES,
    *timestamps.ROUTES,
    *incident_configurations.ROUTES,
    *paging.ROUTES,
    *org_settings.ROUTES,
    *incident_types.ROUTES,
    *incident_settings.ROUTES,
    *incident_roles.ROUTES,
    *incident_fields.ROUTES,
    *postmortem_templates.ROUTES,
    *impact_fields.ROUTES,
    *notification_templates.ROUTES,
    *notification_rules.ROUTES,
    *incident_rules.ROUTES,
    *google_workspace.ROUTES,
    *global_handles.ROUTES,
    *teams.ROUTES,
    *users.ROUTES,
]


@dataclass
class Seen:
    """One request the sandbox received (logged on arrival), for tests to assert on."""

    method: str
    path: str
    query: str
    status: int = 0


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.message, exc.style, exc.item)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = "Not found" if exc.status_code == 404 else str(exc.detail)
    return error_response(exc.status_code, message, "legacy")


class Sandbox:
    """A Datadog Incidents API emulator.

    `api_keys`: accepted API keys (None: any non-empty key). `app_keys`: application key ->
    permissions it grants (None: any non-empty key, with every permission).
    `state_path`: persist state to this JSON file and reload it on the next start.
    """

    def __init__(
        self,
        *,
        state_path: str | os.PathLike[str] | None = None,
        api_keys: set[str] | None = None,
        app_keys: dict[str, frozenset[str]] | None = None,
    ) -> None:
        self.store = Store(path=state_path, seed=seed)
        self.faults = Faults()
        # The newest requests only, so a long-running sandbox does not grow without bound.
        self.requests: deque[Seen] = deque(maxlen=REQUEST_LOG_SIZE)
        self.api_keys = api_keys
        self.app_keys = app_keys
        routes = [
            *ROUTES,
            Route(_CONTROL + "/faults", self._add_fault, methods=["POST"]),
            Route(_CONTROL + "/faults", self._clear_faults, methods=["DELETE"]),
            Route(_CONTROL + "/requests", self._list_requests, methods=["GET"]),
        ]
        self._router = Starlette(
            routes=routes, exception_handlers={ApiError: _api_error, HTTPException: _http_error}
        )
        self._router.state.store = self.store
        self.app: ASGIApp = self._asgi

    def count(self, method: str, path_pattern: str = ".*") -> int:
        """How many requests with this method reached the sandbox on paths matching the regex."""
        return sum(
            1 for r in self.requests if r.method == method and re.search(path_pattern, r.path)
        )

    def _auth_error(self, scope: Scope) -> Response | None:
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        api_key = headers.get("dd-api-key", "")
        app_key = headers.get("dd-application-key", "")
        if not api_key or (self.api_keys is not None and api_key not in self.api_keys):
            return error_response(403, "Forbidden", "legacy")
        if scope["path"] == "/api/v1/validate":
            return None
        if not app_key or (self.app_keys is not None and app_key not in self.app_keys):
            return error_response(401, "Unauthorized", "legacy")
        granted = ALL_PERMISSIONS if self.app_keys is None else self.app_keys[app_key]
        needed = permissions.missing(scope["method"], scope["path"], granted)
        if needed:
            return send(
                {"errors": ["Forbidden", f"Failed permission authorization checks: {needed}"]}, 403
            )
        return None

    async def _asgi(self, scope: Scope, receive: Receive, send_: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(_CONTROL):
            await self._router(scope, receive, send_)
            return
        method, path = scope["method"], scope["path"]
        seen = Seen(method, path, scope.get("query_string", b"").decode())
        self.requests.append(seen)

        async def record(message: Message) -> None:
            if message["type"] == "http.response.start":
                seen.status = message["status"]
            await send_(message)

        fault = self.faults.take(method, path)
        if fault and fault.delay:
            await anyio.sleep(fault.delay)
        if fault and fault.status:
            await self._fault_response(fault)(scope, receive, record)
            return
        problem = self._auth_error(scope)
        if problem:
            await problem(scope, receive, record)
            return
        if fault and (fault.drop or fault.truncate):
            await self._cut_short(fault, scope, receive, record)
            return
        await self._router(scope, receive, record)
        if method != "GET" and 200 <= seen.status < 300:
            self.store.save()

    @staticmethod
    def _fault_response(fault: Fault) -> Response:
        body = fault.body
        if body is None:
            body = json.dumps({"errors": [f"sandbox fault: {fault.status}"]})
        return Response(
            body,
            status_code=fault.status or 500,
            headers=fault.headers,
            media_type=fault.content_type,
        )

    async def _cut_short(self, fault: Fault, scope: Scope, receive: Receive, send_: Send) -> None:
        """Handle the request for real, then deliver only part of the answer."""
        messages: list[Message] = []

        async def keep(message: Message) -> None:
            messages.append(message)

        await self._router(scope, receive, keep)
        if scope["method"] != "GET":
            self.store.save()
        start = messages[0]
        body = b"".join(m.get("body", b"") for m in messages[1:])
        half = body[: max(1, len(body) // 2)]
        headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
        length = len(body) if fault.drop else len(half)
        await send_({**start, "headers": [*headers, (b"content-length", str(length).encode())]})
        # With drop, the body is left incomplete: the server closes the connection mid-response.
        await send_({"type": "http.response.body", "body": half, "more_body": fault.drop})

    async def _add_fault(self, request: Request) -> Response:
        try:
            fault = self.faults.add(Fault(**json.loads(await request.body())))
        except (TypeError, ValueError) as exc:
            return error_response(400, f"invalid fault: {exc}", "legacy")
        return send(asdict(fault), 201)

    async def _clear_faults(self, request: Request) -> Response:
        self.faults.clear()
        return Response(status_code=204)

    async def _list_requests(self, request: Request) -> Response:
        return send({"requests": [asdict(r) for r in self.requests]})
