"""Every current incident operation in Datadog's spec has a tool (and, by the contract test,
a client method). Reads the spec documents, so a new Datadog operation fails this test until
it is covered or Datadog marks it deprecated."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from datadog_incidents_mcp.tools import REGISTRY
from tests.spec import SPEC_DIR, SPEC_FILES, load_spec

# The tool that performs each operation. Tools reading before a whole replacement (PUT) call
# more than one; this names the operation each tool exists for.
TOOL_FOR = {
    "ListIncidents": "list_incidents",
    "SearchIncidents": "search_incidents",
    "GetIncident": "get_incident",
    "CreateIncident": "create_incident",
    "UpdateIncident": "update_incident",
    "DeleteIncident": "delete_incident",
    "ImportIncident": "import_incident",
    "GetIncidentAIPostmortem": "generate_ai_postmortem",
    "ListIncidentAttachments": "list_incident_attachments",
    "CreateIncidentAttachment": "create_incident_attachment",
    "UpdateIncidentAttachment": "update_incident_attachment",
    "DeleteIncidentAttachment": "delete_incident_attachment",
    "CreateIncidentPostmortemAttachment": "create_postmortem_attachment",
    "ListIncidentTodos": "list_incident_todos",
    "GetIncidentTodo": "get_incident_todo",
    "CreateIncidentTodo": "create_incident_todo",
    "UpdateIncidentTodo": "update_incident_todo",
    "DeleteIncidentTodo": "delete_incident_todo",
    "ListIncidentResponders": "list_incident_responders",
    "GetIncidentResponder": "get_incident_responder",
    "CreateIncidentResponder": "add_incident_responder",
    "DeleteIncidentResponder": "remove_incident_responder",
    "ListIncidentImpacts": "list_incident_impacts",
    "CreateIncidentImpact": "create_incident_impact",
    "PatchIncidentImpact": "update_incident_impact",
    "DeleteIncidentImpact": "delete_incident_impact",
    "ListIncidentIntegrations": "list_incident_integrations",
    "GetIncidentIntegration": "get_incident_integration",
    "CreateIncidentIntegration": "create_incident_integration",
    "UpdateIncidentIntegration": "update_incident_integration",
    "DeleteIncidentIntegration": "delete_incident_integration",
    "ListTimestampOverrides": "list_timestamp_overrides",
    "CreateTimestampOverride": "create_timestamp_override",
    "UpdateTimestampOverride": "update_timestamp_override",
    "DeleteTimestampOverride": "delete_timestamp_override",
    "CreateIncidentConfiguration": "create_incident_configuration",
    "UpdateIncidentConfiguration": "update_incident_configuration",
    "CreateOnCallPageFromIncident": "page_on_call",
    "LinkPageToIncident": "link_on_call_page",
    "CreateIncidentServiceNowRecord": "create_servicenow_record",
    "ListIncidentTypes": "list_incident_types",
    "GetIncidentType": "get_incident_type",
    "CreateIncidentType": "create_incident_type",
    "UpdateIncidentType": "update_incident_type",
    "DeleteIncidentType": "delete_incident_type",
    "ListIncidentUserDefinedFields": "list_incident_fields",
    "GetIncidentUserDefinedField": "get_incident_field",
    "CreateIncidentUserDefinedField": "create_incident_field",
    "UpdateIncidentUserDefinedField": "update_incident_field",
    "DeleteIncidentUserDefinedField": "delete_incident_field",
    "ListIncidentUserDefinedRoles": "list_incident_roles",
    "GetIncidentUserDefinedRole": "get_incident_role",
    "CreateIncidentUserDefinedRole": "create_incident_role",
    "UpdateIncidentUserDefinedRole": "update_incident_role",
    "DeleteIncidentUserDefinedRole": "delete_incident_role",
    "ListIncidentPostmortemTemplates": "list_postmortem_templates",
    "GetIncidentPostmortemTemplate": "draft_postmortem_cells",  # reads the chosen template
    "CreateIncidentPostmortemTemplate": "create_postmortem_template",
    "UpdateIncidentPostmortemTemplate": "update_postmortem_template",
    "DeleteIncidentPostmortemTemplate": "delete_postmortem_template",
    "GetGlobalIncidentSettings": "get_incident_settings",
    "UpdateGlobalIncidentSettings": "update_incident_settings",
    "ListIncidentImpactFields": "list_impact_fields",
    "CreateIncidentImpactField": "create_impact_field",
    "UpdateIncidentImpactField": "update_impact_field",
    "DeleteIncidentImpactField": "delete_impact_field",
    "ListOrgSettings": "list_org_settings",
    "GetOrgSettingsByIncidentType": "get_org_settings",
    "CreateIncidentGoogleChatConfiguration": "create_google_chat_configuration",
    "UpdateIncidentGoogleChatConfiguration": "update_google_chat_configuration",
    "CreateIncidentGoogleMeetConfiguration": "create_google_meet_configuration",
    "UpdateIncidentGoogleMeetConfiguration": "update_google_meet_configuration",
    "ListIncidentNotificationTemplates": "list_notification_templates",
    "GetIncidentNotificationTemplate": "get_notification_template",
    "CreateIncidentNotificationTemplate": "create_notification_template",
    "UpdateIncidentNotificationTemplate": "update_notification_template",
    "DeleteIncidentNotificationTemplate": "delete_notification_template",
    "ListIncidentNotificationRules": "list_notification_rules",
    "GetIncidentNotificationRule": "get_notification_rule",
    "CreateIncidentNotificationRule": "create_notification_rule",
    "UpdateIncidentNotificationRule": "update_notification_rule",
    "DeleteIncidentNotificationRule": "delete_notification_rule",
    "ListGlobalIncidentHandles": "list_global_handles",
    "CreateGlobalIncidentHandle": "create_global_handle",
    "UpdateGlobalIncidentHandle": "update_global_handle",
    "DeleteGlobalIncidentHandle": "delete_global_handles",
    "ListIncidentRules": "list_incident_rules",
    "GetIncidentRule": "get_incident_rule",
    "CreateIncidentRule": "create_incident_rule",
    "UpdateIncidentRule": "update_incident_rule",
    "DeleteIncidentRule": "delete_incident_rule",
}

# The Teams and Users operations the people tools use (not incident operations, so not
# required to be complete; listed so their permissions are checked too).
PEOPLE_TOOL_FOR = {
    "ListTeams": "list_teams",
    "GetTeam": "get_team",
    "CreateTeam": "create_team",
    "UpdateTeam": "update_team",
    "DeleteTeam": "delete_team",
    "GetTeamMemberships": "list_team_members",
    "CreateTeamMembership": "add_team_member",
    "UpdateTeamMembership": "update_team_member",
    "DeleteTeamMembership": "remove_team_member",
    "ListUsers": "search_users",
    "GetUser": "get_user",
    "GetUserMemberships": "list_user_teams",
}

# Left out on purpose: operations Datadog marks deprecated. CreatePageFromIncident (a page
# through Case Management) gave way to CreateOnCallPageFromIncident, which page_on_call uses.
# The deprecated incident services and teams live outside /api/v2/incidents; the Teams API
# replaced them, and the teams tools use it.
DEPRECATED = {"CreatePageFromIncident"}


def _incident_operations() -> dict[str, bool]:
    """Operation ID -> deprecated, for every operation under /api/v2/incidents."""
    return {
        op.operation_id: op.deprecated
        for op in load_spec().operations
        if op.template.startswith("/api/v2/incidents")
    }


def test_every_current_incident_operation_has_a_tool() -> None:
    operations = _incident_operations()
    current = {name for name, deprecated in operations.items() if not deprecated}
    uncovered = current - TOOL_FOR.keys()
    assert not uncovered, f"operations without a tool: {sorted(uncovered)}"
    assert TOOL_FOR.keys() <= current, "TOOL_FOR names operations the spec no longer has"
    tools = {spec.name for spec in REGISTRY}
    assert set(TOOL_FOR.values()) <= tools, set(TOOL_FOR.values()) - tools


def test_only_deprecated_operations_are_left_out() -> None:
    operations = _incident_operations()
    assert {name for name, deprecated in operations.items() if deprecated} == DEPRECATED
    assert not DEPRECATED & TOOL_FOR.keys()


def test_each_tool_asks_for_the_permission_datadog_documents() -> None:
    """Where the spec names permissions (`x-permission`), the tool's README and error
    messages name the same: all of them (AND) or one of them (OR)."""
    tools = {spec.name: spec for spec in REGISTRY}
    wrong: list[str] = []
    for op in load_spec().operations:
        documented = op.spec.get("x-permission")
        name = TOOL_FOR.get(op.operation_id) or PEOPLE_TOOL_FOR.get(op.operation_id)
        if name is None or not documented:
            continue
        tool = tools[name]
        named = set(tool.permissions)
        names = set(documented["permissions"])
        fits = (
            named == names
            if documented["operator"] == "AND"
            else len(named) == 1 and named <= names
        )
        if not fits:
            wrong.append(f"{tool.name}: {tool.permissions}, spec {documented}")
    assert not wrong, "\n".join(wrong)


def test_the_spec_travels_with_the_repository_with_its_licence() -> None:
    root = Path(__file__).resolve().parents[1]
    assert SPEC_DIR.is_relative_to(root), "the spec must live inside the checkout"
    for name in (*SPEC_FILES, "README.md", "LICENSE", "NOTICE"):
        assert (SPEC_DIR / name).is_file(), name
    readme = (SPEC_DIR / "README.md").read_text()
    assert "Apache License 2.0" in readme and "9a09c580b3a02f15baff495191e8be309cd63642" in readme
    assert "Apache License" in (SPEC_DIR / "LICENSE").read_text()


def test_a_missing_spec_document_fails_instead_of_skipping(tmp_path: Path) -> None:
    shutil.copy(SPEC_DIR / SPEC_FILES[0], tmp_path)
    with pytest.raises(pytest.fail.Exception, match=SPEC_FILES[1]):
        load_spec(tmp_path)
