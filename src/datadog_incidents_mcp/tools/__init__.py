"""The tool registry. Importing a toolset module registers its tools."""

from datadog_incidents_mcp.tools import (
    attachments as attachments,
)
from datadog_incidents_mcp.tools import (
    config as config,
)
from datadog_incidents_mcp.tools import (
    impacts as impacts,
)
from datadog_incidents_mcp.tools import (
    incidents as incidents,
)
from datadog_incidents_mcp.tools import (
    integrations as integrations,
)
from datadog_incidents_mcp.tools import (
    postmortems as postmortems,
)
from datadog_incidents_mcp.tools import (
    responders as responders,
)
from datadog_incidents_mcp.tools import (
    teams as teams,
)
from datadog_incidents_mcp.tools import (
    timestamps as timestamps,
)
from datadog_incidents_mcp.tools import (
    todos as todos,
)
from datadog_incidents_mcp.tools import (
    users as users,
)
from datadog_incidents_mcp.tools._registry import REGISTRY, TOOLSETS, ToolSpec

__all__ = ["REGISTRY", "TOOLSETS", "ToolSpec"]
