"""Request and answer models, one module per Datadog resource (`models/todos.py` for
`client.todos`); `shared` holds what several resources use. The JSON:API building blocks a
caller needs are exported here, so nothing outside the client imports the private `_base`."""

from datadog_incidents_mcp.datadog.models._base import (
    CLEAR,
    Collection,
    Document,
    IncludedItem,
    Resource,
    user_relationship,
)

__all__ = ["CLEAR", "Collection", "Document", "IncludedItem", "Resource", "user_relationship"]
