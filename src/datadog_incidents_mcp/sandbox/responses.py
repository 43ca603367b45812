# The sandbox reads arbitrary JSON request bodies, whose types are unknown by nature.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false
# pyright: reportUnknownArgumentType=false
"""Answers in the two styles Datadog's incident services use.

The original incident service (incidents, todos, responders, integration writes, search)
answers `application/json` with errors as a list of strings. The newer services (attachments,
impacts, overrides, configuration, integration reads and deletes) answer
`application/vnd.api+json` with JSON:API error objects. Clients must accept both, so the
sandbox reproduces both.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic_core import to_json
from starlette.requests import Request
from starlette.responses import Response

from datadog_incidents_mcp.sandbox.store import jsonapi_time, legacy_time, parse_time

Style = Literal["legacy", "jsonapi"]
_CONTENT_TYPE = {"legacy": "application/json", "jsonapi": "application/vnd.api+json"}
_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Generic Error",
    409: "Conflict",
    429: "Too Many Requests",
}


class ApiError(Exception):
    """Raised by handlers; rendered by the app in the handler's style. `item` replaces the
    JSON:API error object built from the message, where Datadog's own differs."""

    def __init__(
        self,
        status: int,
        message: str,
        style: Style = "legacy",
        *,
        item: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.style: Style = style
        self.item = item


def bare_not_found() -> ApiError:
    """The 404 of Datadog's incident type and notification template services: a title, no
    detail."""
    return ApiError(404, "Not Found", "jsonapi", item={"status": "404", "title": "Not Found"})


def send(body: Any, status: int = 200, style: Style = "legacy") -> Response:
    """`body` as compact JSON in UTF-8, as Datadog sends it. pydantic's encoder takes a
    quarter of the time of the standard library's, which in --sandbox is the server's own."""
    return Response(to_json(body), status_code=status, media_type=_CONTENT_TYPE[style])


def no_content(style: Style = "legacy") -> Response:
    """Datadog's 204: an empty body, labelled text/html by the original service and not
    labelled at all by the newer ones."""
    if style == "jsonapi":
        return Response(b"", status_code=204)
    return Response(b"", status_code=204, headers={"content-type": "text/html; charset=utf-8"})


def error_response(
    status: int, message: str, style: Style, item: dict[str, str] | None = None
) -> Response:
    if style == "legacy":
        return send({"errors": [message]}, status, style)
    if item is None:
        item = {"title": _TITLES.get(status, "Error"), "detail": message}
        if status == 400:
            item["status"] = "400"
    return send({"errors": [item]}, status, style)


async def read_json(request: Request, style: Style) -> dict[str, Any]:
    """The request body as a JSON object, or a 400 that says what is wrong."""
    raw = await request.body()
    if not raw:
        raise ApiError(400, "request body is required", style)
    try:
        body = json.loads(raw)
    except ValueError as exc:
        raise ApiError(400, f"request body is not valid JSON: {exc}", style) from None
    if not isinstance(body, dict):
        raise ApiError(400, "request body must be a JSON object", style)
    return body


def data_of(
    body: dict[str, Any], expected_type: str, style: Style, *, need_attributes: bool = True
) -> dict[str, Any]:
    """`body["data"]`, checked for the right `type` (and attributes when required)."""
    data = body.get("data")
    if not isinstance(data, dict):
        raise ApiError(400, "data is required and must be an object", style)
    if data.get("type") != expected_type:
        got = data.get("type")
        raise ApiError(400, f'got type "{got}" expected one of "{expected_type}"', style)
    attributes = data.get("attributes")
    if need_attributes and not isinstance(attributes, dict):
        raise ApiError(400, "data.attributes is required and must be an object", style)
    return data


def attributes_of(data: dict[str, Any]) -> dict[str, Any]:
    attributes = data.get("attributes")
    return attributes if isinstance(attributes, dict) else {}


def page_meta(offset: int, size: int) -> dict[str, Any]:
    """`meta` of a paged list: `size` is the number of items returned, as live."""
    return {"pagination": {"offset": offset, "next_offset": offset + size, "size": size}}


def paged(request: Request, style: Style, *, default_size: int = 10) -> tuple[int, int]:
    """`page[size]` and `page[offset]`, validated like Datadog (size at most 100)."""
    try:
        size = int(request.query_params.get("page[size]", default_size))
        offset = int(request.query_params.get("page[offset]", 0))
    except ValueError:
        raise ApiError(400, "page[size] and page[offset] must be integers", style) from None
    if not 0 <= size <= 100 or offset < 0:
        raise ApiError(400, "page[size] must be between 0 and 100 and page[offset] >= 0", style)
    return size, offset


def page_number(request: Request) -> tuple[int, int]:
    """`page[size]` and `page[number]`, the paging of the Teams and Users services."""
    try:
        size = int(request.query_params.get("page[size]", 10))
        number = int(request.query_params.get("page[number]", 0))
    except ValueError:
        raise ApiError(400, "page[size] and page[number] must be integers") from None
    if not 1 <= size <= 100 or number < 0:
        raise ApiError(400, "page[size] must be between 1 and 100 and page[number] >= 0")
    return size, number


def time_of(raw: Any, name: str, style: Style, *, required: bool = False) -> str | None:
    """An RFC 3339 time from a request, in the timestamp format of the service answering."""
    if raw is None:
        if required:
            raise ApiError(400, f"{name} is required", style)
        return None
    try:
        moment = parse_time(str(raw))
    except ValueError:
        raise ApiError(400, f"{name} must be an RFC 3339 date-time, got {raw!r}", style) from None
    return jsonapi_time(moment) if style == "jsonapi" else legacy_time(moment)


def require_str(attributes: dict[str, Any], name: str, style: Style) -> str:
    value = attributes.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ApiError(400, f"{name} is required and must be a non-empty string", style)
    return value
