"""DatadogClient: one pooled HTTP client and a namespace per incident resource."""

from __future__ import annotations

import importlib
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

import httpx2
from pydantic import SecretStr

from datadog_incidents_mcp.datadog._transport import (
    DEFAULT_DEADLINE,
    DEFAULT_MAX_RESPONSE_BYTES,
    Requester,
    RetryPolicy,
    parse,
)
from datadog_incidents_mcp.datadog.auth import Credentials, credentials_of
from datadog_incidents_mcp.datadog.errors import AuthenticationError, PermissionDeniedError
from datadog_incidents_mcp.datadog.models._base import WireModel
from datadog_incidents_mcp.datadog.sites import (
    DEFAULT_SITE,
    api_base_url,
    normalize_site,
    web_base_url,
)

if TYPE_CHECKING:
    from datadog_incidents_mcp.datadog.resources.attachments import Attachments
    from datadog_incidents_mcp.datadog.resources.global_handles import GlobalHandles
    from datadog_incidents_mcp.datadog.resources.google_workspace import GoogleWorkspace
    from datadog_incidents_mcp.datadog.resources.impact_fields import ImpactFields
    from datadog_incidents_mcp.datadog.resources.impacts import Impacts
    from datadog_incidents_mcp.datadog.resources.incident_configurations import (
        IncidentConfigurations,
    )
    from datadog_incidents_mcp.datadog.resources.incident_fields import IncidentFields
    from datadog_incidents_mcp.datadog.resources.incident_roles import IncidentRoles
    from datadog_incidents_mcp.datadog.resources.incident_rules import IncidentRules
    from datadog_incidents_mcp.datadog.resources.incident_settings import IncidentSettings
    from datadog_incidents_mcp.datadog.resources.incident_types import IncidentTypes
    from datadog_incidents_mcp.datadog.resources.incidents import Incidents
    from datadog_incidents_mcp.datadog.resources.integrations import Integrations
    from datadog_incidents_mcp.datadog.resources.notification_rules import NotificationRules
    from datadog_incidents_mcp.datadog.resources.notification_templates import NotificationTemplates
    from datadog_incidents_mcp.datadog.resources.org_settings import OrgSettings
    from datadog_incidents_mcp.datadog.resources.paging import Paging
    from datadog_incidents_mcp.datadog.resources.postmortem_templates import PostmortemTemplates
    from datadog_incidents_mcp.datadog.resources.postmortems import Postmortems
    from datadog_incidents_mcp.datadog.resources.responders import Responders
    from datadog_incidents_mcp.datadog.resources.teams import Teams
    from datadog_incidents_mcp.datadog.resources.timestamps import TimestampOverrides
    from datadog_incidents_mcp.datadog.resources.todos import Todos
    from datadog_incidents_mcp.datadog.resources.users import Users

R = TypeVar("R")


class _OnFirstUse(Generic[R]):
    """A namespace whose module is imported, and the namespace made, when first used.

    Every resource is one: their request and answer models are most of the package's
    import time, which every server start would otherwise pay, and listing tools needs none.
    The attribute is named after its resource, so it names the module too: `client.paging`
    is `resources/paging.py`.
    """

    def __init__(self, name: str) -> None:
        self._name = name  # the namespace class in that module

    def __set_name__(self, owner: type, attribute: str) -> None:
        self._attribute = attribute
        self._module = f"datadog_incidents_mcp.datadog.resources.{attribute}"

    @overload
    def __get__(self, client: None, owner: type) -> _OnFirstUse[R]: ...
    @overload
    def __get__(self, client: DatadogClient, owner: type) -> R: ...
    def __get__(self, client: DatadogClient | None, owner: type) -> Any:
        if client is None:
            return self
        namespace = getattr(importlib.import_module(self._module), self._name)(client._requester)
        client.__dict__[self._attribute] = namespace  # later reads skip this descriptor
        return namespace


def _secret(value: str | SecretStr | None) -> SecretStr:
    return value if isinstance(value, SecretStr) else SecretStr(value or "")


class KeyValidation(WireModel):
    valid: bool = False


