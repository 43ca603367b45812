"""Settings from flags and Datadog's conventional environment variables.

Every problem is reported at start-up, naming the flag or variable to fix, so a
misconfigured server never starts half-working.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Literal, TypedDict
from urllib.parse import urlsplit

from pydantic import SecretStr

from datadog_incidents_mcp import tools as registry
from datadog_incidents_mcp.calls.policy import DEFAULT_POLICY, Policy
from datadog_incidents_mcp.datadog import UnknownSiteError, normalize_site, redact_url
from datadog_incidents_mcp.server.orgs import (
    Org,
    OrgsFileError,
    is_http_url,
    load_orgs,
    looks_secret,
    not_a_site,
)
from datadog_incidents_mcp.server.signin import SignIn, SignInError, sign_in_from
from datadog_incidents_mcp.tools import TOOLSETS, ToolSpec
from datadog_incidents_mcp.tools.manifest import catalog
from datadog_incidents_mcp.tools.selection import S, Selectable, Selection, select

if TYPE_CHECKING:
    from argparse import Namespace

Transport = Literal["stdio", "http"]
# Whose Datadog credentials serve a request: the server's, each request's own (required), or
# each request's own when it brings them and else the server's (HTTP only, but the first).
CredentialsMode = Literal["server", "per-request", "per-request-or-server"]

# Stateful HTTP sessions: a session idle this long (seconds, no request and no open stream)
# is closed, and at most this many are open at once (one more is answered 503). The SDK's
# own 30 minutes and 10,000 let one process lock everyone out for half an hour.
DEFAULT_SESSION_IDLE_TIMEOUT = 600.0
DEFAULT_MAX_SESSIONS = 100
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


class ConfigError(ValueError):
    """The configuration cannot work; the message says what to set."""


@dataclass(frozen=True)
class Flags:
    """What the command line chose, named as its flags are. None where a flag was not given,
    so the environment variable behind it decides."""

    sandbox: bool = False
    site: str | None = None
    api_url: str | None = None
    read_only: bool = False
    toolsets: str | None = None
    tools: str | None = None
    transport: Transport = "stdio"
    host: str | None = None  # DEFAULT_HOST
    port: int | None = None  # DEFAULT_PORT
    stateless: bool = False
    credentials: CredentialsMode = "server"
    session_idle_timeout: float | None = None
    max_sessions: int | None = None
    allowed_hosts: str | None = None
    allowed_origins: str | None = None
    metrics: bool | None = None
    orgs: str | None = None  # --orgs FILE
    confirm: Policy = DEFAULT_POLICY
    max_writes_per_minute: int | None = None
    max_creates_per_hour: int | None = None
    audit_log: str | None = None  # FILE, or "-" for stderr
    dry_run: bool = False
    # people sign in with the organisation's identity provider (server/signin.py)
    oauth_issuer: str | None = None
    public_url: str | None = None
    oauth_jwks_url: str | None = None
    oauth_read_scope: str | None = None
    oauth_write_scope: str | None = None

    @classmethod
    def parsed(cls, args: Namespace) -> Flags:
        """The flags an argparse parser found; those it does not define keep their defaults."""
        known = {field.name for field in fields(cls)}
        return cls(**{name: value for name, value in vars(args).items() if name in known})

    @property
    def per_request_credentials(self) -> bool:
        """Whether requests' headers may carry the Datadog credentials."""
        return self.credentials != "server"

    def http_only_given(self) -> list[str]:
        """The flags given that only the HTTP transport reads, as typed on the command line."""
        return [
            f"--{name.replace('_', '-')}"
            for name in _HTTP_ONLY
            if getattr(self, name) is not None and getattr(self, name) is not False
        ]


# Flags the stdio transport would ignore without a word (--metrics and --credentials
# per-request are refused with stdio by messages of their own).
_HTTP_ONLY = (
    "host",
    "port",
    "stateless",
    "allowed_hosts",
    "allowed_origins",
    "session_idle_timeout",
    "max_sessions",
    "oauth_issuer",
    "public_url",
    "oauth_jwks_url",
    "oauth_read_scope",
    "oauth_write_scope",
)


