"""Settings: every misconfiguration stops the start with a message naming what to set."""

from __future__ import annotations

import argparse
import subprocess
import sys
from dataclasses import fields

import pytest

from datadog_incidents_mcp.server.cli import _doctor_parser, _server_parser, main
from datadog_incidents_mcp.server.config import ConfigError, Flags, resolve_settings

KEYS = {"DD_API_KEY": "k", "DD_APP_KEY": "a"}
KEY = "0123456789abcdef0123456789abcdef"  # shaped like a Datadog API key


def test_keys_come_from_the_environment_and_stay_secret() -> None:
    settings = resolve_settings({**KEYS, "DD_SITE": "app.datadoghq.eu"})
    assert settings.site == "datadoghq.eu"
    assert settings.api_key.get_secret_value() == "k"
    assert "k'" not in repr(settings) and "'a'" not in repr(settings)


@pytest.mark.parametrize(
    ("env", "flags", "says"),
    [
        ({}, {}, "DD_API_KEY and DD_APP_KEY not set"),
        ({"DD_API_KEY": "k"}, {}, "DD_APP_KEY not set"),
        ({**KEYS, "DD_SITE": "datadog.eu"}, {}, "DD_SITE: unknown Datadog site 'datadog.eu'"),
        (KEYS, {"site": "mars"}, "--site: unknown Datadog site"),
        ({**KEYS, "DD_API_URL": "api.example.com"}, {}, "DD_API_URL must be an http(s) URL"),
        (KEYS, {"toolsets": "incidents,pagers"}, "--toolsets: unknown pagers"),
        (KEYS, {"tools": "get_incident,page_everyone"}, "--tools: unknown page_everyone;"),
        (
            KEYS,
            {"tools": "creat_incident"},
            "--tools: unknown creat_incident (did you mean create_incident",
        ),
        (KEYS, {"toolsets": "incident"}, "--toolsets: unknown incident (did you mean incidents"),
        (
            KEYS,
            {"read_only": True, "tools": "create_incident"},
            "--read-only leaves no tool to offer: --tools create_incident has only tools",
        ),
        (
            KEYS,
            {"read_only": True, "toolsets": "ai"},
            "--read-only leaves no tool to offer: --toolsets ai has only tools",
        ),
        (
            KEYS,
            {"toolsets": "teams", "tools": "get_incident"},
            "get_incident not in the chosen toolsets (teams): add its toolset with --toolsets",
        ),
        ({**KEYS, "MCP_HTTP_TOKEN": "short-token"}, {"transport": "http"}, "MCP_HTTP_TOKEN is 11"),
        ({**KEYS, "MCP_MAX_SESSIONS": "many"}, {"transport": "http"}, "MCP_MAX_SESSIONS must be a"),
        (KEYS, {"transport": "http", "max_sessions": 0}, "--max-sessions must be a positive"),
        (
            {**KEYS, "MCP_SESSION_IDLE_TIMEOUT": "inf"},
            {"transport": "http"},
            "MCP_SESSION_IDLE_TIMEOUT must be a positive number",
        ),
        (
            KEYS,
            {"transport": "http", "allowed_origins": "https://app.example.com"},
            "--allowed-origins needs --allowed-hosts",
        ),
        (
            KEYS,
            {"transport": "http", "allowed_hosts": "a.example", "allowed_origins": "a.example"},
            "--allowed-origins: a.example is not an origin",
        ),
    ],
)
def test_misconfiguration_names_what_to_fix(
    env: dict[str, str], flags: dict[str, str], says: str
) -> None:
    with pytest.raises(ConfigError, match=says.replace("(", r"\(").replace(")", r"\)")):
        resolve_settings(env, Flags(**flags))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("flags", "env"),
    [
        ({"site": KEY}, {}),
        ({}, {"DD_SITE": KEY}),
        ({"api_url": KEY}, {}),
        ({}, {"DD_API_URL": KEY}),
    ],
)
def test_a_key_given_as_site_or_url_is_refused_without_being_repeated(
    flags: dict[str, str], env: dict[str, str]
) -> None:
    with pytest.raises(ConfigError) as raised:
        resolve_settings({**KEYS, **env}, Flags(**flags))  # type: ignore[arg-type]
    message = str(raised.value)
    assert KEY not in message and message.startswith(("--site", "DD_SITE", "--api-url", "DD_API"))


@pytest.mark.parametrize(
    ("toolsets", "adds", "leaves_out"),
    [
        (None, {"incidents", "todos", "users"}, {"impacts", "incident_admin", "teams"}),
        ("default,impacts", {"incidents", "impacts"}, {"incident_admin", "teams"}),
        ("teams", {"teams"}, {"incidents"}),
        ("default,all", {"incident_admin", "ai"}, set[str]()),
    ],
)
def test_toolsets_combine_default_all_and_names(
    toolsets: str | None, adds: set[str], leaves_out: set[str]
) -> None:
    selected = resolve_settings({}, Flags(sandbox=True, toolsets=toolsets)).toolsets
    assert adds <= selected and not leaves_out & selected