class DatadogClient:
    """Typed async client for Datadog's Incident Management API.

    Open it once and share it: it owns one connection pool for its lifetime.

        async with DatadogClient(site="datadoghq.eu", api_key=..., app_key=...) as dd:
            page = await dd.incidents.search(query_text="state:active")

    Credentials: an API and application key pair; or an access token (`token`, or a
    `ddpat_`/`ddsat_` token given as the application key), sent as each operation allows
    (see `auth`); or `credentials` of another kind (an OAuth login).

    `base_url` overrides the site's API host (a proxy, or the sandbox; a `user:password@`
    in it is sent as Basic auth and never shown); `transport` replaces the network layer
    (an ASGI app in tests); `web_url` overrides where incident links point.

    Limits: `timeout` bounds each network wait; `deadline` bounds a whole request with its
    retries, or a whole tool call inside `one_call()`; an answer over `max_response_bytes`
    is refused unread.
    """

    def __init__(
        self,
        *,
        api_key: str | SecretStr = "",
        app_key: str | SecretStr = "",
        token: str | SecretStr | None = None,
        credentials: Credentials | None = None,
        site: str = DEFAULT_SITE,
        base_url: str | None = None,
        timeout: float = 30.0,
        transport: httpx2.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = None,
        web_url: str | None = None,
        deadline: float = DEFAULT_DEADLINE,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self.site = normalize_site(site)
        # "" means there is no web app to link to (the sandbox).
        self.web_url = web_base_url(self.site) if web_url is None else web_url
        requester = Requester(
            base_url=base_url or api_base_url(self.site),
            credentials=credentials
            or credentials_of(_secret(api_key), _secret(app_key), _secret(token)),
            timeout=timeout,
            transport=transport,
            retry=retry or RetryPolicy(),
            deadline=deadline,
            max_response_bytes=max_response_bytes,
        )
        self.base_url = requester.shown_url  # without any password
        self._requester = requester

    incidents: _OnFirstUse[Incidents] = _OnFirstUse("Incidents")
    attachments: _OnFirstUse[Attachments] = _OnFirstUse("Attachments")
    todos: _OnFirstUse[Todos] = _OnFirstUse("Todos")
    responders: _OnFirstUse[Responders] = _OnFirstUse("Responders")
    impacts: _OnFirstUse[Impacts] = _OnFirstUse("Impacts")
    integrations: _OnFirstUse[Integrations] = _OnFirstUse("Integrations")
    timestamps: _OnFirstUse[TimestampOverrides] = _OnFirstUse("TimestampOverrides")
    teams: _OnFirstUse[Teams] = _OnFirstUse("Teams")
    users: _OnFirstUse[Users] = _OnFirstUse("Users")
    postmortem_templates: _OnFirstUse[PostmortemTemplates] = _OnFirstUse("PostmortemTemplates")
    incident_types: _OnFirstUse[IncidentTypes] = _OnFirstUse("IncidentTypes")
    incident_fields: _OnFirstUse[IncidentFields] = _OnFirstUse("IncidentFields")
    incident_roles: _OnFirstUse[IncidentRoles] = _OnFirstUse("IncidentRoles")
    incident_settings: _OnFirstUse[IncidentSettings] = _OnFirstUse("IncidentSettings")
    impact_fields: _OnFirstUse[ImpactFields] = _OnFirstUse("ImpactFields")
    org_settings: _OnFirstUse[OrgSettings] = _OnFirstUse("OrgSettings")
    notification_templates: _OnFirstUse[NotificationTemplates] = _OnFirstUse(
        "NotificationTemplates"
    )
    notification_rules: _OnFirstUse[NotificationRules] = _OnFirstUse("NotificationRules")
    global_handles: _OnFirstUse[GlobalHandles] = _OnFirstUse("GlobalHandles")
    incident_rules: _OnFirstUse[IncidentRules] = _OnFirstUse("IncidentRules")
    incident_configurations: _OnFirstUse[IncidentConfigurations] = _OnFirstUse(
        "IncidentConfigurations"
    )
    postmortems: _OnFirstUse[Postmortems] = _OnFirstUse("Postmortems")
    paging: _OnFirstUse[Paging] = _OnFirstUse("Paging")
    google_workspace: _OnFirstUse[GoogleWorkspace] = _OnFirstUse("GoogleWorkspace")

    def __repr__(self) -> str:
        return f"DatadogClient(site={self.site!r}, base_url={self.base_url!r})"

    def incident_url(self, public_id: int | None) -> str | None:
        """The web page of an incident, for a person to open (None without a web app)."""
        if public_id is None or not self.web_url:
            return None
        return f"{self.web_url}/incidents/{public_id}"

    async def validate_api_key(self) -> bool:
        """Whether Datadog accepts the API key (`GET /api/v1/validate`); needs no app key."""
        try:
            answer = await self._requester.request("GET", "/api/v1/validate", retry_safe=True)
        except (AuthenticationError, PermissionDeniedError):
            return False
        return parse(KeyValidation, answer).valid

    async def validate_keys(self) -> bool:
        """Whether Datadog accepts these credentials (`GET /api/v2/validate_keys`, which
        takes a token too); a refusal raises, with what it means."""
        await self._requester.request("GET", "/api/v2/validate_keys", retry_safe=True)
        return True

    @property
    def credentials(self) -> Credentials:
        return self._requester.credentials

    async def aclose(self) -> None:
        await self._requester.aclose()

    async def __aenter__(self) -> DatadogClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