@dataclass(frozen=True)
class Settings:
    api_key: SecretStr
    app_key: SecretStr
    site: str
    api_url: str | None = field(repr=False)  # a password in it never shows in a repr
    sandbox: bool
    read_only: bool
    toolsets: frozenset[str]
    tools: frozenset[str] | None
    transport: Transport = "stdio"
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    stateless: bool = False
    timeout: float = 30.0
    deadline: float = 60.0  # one tool call's Datadog requests, retries included (DD_CALL_DEADLINE)
    http_token: SecretStr | None = None  # required bearer token for HTTP clients
    # Whose Datadog credentials serve a request (CredentialsMode; see `per_request_credentials`)
    credentials: CredentialsMode = "server"
    session_idle_timeout: float = DEFAULT_SESSION_IDLE_TIMEOUT
    max_sessions: int = DEFAULT_MAX_SESSIONS
    allowed_hosts: tuple[str, ...] = ()  # Host values accepted besides loopback names
    allowed_origins: tuple[str, ...] = ()  # Origin values accepted besides loopback origins
    # MCP_REQUEST_STATE_KEY: the first seals multi-round request state, all unseal; empty:
    # a key of this process's own, so a confirmation must finish on the replica it began on
    request_state_keys: tuple[SecretStr, ...] = ()
    metrics: bool = False  # GET /metrics in Prometheus text format (HTTP only)
    # --orgs FILE with several orgs (one org is served as if set by DD_*); the fields above
    # then hold the default org's site and keys
    orgs: tuple[Org, ...] = ()
    # Guardrails for agents that write (docs/agents.md)
    confirm: Policy = DEFAULT_POLICY  # which writes ask the user first
    max_writes_per_minute: int | None = None  # per session (stateless HTTP: per credential)
    max_creates_per_hour: int | None = None  # the same, for creates alone
    audit_log: str | None = None  # one JSON line per write: a file, "-" for stderr, or none
    dry_run: bool = False  # writes answer with the request they would send; nothing is sent
    # A personal or service access token (DD_BEARER_TOKEN, or an org's token_env); it is
    # used instead of the keys, which are then empty
    token: SecretStr | None = None
    # No keys nor token: the tokens `datadog-incidents-mcp login` kept for this site
    login: bool = False
    sign_in: SignIn | None = None  # people sign in with the organisation's identity provider

    @property
    def per_request_credentials(self) -> bool:
        """Whether a request's DD-API-KEY and DD-APPLICATION-KEY headers are read at all."""
        return self.credentials != "server"

    @property
    def server_fallback(self) -> bool:
        """Whether a request that brings no Datadog header acts with the server's own."""
        return self.credentials == "per-request-or-server"


def org_settings(settings: Settings) -> dict[str, Settings]:
    """Each org's own settings (its site, URL and keys), by name; empty with one org."""
    return {
        org.name: replace(
            settings,
            site=org.site,
            api_url=org.api_url,
            api_key=org.api_key,
            app_key=org.app_key,
            token=org.token,
            orgs=(),
        )
        for org in settings.orgs
    }


LOOPBACK = ("127.0.0.1", "localhost", "::1")
MIN_TOKEN_LENGTH = 32  # e.g. `openssl rand -hex 16`; shorter tokens can be guessed
MIN_STATE_KEY_LENGTH = 32  # the SDK's floor for a request-state key, in bytes


def select_tools(settings: Settings) -> list[ToolSpec]:
    """The registry's tools these settings offer (see `select_from`)."""
    return select_from(settings, registry.REGISTRY)


def selection(settings: Settings) -> Selection:
    """What the server's --read-only, --toolsets and --tools keep."""
    names = None if settings.tools is None else frozenset(settings.tools)
    return Selection(settings.read_only, frozenset(settings.toolsets), names)


def offered(settings: Settings) -> list[Selectable]:
    """What `select_tools` gives, by name, toolset and kind only: from the shipped manifest
    when it is current, so no tool module is imported."""
    return select_from(settings, catalog())


