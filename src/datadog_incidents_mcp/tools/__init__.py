"""The tool registry. Importing a toolset module registers its tools."""

from datadog_incidents_mcp.tools import (
    attachments as attachments,
)
from datadog_incidents_mcp.tools import (
    global_handles as global_handles,
)
from datadog_incidents_mcp.tools import (
    google_workspace as google_workspace,
)
from datadog_incidents_mcp.tools import (
    impact_fields as impact_fields,
)
from datadog_incidents_mcp.tools import (
    impacts as impacts,
)
from datadog_incidents_mcp.tools import (
    incident_configurations as incident_configurations,
)
from datadog_incidents_mcp.tools import (
    incident_fields as incident_fields,
)
from datadog_incidents_mcp.tools import (
    incident_roles as incident_roles,
)
from datadog_incidents_mcp.tools import (
    incident_rules as incident_rules,
)
from datadog_incidents_mcp.tools import (
    incident_settings as incident_settings,
)
from datadog_incidents_mcp.tools import (
    incident_types as incident_types,
)
from datadog_incidents_mcp.tools import (
    incidents as incidents,
)
from datadog_incidents_mcp.tools import (
    integrations as integrations,
)
from datadog_incidents_mcp.tools import (
    notification_rules as notification_rules,
)
from datadog_incidents_mcp.tools import (
    notification_templates as notification_templates,
)
from datadog_incidents_mcp.tools import (
    org_settings as org_settings,
)
from datadog_incidents_mcp.tools import (
    paging as paging,
)
from datadog_incidents_mcp.tools import (
    postmortem_templates as postmortem_templates,
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
