"""The --orgs file: every mistake stops the start naming the org and what to set, and keys
never live in the file nor show in a message."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from datadog_incidents_mcp.sandbox import Sandbox
from datadog_incidents_mcp.sandbox.app import ALL_PERMISSIONS
from datadog_incidents_mcp.sandbox.serve import running
from datadog_incidents_mcp.server.config import ConfigError, Flags, resolve_settings
from datadog_incidents_mcp.server.doctor import run_doctor

PROD = """
[orgs.prod]
site = "datadoghq.com"
api_key_env = "PROD_DD_API_KEY"
app_key_env = "PROD_DD_APP_KEY"
default = true
"""
STAGING = """
[orgs.staging]
site = "EU"
api_url = "http://127.0.0.1:9000"
api_key_env = "STG_DD_API_KEY"
app_key_env = "STG_DD_APP_KEY"
"""
KEY = "0123456789abcdef0123456789abcdef"  # shaped like a Datadog API key
ENV = {
    "PROD_DD_API_KEY": "prod-api-secret",
    "PROD_DD_APP_KEY": "prod-app-secret",
    "STG_DD_API_KEY": "stg-api-secret",
    "STG_DD_APP_KEY": "stg-app-secret",
}


def _file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "orgs.toml"
    path.write_text(text)
    return str(path)


def test_two_orgs_serve_the_default_where_dd_variables_would_and_keep_keys_secret(
    tmp_path: Path,
) -> None:
    settings = resolve_settings(ENV, Flags(orgs=_file(tmp_path, PROD + STAGING)))
    assert [(o.name, o.site, o.api_url, o.default) for o in settings.orgs] == [
        ("prod", "datadoghq.com", None, True),
        ("staging", "datadoghq.eu", "http://127.0.0.1:9000", False),
    ]
    assert (settings.site, settings.api_url) == ("datadoghq.com", None)
    assert settings.api_key.get_secret_value() == "prod-api-secret"
    assert not any(secret in repr(settings) for secret in ENV.values())


def test_the_environment_variable_names_the_file_too(tmp_path: Path) -> None:
    env = {**ENV, "DD_ORGS_FILE": _file(tmp_path, STAGING + PROD)}
    assert [o.name for o in resolve_settings(env).orgs] == ["staging", "prod"]


def test_one_org_is_served_exactly_as_dd_variables_would_be(tmp_path: Path) -> None:
    from_file = resolve_settings(ENV, Flags(orgs=_file(tmp_path, STAGING)))
    from_env = resolve_settings(
        {"DD_API_KEY": "stg-api-secret", "DD_APP_KEY": "stg-app-secret", "DD_SITE": "EU"},
        Flags(api_url="http://127.0.0.1:9000"),
    )
    assert from_file == from_env and from_file.orgs == ()


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[orgs.prod\nsite = 1", "not valid TOML"),
        ("", "no org; add one [orgs.NAME] table"),
        (PROD + "[server]\nport = 1\n", "top level: unknown key server; valid: orgs"),
        (PROD.replace("site =", "sitte ="), "[orgs.prod]: unknown key sitte (did you mean site?)"),
        (
            PROD.replace("datadoghq.com", "datadoghq.moon"),
            "[orgs.prod]: site is not a Datadog site",
        ),
        (
            STAGING.replace("http://127.0.0.1:9000", "127.0.0.1:9000"),
            "[orgs.staging]: api_url must be an http(s) URL",
        ),
        (PROD.replace('app_key_env = "PROD_DD_APP_KEY"', ""), "[orgs.prod]: set app_key_env"),
        (PROD.replace("default = true", 'default = "yes"'), "default must be true or false"),
        (PROD.replace("orgs.prod", 'orgs."Prod EU"'), "[orgs.Prod EU]: an org name is 1 to 32"),
        (
            PROD + STAGING.replace("STG_DD_APP_KEY", "QA_DD_APP_KEY"),
            ": set QA_DD_APP_KEY (org staging) to the org's Datadog keys",
        ),
        (
            PROD + STAGING + "default = true\n",
            ": 2 orgs (prod, staging) set default = true; set it on exactly one of prod, staging",
        ),
        (
            PROD.replace("default = true", "") + STAGING,
            ": no org set default = true; set it on exactly one of prod, staging",
        ),
    ],
)
def test_a_broken_file_stops_the_start_naming_what_to_set(
    tmp_path: Path, text: str, says: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        resolve_settings(ENV, Flags(orgs=_file(tmp_path, text)))
    assert says in str(raised.value)
    assert str(raised.value).startswith(f"--orgs {tmp_path / 'orgs.toml'}")


@pytest.mark.parametrize(
    "text",
    [
        PROD.replace('api_key_env = "PROD_DD_API_KEY"', f'api_key = "{KEY}"'),
        PROD.replace('"PROD_DD_API_KEY"', f'"{KEY}"'),
    ],
)
def test_a_key_written_into_the_file_is_refused_without_being_repeated(
    tmp_path: Path, text: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        resolve_settings(ENV, Flags(orgs=_file(tmp_path, text)))
    assert "keys never live in the orgs file" in str(raised.value)
    assert KEY not in str(raised.value)


APP_KEY = "0123456789abcdef0123456789abcdef01234567"  # shaped like an application key
WITHOUT_KEYS = PROD.replace("default = true\n", "")


@pytest.mark.parametrize(
    "text",
    [
        PROD.replace('site = "datadoghq.com"', f'site = "{KEY}"'),
        PROD.replace('site = "datadoghq.com"', f'api_url = "{KEY}"'),
        PROD.replace('site = "datadoghq.com"', f'api_url = "http://ops:{KEY}@[::1"'),
        PROD.replace('site = "datadoghq.com"', f'{KEY} = "x"'),
        f'{KEY} = "x"\n' + PROD,
        PROD.replace('"PROD_DD_API_KEY"', f'"A{KEY.upper()}"'),
        WITHOUT_KEYS.replace("orgs.prod", f"orgs.{KEY}"),
        WITHOUT_KEYS.replace("orgs.prod", f"orgs.{APP_KEY}"),
        WITHOUT_KEYS.replace("orgs.prod", "orgs.ddpat_prod1"),
        WITHOUT_KEYS.replace("orgs.prod", f"orgs.{KEY}") + f"[orgs.{KEY}]\n",
    ],
    ids=[
        "site",
        "api_url",
        "api_url password",
        "setting name",
        "top-level name",
        "variable name",
        "table name (API key)",
        "table name (application key)",
        "table name (token)",
        "table declared twice",
    ],
)
def test_a_key_pasted_anywhere_in_the_file_is_refused_and_never_repeated(
    tmp_path: Path, text: str
) -> None:
    env = {**ENV, f"A{KEY.upper()}": "v"}
    with pytest.raises(ConfigError) as raised:
        resolve_settings(env, Flags(orgs=_file(tmp_path, text)))
    message = str(raised.value).lower()
    assert KEY not in message and "ddpat_prod1" not in message, message


def test_a_file_nested_too_deeply_is_one_line_with_exit_2(tmp_path: Path) -> None:
    deep = _file(tmp_path, PROD.replace('"datadoghq.com"', "[" * 5000 + "]" * 5000))
    result = subprocess.run(
        [sys.executable, "-m", "datadog_incidents_mcp", "--orgs", deep],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=60,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and "nested too deeply" in result.stderr


@pytest.mark.parametrize("name", ["prod", "eu-staging", "team_a1", "us1-fed-2024"])
def test_names_people_choose_are_not_taken_for_keys(tmp_path: Path, name: str) -> None:
    text = WITHOUT_KEYS.replace("orgs.prod", f"orgs.{name}")
    settings = resolve_settings(ENV, Flags(orgs=_file(tmp_path, text)))  # one org: as DD_*
    assert settings.api_key.get_secret_value() == "prod-api-secret"


@pytest.mark.parametrize(
    ("flags", "says"),
    [
        (
            {"transport": "http", "credentials": "per-request"},
            "cannot be combined with --credentials per-request",
        ),
        (
            {"transport": "http", "credentials": "per-request-or-server"},
            "cannot be combined with --credentials per-request-or-server",
        ),
        ({"sandbox": True}, "cannot be combined with --sandbox"),
        ({"site": "EU"}, "--site and --api-url do not apply with --orgs"),
        ({"orgs": "/nowhere/orgs.toml"}, "/nowhere/orgs.toml: no such file"),
    ],
)
def test_flags_that_cannot_go_with_several_orgs_are_refused(
    tmp_path: Path, flags: dict[str, object], says: str
) -> None:
    options: dict[str, object] = {"orgs": _file(tmp_path, PROD + STAGING), **flags}
    with pytest.raises(ConfigError) as raised:
        resolve_settings(ENV, Flags(**options))  # type: ignore[arg-type]
    assert says in str(raised.value)


def test_the_command_exits_2_naming_the_missing_variable(tmp_path: Path) -> None:
    env = {"PROD_DD_API_KEY": "p", "PROD_DD_APP_KEY": "p", "DD_ORGS_FILE": ""}
    result = subprocess.run(
        [sys.executable, "-m", "datadog_incidents_mcp", "--orgs", _file(tmp_path, PROD + STAGING)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "set STG_DD_API_KEY (org staging), STG_DD_APP_KEY (org staging)" in result.stderr
    assert result.stdout == ""


# ---- doctor --orgs ---------------------------------------------------------------------------


@pytest.mark.anyio
async def test_doctor_checks_every_org_and_names_the_one_that_fails(tmp_path: Path) -> None:
    strict = {"api_keys": {"api"}, "app_keys": {"full": ALL_PERMISSIONS}}
    with running(Sandbox(**strict)) as prod_url, running(Sandbox(**strict)) as staging_url:  # type: ignore[arg-type]
        text = f"{PROD}api_url = '{prod_url}'\n" + STAGING.replace(
            "http://127.0.0.1:9000", staging_url
        )
        orgs_file = _file(tmp_path, text)

        async def doctor(staging_app_key: str) -> tuple[int, str]:
            env = {"PROD_DD_API_KEY": "api", "PROD_DD_APP_KEY": "full", "STG_DD_API_KEY": "api"}
            lines: list[str] = []
            code = await run_doctor(
                {**env, "STG_DD_APP_KEY": staging_app_key}, Flags(orgs=orgs_file), say=lines.append
            )
            return code, "\n".join(lines)

        code, said = await doctor("wrong")
        assert code == 1
        prod, staging = said.split("\norg staging:")
        assert "org prod (default):" in prod and "✗" not in prod
        assert "✓ PROD_DD_API_KEY and PROD_DD_APP_KEY are set" in prod
        assert "✗ Datadog rejects the application key" in staging
        assert "fix: check STG_DD_APP_KEY; it must belong to the same organization" in staging
        assert said.endswith(
            "Failed in org staging (1 check(s)); the fixes are under each org above."
        )
        code, said = await doctor("full")
        assert code == 0 and said.endswith("\nAll checks passed in all 2 orgs.")


def test_the_documented_file_and_client_config_work_as_written(tmp_path: Path) -> None:
    page = (Path(__file__).parents[2] / "docs" / "configuration.md").read_text()
    section = page[page.index("## Several orgs") :].split("\n## ", 1)[0]
    (toml,) = re.findall(r"```toml\n(.*?)```", section, flags=re.DOTALL)
    (config,) = [json.loads(b) for b in re.findall(r"```json\n(.*?)```", section, flags=re.DOTALL)]
    server = config["mcpServers"]["datadog-incidents"]
    assert server["args"] == ["--orgs", "/home/you/datadog-orgs.toml"]
    settings = resolve_settings(server["env"], Flags(orgs=_file(tmp_path, toml)))
    assert [(o.name, o.site, o.default) for o in settings.orgs] == [
        ("prod", "datadoghq.com", True),
        ("staging", "datadoghq.com", False),
    ]