def select_from(settings: Settings, tools: Iterable[S]) -> list[S]:
    """The `tools` these settings offer (tools.selection: one order, sorted)."""
    return select(tools, selection(settings))


def _names(raw: str | None) -> list[str]:
    return [n.strip() for n in (raw or "").split(",") if n.strip()]


def _number(flag: str, variable: str, given: float | None, env: Mapping[str, str]) -> float | None:
    """A positive number from the flag, else the environment variable; None if neither."""
    if given is not None:
        value, source = given, flag
    else:
        raw = env.get(variable, "").strip()
        if not raw:
            return None
        try:
            value = float(raw)
        except ValueError:
            raise ConfigError(f"{variable} must be a number, got {raw!r}") from None
        source = variable
    if not (0 < value < float("inf")):
        raise ConfigError(f"{source} must be a positive number, got {value:g}")
    return value


def closest(unknown: list[str], valid: list[str]) -> str:
    """'did you mean' hints for mistyped names, from the valid ones."""
    hints = [
        f"{name} (did you mean {' or '.join(close)}?)"
        if (close := difflib.get_close_matches(name, valid, n=3, cutoff=0.6))
        else name
        for name in unknown
    ]
    return ", ".join(hints)


class _HttpSettings(TypedDict, total=False):
    """The fields of `Settings` only the HTTP transport sets."""

    host: str
    port: int
    http_token: SecretStr | None
    sign_in: SignIn | None
    session_idle_timeout: float
    max_sessions: int
    allowed_hosts: tuple[str, ...]
    allowed_origins: tuple[str, ...]


def _http(env: Mapping[str, str], flags: Flags) -> _HttpSettings:
    """The HTTP transport's settings: token, session limits, Host and Origin allow-lists;
    none unless serving HTTP."""
    if flags.transport != "http":
        if given := flags.http_only_given():
            one = len(given) == 1
            raise ConfigError(
                f"{', '.join(given)} {'needs' if one else 'need'} --transport http: the "
                f"default transport, stdio, has no use for {'it' if one else 'them'}; add "
                f"--transport http, or drop {given[0] if one else 'them'}"
            )
        return {}
    host = DEFAULT_HOST if flags.host is None else flags.host
    port = DEFAULT_PORT if flags.port is None else flags.port
    token = env.get("MCP_HTTP_TOKEN") or None
    if token is not None and len(token.strip()) < MIN_TOKEN_LENGTH:
        raise ConfigError(
            f"MCP_HTTP_TOKEN is {len(token.strip())} characters; use at least "
            f"{MIN_TOKEN_LENGTH} random ones, e.g. the output of `openssl rand -hex 32`"
        )
    sign_in = _sign_in(env, flags)
    if sign_in is not None and token:
        raise ConfigError(
            "MCP_HTTP_TOKEN and --oauth-issuer (MCP_OAUTH_ISSUER) both set who may call: with "
            "an issuer people sign in as themselves and the shared token would go unused; "
            "unset MCP_HTTP_TOKEN, or drop the issuer to keep the shared token"
        )
    if host not in LOOPBACK and not token and sign_in is None:
        raise ConfigError(
            f"--host {host} exposes the server beyond this machine: set MCP_HTTP_TOKEN to a long "
            "random secret that clients must send as 'Authorization: Bearer <token>', or have "
            "people sign in with --oauth-issuer"
        )
    if not 0 < port < 65536:
        raise ConfigError(f"--port must be between 1 and 65535, got {port}")
    idle = _number(
        "--session-idle-timeout", "MCP_SESSION_IDLE_TIMEOUT", flags.session_idle_timeout, env
    )
    cap = _number("--max-sessions", "MCP_MAX_SESSIONS", flags.max_sessions, env)
    if cap is not None and cap != int(cap):
        raise ConfigError(f"--max-sessions / MCP_MAX_SESSIONS must be a whole number, got {cap:g}")
    hosts = _names(_given(flags.allowed_hosts, env.get("MCP_ALLOWED_HOSTS")))
    origins = _names(_given(flags.allowed_origins, env.get("MCP_ALLOWED_ORIGINS")))
    if origins and not hosts:
        raise ConfigError(
            "--allowed-origins needs --allowed-hosts (or MCP_ALLOWED_HOSTS) too: name the host "
            "names clients use to reach this server, e.g. mcp.example.com"
        )
    bad = [o for o in origins if urlsplit(o).scheme not in ("http", "https")]
    if bad:
        raise ConfigError(
            f"--allowed-origins: {', '.join(bad)} is not an origin such as https://app.example.com"
        )
    return {
        "host": host,
        "port": port,
        "http_token": SecretStr(token.strip()) if token else None,
        "sign_in": sign_in,
        "session_idle_timeout": idle or DEFAULT_SESSION_IDLE_TIMEOUT,
        "max_sessions": int(cap) if cap else DEFAULT_MAX_SESSIONS,
        "allowed_hosts": tuple(hosts),
        "allowed_origins": tuple(origins),
    }