def test_sandbox_needs_no_keys_and_flags_win_over_the_environment() -> None:
    settings = resolve_settings(
        {"DD_SITE": "EU"}, Flags(sandbox=True, site="us3", api_url="http://127.0.0.1:1")
    )
    assert (settings.site, settings.api_url, settings.sandbox) == (
        "us3.datadoghq.com",
        "http://127.0.0.1:1",
        True,
    )


def test_the_command_exits_2_with_the_message_and_no_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "datadog_incidents_mcp"],
        capture_output=True,
        text=True,
        env={},
        timeout=60,
    )
    assert result.returncode == 2
    assert "DD_API_KEY and DD_APP_KEY not set" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_http_limits_and_allow_lists_come_from_flags_or_the_environment() -> None:
    env = {
        **KEYS,
        "MCP_SESSION_IDLE_TIMEOUT": "90",
        "MCP_MAX_SESSIONS": "7",
        "MCP_ALLOWED_HOSTS": "mcp.example.com, mcp.example.com:8443",
        "MCP_ALLOWED_ORIGINS": "https://app.example.com",
    }
    from_env = resolve_settings(env, Flags(transport="http"))
    assert (from_env.session_idle_timeout, from_env.max_sessions) == (90, 7)
    assert from_env.allowed_hosts == ("mcp.example.com", "mcp.example.com:8443")
    assert from_env.allowed_origins == ("https://app.example.com",)
    flags = resolve_settings(
        env,
        Flags(transport="http", session_idle_timeout=30, max_sessions=2, allowed_hosts="b.test"),
    )
    assert (flags.session_idle_timeout, flags.max_sessions, flags.allowed_hosts) == (
        30,
        2,
        ("b.test",),
    )
    defaults = resolve_settings(KEYS, Flags(transport="http"))
    assert (defaults.session_idle_timeout, defaults.max_sessions) == (600, 100)


def test_a_flag_combination_without_tools_exits_2_saying_why() -> None:
    command = [sys.executable, "-m", "datadog_incidents_mcp", "--sandbox", "--read-only"]
    result = subprocess.run(
        [*command, "--toolsets", "ai"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--read-only leaves no tool to offer" in result.stderr


@pytest.mark.parametrize(
    "flags",
    [
        ["--host", "127.0.0.1"],
        ["--port", "9000"],
        ["--stateless"],
        ["--allowed-hosts", "mcp.example.com"],
        ["--allowed-origins", "https://app.example.com", "--allowed-hosts", "mcp.example.com"],
        ["--session-idle-timeout", "60"],
        ["--max-sessions", "5"],
    ],
)
def test_an_http_only_flag_without_http_transport_is_refused_naming_both(
    flags: list[str],
) -> None:
    args = _server_parser().parse_args(["--sandbox", *flags])
    with pytest.raises(ConfigError) as raised:
        resolve_settings({}, Flags.parsed(args))
    message = str(raised.value)
    assert flags[0] in message.split(" need")[0].split(", ") and "--transport http:" in message
    http = _server_parser().parse_args(["--sandbox", "--transport", "http", *flags])
    assert resolve_settings({}, Flags.parsed(http)).transport == "http"


def test_the_command_refuses_http_flags_on_stdio_with_exit_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "datadog_incidents_mcp", "--sandbox", "--port", "9000"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "--port needs --transport http" in result.stderr and result.stdout == ""


def test_the_usage_names_every_command_and_each_has_help(
    capsys: pytest.CaptureFixture[str],
) -> None:
    usage = _server_parser().format_usage()
    for command in ("demo", "doctor", "sandbox"):
        assert f"datadog-incidents-mcp {command}" in usage, usage
        with pytest.raises(SystemExit) as exited:
            main([command, "--help"])
        assert exited.value.code == 0
        assert capsys.readouterr().out.startswith(f"usage: datadog-incidents-mcp {command}")


@pytest.mark.parametrize("parser", [_server_parser(), _doctor_parser()])
def test_every_setting_flag_reaches_the_settings(parser: argparse.ArgumentParser) -> None:
    """`Flags.parsed` keeps the namespace's names it knows: a flag whose name `Flags` lacks
    would be dropped without a word. Logging is set up before any settings."""
    names = set(vars(parser.parse_args([]))) - {"log_level", "log_format"}
    assert names <= {field.name for field in fields(Flags)}
    flags = Flags.parsed(parser.parse_args(["--toolsets", "all", "--read-only", "--orgs", "o"]))
    assert (flags.toolsets, flags.read_only, flags.orgs) == ("all", True, "o")
