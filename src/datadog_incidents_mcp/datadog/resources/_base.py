"""What every resource namespace shares: the request path."""

from __future__ import annotations

from datadog_incidents_mcp.datadog._transport import Requester


class ResourceBase:
    """A namespace of Datadog operations (`client.incidents`, `client.todos`, ...)."""

    def __init__(self, requester: Requester) -> None:
        self._requester = requester