def _sign_in(env: Mapping[str, str], flags: Flags) -> SignIn | None:
    try:
        return sign_in_from(
            env,
            issuer=flags.oauth_issuer,
            public_url=flags.public_url,
            jwks_url=flags.oauth_jwks_url,
            read_scope=flags.oauth_read_scope,
            write_scope=flags.oauth_write_scope,
        )
    except SignInError as exc:
        raise ConfigError(str(exc)) from None


def _given(flag: str | None, variable: str | None) -> str | None:
    """The flag's value when given (even empty), else the environment variable's."""
    return flag if flag is not None else variable


def _request_state_keys(env: Mapping[str, str]) -> tuple[SecretStr, ...]:
    """MCP_REQUEST_STATE_KEY: one secret, or a comma list for rotation (the first seals).

    Replicas behind a load balancer share it, so a delete confirmed through elicitation may
    finish on another replica than the one that asked. The message never shows a key.
    """
    keys = _names(env.get("MCP_REQUEST_STATE_KEY"))
    for position, key in enumerate(keys, 1):
        if len(key.encode()) < MIN_STATE_KEY_LENGTH:
            raise ConfigError(
                f"MCP_REQUEST_STATE_KEY: key {position} of {len(keys)} is {len(key.encode())} "
                f"bytes; use at least {MIN_STATE_KEY_LENGTH} random ones, e.g. the output of "
                "`openssl rand -hex 32`, the same on every replica"
            )
    if len(set(keys)) < len(keys):
        raise ConfigError("MCP_REQUEST_STATE_KEY names the same key twice; list each key once")
    return tuple(SecretStr(key) for key in keys)


def select_toolsets(chosen: list[str]) -> frozenset[str]:
    """Toolset names, where `default` stands for the lean default set and `all` for every
    toolset, so `default,impacts` adds one toolset to the default."""
    defaults = {name for name, t in TOOLSETS.items() if t.default}
    unknown = sorted(set(chosen) - set(TOOLSETS) - {"default", "all"})
    if unknown:
        raise ConfigError(
            f"--toolsets: unknown {closest(unknown, list(TOOLSETS))}; "
            f"valid: default, all, {', '.join(TOOLSETS)}"
        )
    if not chosen:
        return frozenset(defaults)
    if "all" in chosen:
        return frozenset(TOOLSETS)
    return frozenset(defaults if "default" in chosen else set()) | (set(chosen) - {"default"})


def _switch(variable: str, env: Mapping[str, str]) -> bool:
    raw = env.get(variable, "").strip().lower()
    if raw not in ("", "0", "false", "no", "1", "true", "yes"):
        raise ConfigError(f"{variable} must be true or false, got {raw!r}")
    return raw in ("1", "true", "yes")


def _deadline(raw: str | None) -> float:
    try:
        value = float(raw) if raw else 60.0
    except ValueError:
        value = 0.0
    if not 1 <= value <= 600:
        raise ConfigError(f"DD_CALL_DEADLINE must be seconds between 1 and 600, got {raw!r}")
    return value


