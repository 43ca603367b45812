"""The package's import map in figures, read from the source alone (nothing is imported).

    python benchmarks/import_map.py [--src src/datadog_incidents_mcp]

Prints, for the tree at `--src` (another checkout works too: `git archive 2fa657c src`):
- modules: the package's `.py` files;
- ties inside tools/: pairs (a tools/ module, a tools/ module it imports), each module of a
  `from pkg import a, b` counted and a name a package re-exports counted as a tie to it;
- prompts -> tools: import statements in prompts/ that name a tools/ module;
- the path `settings` takes from `server/cli.main`: every call that passes `settings` or a
  field of it on, followed into the function called when it takes `settings` too. A call
  stays in its package, goes down a floor, or climbs back up to a higher one (FLOORS).
"""

from __future__ import annotations

import argparse
import ast
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "datadog_incidents_mcp"
# The floors, lowest first: a module may import from its own floor or below.
FLOORS = {
    "datadog": 0,
    "sandbox": 0,
    "postmortem": 1,
    "calls": 2,
    "tools": 3,
    "prompts": 3,
    "server": 4,
}


def module_name(root: Path, path: Path) -> str:
    parts = [PACKAGE, *path.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def targets(node: ast.Import | ast.ImportFrom, known: set[str]) -> list[str]:
    """The package modules one import statement ties its module to."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name in known]
    base = node.module or ""
    if base not in known:
        return []
    subs = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known]
    return subs if len(subs) == len(node.names) else [*subs, base]


def floor(module: str) -> int:
    top = module.split(".")[1] if "." in module else ""
    return FLOORS.get(top, 5)


def package_of(module: str) -> str:
    return module.split(".")[1] if "." in module else module


class Functions:
    """Every top-level function of the package, and what each module's names refer to."""

    def __init__(self, root: Path, trees: dict[str, ast.Module]) -> None:
        self.defs: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
        self.names: dict[str, dict[str, str]] = {}
        for module, tree in trees.items():
            names: dict[str, str] = {}
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module:
                    for a in node.names:
                        names[a.asname or a.name] = f"{node.module}.{a.name}"
            for node in tree.body:
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    self.defs[f"{module}.{node.name}"] = node
                    names[node.name] = f"{module}.{node.name}"
            self.names[module] = names

    def callee(self, module: str, call: ast.Call) -> str | None:
        func = call.func
        if isinstance(func, ast.Name):
            found = self.names[module].get(func.id)
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            owner = self.names[module].get(func.value.id)
            found = f"{owner}.{func.attr}" if owner else None
        else:
            found = None
        return found if found in self.defs else None


def passes_settings(call: ast.Call) -> bool:
    """Whether the call is given `settings` or one of its fields (`settings.site`)."""
    values = [*call.args, *(k.value for k in call.keywords)]
    return any(
        (isinstance(v, ast.Name) and v.id == "settings")
        or (
            isinstance(v, ast.Attribute)
            and isinstance(v.value, ast.Name)
            and v.value.id == "settings"
        )
        for v in values
    )


def settings_path(functions: Functions, start: str) -> Counter[str]:
    """How each call along the way moves: stays, goes down, or climbs back up."""
    moves: Counter[str] = Counter()
    seen: set[str] = set()
    todo = [start]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        module = current.rsplit(".", 1)[0]
        for node in ast.walk(functions.defs[current]):
            if not (isinstance(node, ast.Call) and passes_settings(node)):
                continue
            callee = functions.callee(module, node)
            if callee is None:
                continue
            there = callee.rsplit(".", 1)[0]
            if package_of(there) == package_of(module):
                moves["stays"] += 1
            elif floor(there) < floor(module):
                moves["goes down"] += 1
            else:
                moves["climbs back up"] += 1
                moves[f"  {module} -> {callee}"] += 1
            params = functions.defs[callee].args
            if "settings" in {
                a.arg for a in [*params.posonlyargs, *params.args, *params.kwonlyargs]
            }:
                todo.append(callee)
    return moves


@dataclass(frozen=True)
class Figures:
    modules: int
    tool_ties: int
    prompts_to_tools: int
    settings_moves: Counter[str]


def figures(root: Path) -> Figures:
    """The figures for the package source at `root`."""
    paths = sorted(root.rglob("*.py"))
    trees = {module_name(root, p): ast.parse(p.read_text(encoding="utf-8")) for p in paths}
    known = set(trees)
    ties: set[tuple[str, str]] = set()
    prompts_to_tools = 0
    for module, tree in trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            found = targets(node, known)
            if package_of(module) == "tools":
                ties.update((module, t) for t in found if package_of(t) == "tools" and t != module)
            if package_of(module) == "prompts" and any(package_of(t) == "tools" for t in found):
                prompts_to_tools += 1
    moves = settings_path(Functions(root, trees), f"{PACKAGE}.server.cli.main")
    return Figures(len(paths), len(ties), prompts_to_tools, moves)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=Path("src") / PACKAGE)
    found = figures(parser.parse_args().src)
    moves = found.settings_moves
    print(f"modules: {found.modules}")
    print(f"import ties inside tools/: {found.tool_ties}")
    print(f"imports from prompts/ into tools/: {found.prompts_to_tools}")
    steps = ", ".join(f"{moves[k]} {k}" for k in ("stays", "goes down", "climbs back up"))
    print(f"settings from server/cli.main: {steps}")
    for key in sorted(k for k in moves if k.startswith("  ")):
        print(key)


if __name__ == "__main__":
    main()
