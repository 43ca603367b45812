"""Where `datadog-incidents-mcp login` keeps its tokens: the OS keychain, else a 0600 file.

The keychain is reached through `keyring` (the optional `login` extra), imported only by
login, logout and a server start that has neither keys nor a token: its import and backend
discovery would otherwise slow every start. Without `keyring`, or where it finds no usable
keychain (a headless Linux box, a container), the tokens go to a JSON file only its owner
may read: `$XDG_CONFIG_HOME/datadog-incidents-mcp/logins.json` (`~/.config/...` by default,
`%APPDATA%` on Windows). One login is kept per Datadog site (or API URL).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, cast

SERVICE = "datadog-incidents-mcp"


@dataclass(frozen=True)
class Login:
    """One login's tokens, and what refreshing them needs."""

    client_id: str  # from dynamic client registration
    access_token: str
    refresh_token: str
    expires_at: float  # Unix seconds
    scopes: tuple[str, ...]
    token_url: str

    def dumps(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def loads(cls, text: str) -> Login:
        data = cast(dict[str, Any], json.loads(text))
        return cls(
            client_id=str(data["client_id"]),
            access_token=str(data["access_token"]),
            refresh_token=str(data["refresh_token"]),
            expires_at=float(data["expires_at"]),
            scopes=tuple(map(str, data["scopes"])),
            token_url=str(data["token_url"]),
        )


def _keychain() -> Any:
    """The keyring module when it has a usable backend, else None."""
    try:
        import keyring
        from keyring.backends.fail import Keyring as NoKeyring
    except ImportError:
        return None
    return None if isinstance(keyring.get_keyring(), NoKeyring) else keyring


def login_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or (
        os.environ.get("APPDATA") if os.name == "nt" else None
    )
    return Path(base or Path.home() / ".config") / SERVICE / "logins.json"


def _read_file() -> dict[str, str]:
    """The file's logins; none when it is missing or unreadable (the next login rewrites
    it: a token that cannot be read cannot be used either)."""
    try:
        logins: Any = json.loads(login_file().read_text())
    except (OSError, ValueError):
        return {}
    return cast(dict[str, str], logins) if isinstance(logins, dict) else {}


def _write_file(logins: dict[str, str]) -> None:
    """Replace the file at once, created 0600 in a 0700 directory."""
    path = login_file()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".logins-")  # 0600
    with os.fdopen(fd, "w") as file:
        json.dump(logins, file)
    os.replace(temporary, path)


def load(key: str) -> Login | None:
    """The login kept for `key` (a site or API URL), or None."""
    keychain = _keychain()
    text = keychain.get_password(SERVICE, key) if keychain else _read_file().get(key)
    try:
        return Login.loads(text) if text else None
    except (ValueError, KeyError, TypeError):
        return None  # not a login this version wrote: log in again


def save(key: str, login: Login) -> str:
    """Keep `login` for `key`; where it went, for the user."""
    keychain = _keychain()
    if keychain:
        keychain.set_password(SERVICE, key, login.dumps())
        return "the OS keychain"
    logins = _read_file()
    logins[key] = login.dumps()
    _write_file(logins)
    return f"{login_file()} (readable by you only)"


def forget(key: str) -> bool:
    """Remove the login kept for `key`; whether there was one."""
    keychain = _keychain()
    if keychain:
        if keychain.get_password(SERVICE, key) is None:
            return False
        keychain.delete_password(SERVICE, key)
        return True
    logins = _read_file()
    if logins.pop(key, None) is None:
        return False
    if logins:
        _write_file(logins)
    else:
        with contextlib.suppress(FileNotFoundError):
            login_file().unlink()
    return True