def _orgs_file(flags: Flags, env: Mapping[str, str]) -> tuple[Org, ...]:
    """The orgs of --orgs FILE (or DD_ORGS_FILE); none without one."""
    source = "--orgs" if flags.orgs else "DD_ORGS_FILE"
    path = flags.orgs or env.get("DD_ORGS_FILE", "").strip() or None
    if path is None:
        return ()
    if flags.per_request_credentials:
        raise ConfigError(
            f"{source} cannot be combined with --credentials {flags.credentials}: there, each "
            "request's DD-API-KEY and DD-APPLICATION-KEY headers decide the one org; drop one"
        )
    if flags.sandbox:
        raise ConfigError(
            f"{source} cannot be combined with --sandbox, which serves one sample org; to try "
            "several, run `datadog-incidents-mcp sandbox --port N` once per org and point each "
            "org's api_url at it"
        )
    if flags.site or flags.api_url:
        raise ConfigError(
            f"--site and --api-url do not apply with {source}: set site or api_url for each "
            "org in the file"
        )
    try:
        return load_orgs(path, env)
    except OrgsFileError as exc:
        raise ConfigError(f"{source} {path}: {exc}") from None


def _as_default_org(orgs: tuple[Org, ...], env: Mapping[str, str]) -> dict[str, str]:
    """The environment with the default org's site and keys where DD_* would hold them."""
    org = next(org for org in orgs if org.default)
    return {
        **env,
        "DD_SITE": org.site,
        "DD_API_URL": org.api_url or "",
        "DD_API_KEY": org.api_key.get_secret_value(),
        "DD_APP_KEY": org.app_key.get_secret_value(),
        "DD_BEARER_TOKEN": org.token.get_secret_value() if org.token else "",
    }


def place(env: Mapping[str, str], site: str | None, api_url: str | None) -> tuple[str, str | None]:
    """The canonical site and API URL from the flags (which win) or DD_SITE and DD_API_URL."""
    raw_site = site or env.get("DD_SITE") or "datadoghq.com"
    try:
        canonical = normalize_site(raw_site)
    except UnknownSiteError as exc:
        source = "--site" if site else "DD_SITE"
        if looks_secret(raw_site):  # a key pasted in the wrong place is not repeated
            raise ConfigError(f"{source} {not_a_site()}") from None
        raise ConfigError(f"{source}: {exc}") from None
    url = api_url or env.get("DD_API_URL") or None
    if url and not is_http_url(url):
        source = "--api-url" if api_url else "DD_API_URL"
        raise ConfigError(
            f"{source} must be an http(s) URL such as https://api.datadoghq.eu"
            + ("" if looks_secret(url) else f", got {redact_url(url)!r}")
        )
    return canonical, url


