"""The house rules a newcomer relies on to find things: one name per resource in every layer,
and imports that only run down the layers. Checked on the source tree, so a new module that
breaks a rule fails here with the file to fix."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from benchmarks.import_map import figures

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "datadog_incidents_mcp"
TESTS = Path(__file__).resolve().parent
RESOURCES = sorted(p.stem for p in (PACKAGE / "tools" / "resources").glob("[a-z]*.py"))
# The three families of per-resource modules; the client's models mirror its resources.
FAMILIES = ("datadog/resources", "sandbox/resources", "tools/resources")


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
        PACKAGE / "sandbox" / "resources" / f"{resource}.py",
        TESTS / "tools" / "resources" / f"test_{resource}.py",
    ]
    missing = [str(p.relative_to(PACKAGE.parent.parent)) for p in expected if not p.exists()]
    assert not missing, f"tools/resources/{resource}.py has no counterpart: {missing}"


@pytest.mark.parametrize("family", FAMILIES)
def test_a_resources_folder_holds_only_resources(family: str) -> None:
    """Every public module in a `resources/` folder is named after a tool resource."""
    strays = [
        f"{family}/{p.name}"
        for p in (PACKAGE / family).glob("[a-z]*.py")
        if p.stem not in RESOURCES and p.stem != "__init__"
    ]
    assert not strays, f"name these after a resource, or move them out of resources/: {strays}"


def test_a_resource_named_module_lives_in_a_resources_folder() -> None:
    """Outside the `resources/` folders (and the client's models, which mirror them) a module
    is machinery: a name that is a resource's would send a reader to the wrong file."""
    inside = {PACKAGE / family for family in (*FAMILIES, "datadog/models")}
    strays = [
        str(p.relative_to(PACKAGE))
        for p in _modules(PACKAGE)
        if p.stem in RESOURCES and p.parent not in inside
    ]
    assert not strays, f"move these into a resources/ folder, or rename them: {strays}"


def test_private_modules_stay_inside_their_package() -> None:
    """A leading underscore means private to its package, never "not a resource": machinery
    another package uses has a public name."""
    offenders = [
        f"{path.relative_to(PACKAGE.parent)} -> {name}"
        for path in _modules(PACKAGE)
        for name in _imports(path)
        if (owner := _private_owner(name)) and not _inside(path, owner)
    ]
    assert not offenders


def _private_owner(name: str) -> str | None:
    """The package a private module `name` belongs to (the top one: the client's models and
    resources share its `_base`s); None for a public one."""
    parts = name.split(".")
    private = any(p.startswith("_") and not p.startswith("__") for p in parts[2:])
    return ".".join(parts[:2]) if parts[0] == "datadog_incidents_mcp" and private else None


def _inside(path: Path, package: str) -> bool:
    folder = PACKAGE.parent.joinpath(*package.split("."))
    return folder in path.parents


def test_no_tool_module_imports_another() -> None:
    offenders = [
        f"tools/resources/{path.stem} -> {name}"
        for path in (PACKAGE / "tools" / "resources").glob("[a-z]*.py")
        for name in _imports(path)
        if name.startswith("datadog_incidents_mcp.tools.resources.")
    ]
    assert not offenders


def test_tools_and_prompts_are_siblings_on_the_call_layer() -> None:
    """Tools and prompts are siblings on the call layer: neither imports the other (the server
    tells prompts which tools there are), and the call layer never reaches up."""
    offenders = [
        f"{path.relative_to(PACKAGE)} -> {name}"
        for folder, banned in (
            ("calls", "datadog_incidents_mcp.tools"),
            ("calls", "datadog_incidents_mcp.prompts"),
            ("calls", "datadog_incidents_mcp.server"),
            ("prompts", "datadog_incidents_mcp.tools"),
            ("tools", "datadog_incidents_mcp.prompts"),
        )
        for path in _modules(PACKAGE / folder)
        for name in _imports(path)
        if name == banned or name.startswith(banned + ".")
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


def test_tests_never_import_the_client_s_private_modules() -> None:
    offenders = [
        f"{path} -> {name}"
        for path in _modules(TESTS)
        for name in _imports(path)
        if name.startswith(
            ("datadog_incidents_mcp.datadog.models._", "datadog_incidents_mcp.datadog.resources._")
        )
    ]
    assert not offenders


def test_every_handler_asks_the_state_source_the_same_way() -> None:
    """One interface (`calls.state.States`) for one org, keys per request and several orgs:
    no handler switches on which kind of state the lifespan holds."""
    kinds = {"AppState", "CredentialPool", "OrgStates"}
    offenders = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}"
        for path in _modules(PACKAGE)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "isinstance"
        and kinds & {n.id for n in ast.walk(node.args[1]) if isinstance(n, ast.Name)}
    ]
    assert not offenders


def test_tool_modules_leave_failures_to_the_shared_error_path() -> None:
    """A tool raises what went wrong (ArgumentError, DatadogError); calls/errors.py words it,
    so every miss reads the same and, with several orgs, names the org."""
    offenders = [
        f"tools/resources/{path.name}"
        for path in (PACKAGE / "tools" / "resources").glob("[a-z]*.py")
        if "mcp.server.mcpserver.exceptions.ToolError" in _imports(path)
    ]
    assert not offenders


def test_the_import_map_keeps_its_aims() -> None:
    """benchmarks/import_map.py's figures (issue 29): prompts stand beside tools, the tools
    package is loosely tied, and `settings` never climbs back up a floor on its way down."""
    found = figures(PACKAGE)
    assert found.prompts_to_tools == 0
    assert found.tool_ties <= 80
    assert found.settings_moves["climbs back up"] == 0
