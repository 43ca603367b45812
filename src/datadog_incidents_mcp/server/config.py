"""Settings from flags and Datadog's conventional environment variables.

Every problem is reported at start-up, naming the flag or variable to fix, so a
misconfigured server never starts half-working.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from pydantic import SecretStr

from datadog_incidents_mcp.datadog import UnknownSiteError, normalize_site
from datadog_incidents_mcp.tools import REGISTRY, TOOLSETS

Transport = Literal["stdio", "http"]


class ConfigError(ValueError):
    """The configuration cannot work; the message says what to set."""


@dataclass(frozen=True)
class Settings:
    api_key: SecretStr
    app_key: SecretStr
    site: str
    api_url: str | None
    sandbox: bool
    read_only: bool
    toolsets: frozenset[str]
    tools: frozenset[str] | None
    transport: Transport = "stdio"
    host: str = "127.0.0.1"
    port: int = 8000
    stateless: bool = False
    timeout: float = 30.0
    http_token: SecretStr | None = None  # required bearer token for HTTP clients
    per_request_credentials: bool = False  # Datadog keys come from each HTTP request


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _names(raw: str | None) -> list[str]:
    return [n.strip() for n in (raw or "").split(",") if n.strip()]


def select_toolsets(chosen: list[str]) -> frozenset[str]:
    """Toolset names, where `default` stands for the lean default set and `all` for every
    toolset, so `default,impacts` adds one toolset to the default."""
    defaults = {name for name, t in TOOLSETS.items() if t.default}
    unknown = sorted(set(chosen) - set(TOOLSETS) - {"default", "all"})
    if unknown:
        raise ConfigError(
            f"--toolsets: unknown {', '.join(unknown)}; valid: default, all, {', '.join(TOOLSETS)}"
        )
    if not chosen:
        return frozenset(defaults)
    if "all" in chosen:
        return frozenset(TOOLSETS)
    return frozenset(defaults if "default" in chosen else set()) | (set(chosen) - {"default"})


def resolve_settings(
    *,
    env: Mapping[str, str],
    sandbox: bool = False,
    site: str | None = None,
    api_url: str | None = None,
    read_only: bool = False,
    toolsets: str | None = None,
    tools: str | None = None,
    transport: Transport = "stdio",
    host: str = "127.0.0.1",
    port: int = 8000,
    stateless: bool = False,
    per_request_credentials: bool = False,
) -> Settings:
    """Combine flags (which win) with DD_* variables, or raise ConfigError."""
    raw_site = site or env.get("DD_SITE") or "datadoghq.com"
    try:
        canonical = normalize_site(raw_site)
    except UnknownSiteError as exc:
        source = "--site" if site else "DD_SITE"
        raise ConfigError(f"{source}: {exc}") from None
    url = api_url or env.get("DD_API_URL") or None
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            source = "--api-url" if api_url else "DD_API_URL"
            raise ConfigError(
                f"{source} must be an http(s) URL such as https://api.datadoghq.eu, got {url!r}"
            )
    api_key, app_key = env.get("DD_API_KEY", ""), env.get("DD_APP_KEY", "")
    token = env.get("MCP_HTTP_TOKEN") or None
    if per_request_credentials and transport != "http":
        raise ConfigError(
            "--credentials per-request needs --transport http: keys come from request headers"
        )
    if transport == "http" and host not in LOOPBACK and not token:
        raise ConfigError(
            f"--host {host} exposes the server beyond this machine: set MCP_HTTP_TOKEN to a long "
            "random secret that clients must send as 'Authorization: Bearer <token>'"
        )
    if sandbox or per_request_credentials:
        api_key, app_key = api_key or "sandbox", app_key or "sandbox"
    if sandbox:
        api_key, app_key = "sandbox", "sandbox"
    else:
        missing = [
            name for name, value in (("DD_API_KEY", api_key), ("DD_APP_KEY", app_key)) if not value
        ]
        if missing:
            raise ConfigError(
                f"{' and '.join(missing)} not set. Create keys in Datadog under Organization "
                "Settings (API Keys, Application Keys) and set DD_API_KEY and DD_APP_KEY, or run "
                "with --sandbox to try the server on built-in sample data without an account."
            )
    selected = select_toolsets(_names(toolsets))
    named = _names(tools)
    unknown_tools = sorted(set(named) - {spec.name for spec in REGISTRY})
    if unknown_tools:
        raise ConfigError(
            f"--tools: unknown {', '.join(unknown_tools)}; see the tool table in the README"
        )
    if transport == "http" and not 0 < port < 65536:
        raise ConfigError(f"--port must be between 1 and 65535, got {port}")
    return Settings(
        api_key=SecretStr(api_key),
        app_key=SecretStr(app_key),
        site=canonical,
        api_url=url,
        sandbox=sandbox,
        read_only=read_only,
        toolsets=selected,
        tools=frozenset(named) if named else None,
        transport=transport,
        host=host,
        port=port,
        stateless=stateless,
        http_token=SecretStr(token) if token else None,
        per_request_credentials=per_request_credentials,
    )
