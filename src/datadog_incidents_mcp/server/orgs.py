"""Several Datadog orgs in one server: the `--orgs FILE` (DD_ORGS_FILE) TOML file.

    [orgs.prod]
    site = "datadoghq.com"           # or api_url = "https://..." (a proxy, or a sandbox)
    api_key_env = "PROD_DD_API_KEY"  # the names of the variables that hold the keys
    app_key_env = "PROD_DD_APP_KEY"
    default = true

    [orgs.eu]
    site = "datadoghq.eu"
    token_env = "EU_DD_TOKEN"         # or a personal or service access token (ddpat_, ddsat_)

Keys never live in the file, only the names of the variables that hold them, so the file
can be shared and committed. Whatever would leave an org unusable stops the start here,
naming the org and what to set. No message shows a value read from a key variable, nor a
value written in the file (a key pasted where a site or URL goes), nor a name shaped like
a key: a key pasted as a table or setting name is refused without being repeated.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import urlsplit

from pydantic import SecretStr

from datadog_incidents_mcp.datadog import SITES, UnknownSiteError, normalize_site

# An org name becomes a JSON schema enum value and a resource URI segment.
ORG_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
# Variable names in capitals: a Datadog key (lowercase hex) put here by mistake never
# matches, nor does one upper-cased (looks_secret), so it is refused without being repeated.
VARIABLE_NAME = re.compile(r"[A-Z_][A-Z0-9_]*")
# Shapes of Datadog secrets: personal and service account tokens, API and application keys
# (32 and 40 hex), and any long run mixing letters and digits as base62 tokens do; names
# people choose have neither, so such a name is refused and never repeated.
_TOKEN_PREFIX = re.compile(r"dd[ps]at_")  # as Datadog writes them: DDPAT_TOKEN is a name
_HEX_RUN = re.compile(r"[0-9a-fA-F]{32}")
_ALNUM_RUN = re.compile(r"[A-Za-z0-9]{20,}")
# A name from the file is repeated in a message only when it is short and plain.
_SHOWABLE = re.compile(r"[A-Za-z0-9 ._-]{1,40}")
KEYS = ("site", "api_url", "api_key_env", "app_key_env", "token_env", "default")
KEY_VARIABLES = (("api_key_env", "API key"), ("app_key_env", "application key"))
TOKEN_VARIABLE = ("token_env", "access token")


class OrgsFileError(ValueError):
    """The orgs file cannot work; the message names the org and what to set."""


@dataclass(frozen=True)
class Org:
    name: str
    site: str
    api_url: str | None = field(repr=False)  # a password in it never shows in a repr
    api_key: SecretStr
    app_key: SecretStr
    default: bool
    key_variables: tuple[str, str]  # where the API and application keys (or token) came from
    token: SecretStr | None = None  # an access token, used instead of the keys (then empty)


def looks_secret(text: str) -> bool:
    """Shaped like a Datadog key or token (see _TOKEN_PREFIX and the runs above)."""
    if _TOKEN_PREFIX.search(text) or _HEX_RUN.search(text):
        return True
    return any(
        sum(c.isdigit() for c in run) >= 4 and sum(c.isalpha() for c in run) >= 4
        for run in _ALNUM_RUN.findall(text)
    )


def _shown(name: str) -> str | None:
    """`name` (a table or setting name from the file) if it may be repeated, else None."""
    return name if _SHOWABLE.fullmatch(name) and not looks_secret(name) else None


# tomllib reasons that quote a table or key name from the file.
_NAMING_REASONS = ("Cannot declare", "Cannot mutate", "Cannot redefine", "Duplicate inline")


def _toml_error(message: str) -> str:
    """tomllib's reason and position, without the names a few reasons quote."""
    reason, _, position = message.rpartition(" (at ")
    if not reason:
        reason, position = message, ""
    if reason.startswith(_NAMING_REASONS):
        reason = "a table or key is defined twice, or inside a value"
    return f"not valid TOML: {reason}" + (f" (at {position}" if position else "")


