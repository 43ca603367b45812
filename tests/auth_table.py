"""Write `oauth_scopes.py` (the client's and the sandbox's): how Datadog's spec lets each
operation take an access token.

    .venv/bin/python -m tests.auth_table

The server cannot read the spec at run time (it does not ship, and parsing it would cost
seconds), so the table is generated from the vendored documents, and
tests/datadog/test_auth_table.py fails when the file and the spec disagree.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.spec import load_spec
from tests.test_coverage import PEOPLE_TOOL_FOR, TOOL_FOR

# The client's copy and the sandbox's: the emulator checks the client, so it never imports
# the client's code (tests/sandbox/test_sandbox.py); both are generated, and pinned.
PACKAGE = Path(__file__).resolve().parents[1] / "src/datadog_incidents_mcp"
TARGETS = (PACKAGE / "datadog/oauth_scopes.py", PACKAGE / "sandbox/oauth_scopes.py")
# Operations the client calls that the vendored documents do not hold: all take keys only
# (Datadog's full spec lists no AuthZ for them).
OUTSIDE_THE_SPEC = {
    ("GET", "/api/v2/current_user"): "GetCurrentUser",
    ("GET", "/api/v2/validate_keys"): "ValidateKeys",
    ("GET", "/api/v1/validate"): "Validate",
}
TOOLS_OUTSIDE = {"get_current_user": ("GET", "/api/v2/current_user")}


def _scopes(security: list[dict[str, list[str]]]) -> tuple[str, ...] | None:
    """The scopes of the AuthZ alternative, or None when only the keys are listed."""
    for alternative in security:
        if "AuthZ" in alternative:
            return tuple(alternative["AuthZ"])
    return None


def table() -> tuple[dict[tuple[str, str], tuple[str, ...] | None], dict[str, tuple[str, str]]]:
    """(method, template) -> scopes or None; tool -> the operation it exists for."""
    spec = load_spec()
    operations: dict[tuple[str, str], tuple[str, ...] | None] = {}
    by_id: dict[str, tuple[str, str]] = {}
    for op in spec.operations:
        if op.deprecated:
            continue
        security: Any = op.spec.get("security", op.document.get("security", []))
        operations[(op.method, op.template)] = _scopes(security)
        by_id[op.operation_id] = (op.method, op.template)
    operations.update(dict.fromkeys(OUTSIDE_THE_SPEC))
    tools = {tool: by_id[op] for op, tool in {**TOOL_FOR, **PEOPLE_TOOL_FOR}.items()}
    tools.update(TOOLS_OUTSIDE)
    return operations, tools


def render(*, with_tools: bool) -> str:
    """The client's module (`with_tools`: doctor names the tools a token leaves out), or
    the sandbox's."""
    operations, tools = table()
    lines = [
        '"""Generated from spec/datadog/ by `python -m tests.auth_table`; do not edit by hand.',
        "",
        "How Datadog's spec lets each operation the client calls take an access token (its",
        "`security`): the OAuth scopes of its AuthZ alternative, where it lists one, so a token",
        "goes as `Authorization: Bearer`; None where it lists the API and application keys",
        "alone, so a personal or service access token goes alone in DD-APPLICATION-KEY and an",
        "OAuth login cannot call it. tests/datadog/test_auth_table.py pins it to the spec.",
        '"""',
        "",
        "# (method, path template) -> the OAuth scopes it needs, all of them; None: keys only",
        "OPERATIONS: dict[tuple[str, str], tuple[str, ...] | None] = {",
    ]
    for (method, template), scopes in sorted(operations.items(), key=lambda i: (i[0][1], i[0][0])):
        lines.append(f"    ({method!r}, {template!r}): {scopes!r},")
    lines.append("}")
    if with_tools:
        lines += ["", "# tool -> the operation it exists for (tests/test_coverage.py)"]
        lines.append("TOOL_OPERATIONS: dict[str, tuple[str, str]] = {")
        lines += [f"    {tool!r}: {operation!r}," for tool, operation in sorted(tools.items())]
        lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    for target in TARGETS:
        target.write_text(render(with_tools=target.parent.name == "datadog"))
        subprocess.run([sys.executable, "-m", "ruff", "format", "-q", str(target)], check=True)
        print(f"wrote {target}")
