"""The house rules a newcomer relies on to find things: one name per resource in every layer,
and imports that only run down the layers. Checked on the source tree, so a new module that
breaks a rule fails here with the file to fix."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "datadog_incidents_mcp"
TESTS = Path(__file__).resolve().parent
RESOURCES = sorted(p.stem for p in (PACKAGE / "tools").glob("[a-z]*.py"))


def _imports(path: Path) -> set[str]:
    """Every module name `path` imports, absolute or `from ... import`."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _modules(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_resource_has_one_file_in_every_layer(resource: str) -> None:
    expected = [
        PACKAGE / "datadog" / "resources" / f"{resource}.py",
        PACKAGE / "datadog" / "models" / f"{resource}.py",
        PACKAGE / "sandbox" / f"{resource}.py",
        TESTS / "tools" / f"test_{resource}.py",
    ]
    missing = [str(p.relative_to(PACKAGE.parent.parent)) for p in expected if not p.exists()]
    assert not missing, f"tools/{resource}.py has no counterpart: {missing}"


def test_no_family_modules_outside_the_map() -> None:
    """A resource module in the client, models or sandbox has a tool module of the same name."""
    shared = {
        *("shared",),  # client vocabulary several resources use
        *("app", "collection", "faults", "lookup", "permissions", "query", "responses"),
        *("routing", "seed", "serve", "store"),  # the emulator's machinery
        *("tokens", "oauth", "oauth_scopes"),  # its access tokens and sign-in
    }
    strays = [
        str(p.relative_to(PACKAGE))
        for folder in ("datadog/resources", "datadog/models", "sandbox")
        for p in (PACKAGE / folder).glob("[a-z]*.py")
        if p.stem not in RESOURCES and p.stem not in shared
    ]
    assert not strays, f"name these after a resource or make them shared (_name): {strays}"


def test_no_tool_module_imports_another() -> None:
    offenders = [
        f"tools/{path.stem} -> {name}"
        for path in (PACKAGE / "tools").glob("[a-z]*.py")
        for name in _imports(path)
        if name.startswith("datadog_incidents_mcp.tools.") and name.split(".")[2] in RESOURCES
    ]
    assert not offenders


def test_the_client_never_imports_mcp_and_the_sandbox_never_imports_the_client() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)} -> {name}"
        for folder, banned in (("datadog", "mcp"), ("sandbox", "datadog_incidents_mcp.datadog"))
        for path in _modules(PACKAGE / folder)
        for name in _imports(path)
        if name == banned or name.startswith(banned + ".")
    ]
    assert not offenders


def test_private_client_modules_stay_inside_the_client() -> None:
    outside = [p for p in _modules(PACKAGE) if "datadog" not in p.relative_to(PACKAGE).parts[:1]]
    outside += _modules(TESTS)
    offenders = [
        f"{path} -> {name}"
        for path in outside
        for name in _imports(path)
        if name.startswith(
            ("datadog_incidents_mcp.datadog.models._", "datadog_incidents_mcp.datadog.resources._")
        )
    ]
    assert not offenders