def _read(path: str) -> dict[str, Any]:
    # Imported here: tomllib compiles its regexes on import, a start-up cost (several ms)
    # every server would pay while only --orgs needs it.
    import tomllib

    try:
        with open(path, "rb") as file:
            return tomllib.load(file)
    except FileNotFoundError:
        raise OrgsFileError("no such file") from None
    except OSError as exc:
        raise OrgsFileError(f"cannot read it ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise OrgsFileError(_toml_error(str(exc))) from None
    except UnicodeDecodeError as exc:
        raise OrgsFileError(f"not valid TOML: not UTF-8 text (byte {exc.start})") from None
    except RecursionError:
        raise OrgsFileError(
            "not valid TOML for an orgs file: arrays or tables nested too deeply"
        ) from None


def _unknown_keys(where: str, given: Mapping[str, Any], valid: tuple[str, ...]) -> None:
    unknown = sorted(set(given) - set(valid))
    if not unknown:
        return
    if {"api_key", "app_key", "token"} & set(unknown):
        raise OrgsFileError(
            f"{where}: keys never live in the orgs file; put each key in an environment "
            "variable and name the variables with api_key_env and app_key_env (a token: token_env)"
        )
    hints = [_hint(key, valid) for key in unknown]
    raise OrgsFileError(f"{where}: unknown key {', '.join(hints)}; valid: {', '.join(valid)}")


def _hint(key: str, valid: tuple[str, ...]) -> str:
    """An unknown name as a message shows it: with the valid one it is closest to."""
    if (shown := _shown(key)) is None:
        return "(one not repeated here: it looks like a key, and keys never live in the file)"
    close = difflib.get_close_matches(shown, valid, n=1, cutoff=0.6)
    return f"{shown} (did you mean {close[0]}?)" if close else shown


def _text(where: str, table: Mapping[str, Any], key: str) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise OrgsFileError(f"{where}: {key} must be a non-empty string")
    return value.strip()


def is_http_url(url: str) -> bool:
    """An http(s) URL with a host and a port that is a number, else False (never raises:
    `urlsplit` does on `http://[::1`, and `.port` on `http://h:x`). --api-url uses it too."""
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:
        return False


def not_a_site() -> str:
    """The end of a message for a site no spelling of a Datadog site matches."""
    return f"is not a Datadog site; valid: {', '.join(SITES)}, or a region such as EU"


def _site(where: str, table: Mapping[str, Any]) -> tuple[str, str | None]:
    site = _text(where, table, "site") or "datadoghq.com"
    try:
        canonical = normalize_site(site)
    except UnknownSiteError:
        raise OrgsFileError(f"{where}: site {not_a_site()}") from None
    url = _text(where, table, "api_url")
    if url is not None and not is_http_url(url):
        raise OrgsFileError(
            f"{where}: api_url must be an http(s) URL such as https://api.datadoghq.eu"
        )
    return canonical, url


def _variables(where: str, table: Mapping[str, Any]) -> tuple[str, ...]:
    """The variables that hold the org's keys (two), or its access token (one)."""
    if "token_env" in table:
        if {"api_key_env", "app_key_env"} & set(table):
            raise OrgsFileError(
                f"{where}: set token_env or api_key_env and app_key_env, not both: an access "
                "token replaces the keys"
            )
        return (_variable(where, table, *TOKEN_VARIABLE),)
    return tuple(_variable(where, table, key, what) for key, what in KEY_VARIABLES)


def _variable(where: str, table: Mapping[str, Any], key: str, what: str) -> str:
    name = _text(where, table, key)
    if name is None:
        raise OrgsFileError(
            f"{where}: set {key} to the name of the environment variable that holds "
            f"the org's {what} (or token_env, for a personal or service access token)"
        )
    if not VARIABLE_NAME.fullmatch(name) or looks_secret(name):
        example = {"api_key_env": "API_KEY", "app_key_env": "APP_KEY"}.get(key, "TOKEN")
        raise OrgsFileError(
            f"{where}: {key} must name an environment variable in capitals, e.g. "
            f"PROD_DD_{example}; keys never live in the orgs file"
        )
    return name


@dataclass(frozen=True)
class _Entry:
    """One org's table, checked, before its keys are read."""

    site: str
    api_url: str | None
    variables: tuple[str, ...]  # API and application key, or the one access token
    default: bool


def _org(name: str, raw: object, position: int) -> _Entry:
    shown = _shown(name)
    where = f"[orgs.{shown}]" if shown is not None else f"org table {position} (name not shown)"
    if looks_secret(name):
        raise OrgsFileError(
            f"{where}: the org name looks like a Datadog key or token, and every client sees "
            "org names in each tool's schema; name the org for people (e.g. prod, eu-staging) "
            "and keep keys in the variables api_key_env and app_key_env name"
        )
    if not ORG_NAME.fullmatch(name):
        raise OrgsFileError(
            f"{where}: an org name is 1 to 32 lowercase letters, digits, - or _ (it becomes "
            "a tool argument value and a resource URI segment)"
        )
    if not isinstance(raw, dict):
        raise OrgsFileError(f"{where}: must be a table of settings (site, api_key_env ...)")
    table = cast(dict[str, Any], raw)
    _unknown_keys(where, table, KEYS)
    default = table.get("default", False)
    if not isinstance(default, bool):
        raise OrgsFileError(f"{where}: default must be true or false")
    site, url = _site(where, table)
    return _Entry(site, url, _variables(where, table), default)


def load_orgs(path: str, env: Mapping[str, str]) -> tuple[Org, ...]:
    """The orgs of the file in its order, the keys read from the variables it names.

    Exactly one org is the default when there are several; a lone org is the default.
    Every missing variable, of every org, is named in one message.
    """
    data = _read(path)
    _unknown_keys("top level", data, ("orgs",))
    tables = data.get("orgs")
    if not isinstance(tables, dict) or not tables:
        raise OrgsFileError("no org; add one [orgs.NAME] table per Datadog org")
    checked = {
        name: _org(name, raw, position)
        for position, (name, raw) in enumerate(cast(dict[str, Any], tables).items(), 1)
    }
    missing = [
        f"{variable} (org {name})"
        for name, entry in checked.items()
        for variable in entry.variables
        if not env.get(variable, "").strip()
    ]
    if missing:
        raise OrgsFileError(f"set {', '.join(missing)} to the org's Datadog keys or token")
    defaults = [name for name, entry in checked.items() if entry.default]
    if len(checked) > 1 and len(defaults) != 1:
        which = f"{len(defaults)} orgs ({', '.join(defaults)})" if defaults else "no org"
        raise OrgsFileError(
            f"{which} set default = true; set it on exactly one of "
            f"{', '.join(checked)} (the org a call acts in when it names none)"
        )
    return tuple(_made(name, entry, env, len(checked)) for name, entry in checked.items())


def _made(name: str, entry: _Entry, env: Mapping[str, str], count: int) -> Org:
    values = [env[variable].strip() for variable in entry.variables]
    token = values[0] if len(values) == 1 else None
    return Org(
        name=name,
        site=entry.site,
        api_url=entry.api_url,
        api_key=SecretStr("" if token else values[0]),
        app_key=SecretStr("" if token else values[1]),
        default=entry.default or count == 1,
        key_variables=(entry.variables[0], entry.variables[-1]),
        token=SecretStr(token) if token else None,
    )