def resolve_settings(env: Mapping[str, str], flags: Flags = Flags()) -> Settings:
    """Combine flags (which win) with DD_* and MCP_* variables, or raise ConfigError."""
    orgs = _orgs_file(flags, env)
    if orgs:
        env = _as_default_org(orgs, env)
    canonical, url = place(env, flags.site, flags.api_url)
    api_key, app_key = env.get("DD_API_KEY", ""), env.get("DD_APP_KEY", "")
    token = env.get("DD_BEARER_TOKEN", "").strip()
    if token:  # Terraform's name for it; it wins over keys set for other tools
        api_key, app_key = "", ""
    if flags.per_request_credentials and flags.transport != "http":
        raise ConfigError(
            f"--credentials {flags.credentials} needs --transport http: keys come from request "
            "headers"
        )
    if flags.sandbox and flags.credentials == "per-request-or-server":
        raise ConfigError(
            "--credentials per-request-or-server cannot be combined with --sandbox, whose sample "
            "org takes no Datadog credentials; drop one"
        )
    http = _http(env, flags)
    if flags.sandbox or flags.credentials == "per-request":  # no credentials of its own
        api_key, app_key = api_key or "sandbox", app_key or "sandbox"
    login = False
    if flags.sandbox:
        api_key, app_key, token = "sandbox", "sandbox", ""
    elif not (token or api_key or app_key or orgs):
        login = _logged_in(canonical, url)
    if not (flags.sandbox or token or login):
        missing = [
            name for name, value in (("DD_API_KEY", api_key), ("DD_APP_KEY", app_key)) if not value
        ]
        if missing:
            # Whole commands: doctor says this too, and checks real keys only (the sandbox
            # takes any keys and grants everything, so checking it would prove nothing).
            raise ConfigError(
                f"{' and '.join(missing)} not set. Create keys in Datadog under Organization "
                "Settings (API Keys, Application Keys) and set DD_API_KEY and DD_APP_KEY, or "
                "set DD_BEARER_TOKEN to a personal or service access token, or sign in with "
                "`datadog-incidents-mcp login`; or "
                "try the server on built-in sample data without an account: "
                "`datadog-incidents-mcp --sandbox`, or `datadog-incidents-mcp demo` to watch "
                "a triage story."
            )
    selected = select_toolsets(_names(flags.toolsets))
    named = _names(flags.tools)
    known = [spec.name for spec in catalog()]
    unknown_tools = sorted(set(named) - set(known))
    if unknown_tools:
        raise ConfigError(
            f"--tools: unknown {closest(unknown_tools, known)}; see the tool table in docs/tools.md"
        )
    deadline = _deadline(env.get("DD_CALL_DEADLINE"))
    metrics = _switch("MCP_METRICS", env) if flags.metrics is None else flags.metrics
    if metrics and flags.transport != "http":
        raise ConfigError("--metrics needs --transport http: /metrics is served over HTTP")
    for flag, cap in (
        ("--max-writes-per-minute", flags.max_writes_per_minute),
        ("--max-creates-per-hour", flags.max_creates_per_hour),
    ):
        if cap is not None and cap < 1:
            raise ConfigError(f"{flag} must be a whole number of at least 1, got {cap}")
    settings = Settings(
        api_key=SecretStr(api_key),
        app_key=SecretStr(app_key),
        site=canonical,
        api_url=url,
        sandbox=flags.sandbox,
        read_only=flags.read_only,
        toolsets=selected,
        tools=frozenset(named) if named else None,
        transport=flags.transport,
        stateless=flags.stateless,
        credentials=flags.credentials,
        deadline=deadline,
        request_state_keys=_request_state_keys(env),
        metrics=metrics,
        orgs=orgs if len(orgs) > 1 else (),
        confirm=flags.confirm,
        max_writes_per_minute=flags.max_writes_per_minute,
        max_creates_per_hour=flags.max_creates_per_hour,
        audit_log=flags.audit_log,
        dry_run=flags.dry_run,
        token=SecretStr(token) if token else None,
        login=login,
        **http,
    )
    if not select_from(settings, catalog()):
        raise ConfigError(_no_tools(settings))
    return settings


def _logged_in(site: str, api_url: str | None) -> bool:
    """Whether `login` kept tokens for this site; only asked when no keys or token are set,
    so the keychain is not loaded on other starts."""
    from datadog_incidents_mcp.server.login import stored

    return stored(site, api_url) is not None


def _no_tools(settings: Settings) -> str:
    """Why these flags leave nothing to offer, naming the flag that removed the tools."""
    in_sets = [spec for spec in catalog() if spec.toolset in settings.toolsets]
    if settings.tools is not None:
        outside = sorted(settings.tools - {spec.name for spec in in_sets})
        if outside:
            return (
                f"--tools {', '.join(sorted(settings.tools))}: no tool left to offer; "
                f"{', '.join(outside)} not in the chosen toolsets "
                f"({', '.join(sorted(settings.toolsets))}): add its toolset with --toolsets"
            )
    removed = (
        f"--tools {', '.join(sorted(settings.tools))}"
        if settings.tools is not None
        else f"--toolsets {', '.join(sorted(settings.toolsets))}"
    )
    return (
        f"--read-only leaves no tool to offer: {removed} has only tools that change things; "
        "drop --read-only or choose tools that only read"
    )
