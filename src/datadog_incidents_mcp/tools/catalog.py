"""The docs' tool tables, generated from the registry so they can never drift: every tool in
docs/tools.md, the toolsets on the README's landing page."""

from __future__ import annotations

import inspect

from datadog_incidents_mcp.tools.registry import REGISTRY, TOOLSETS

START, END = "<!-- tools:start -->", "<!-- tools:end -->"
TOOLSETS_START, TOOLSETS_END = "<!-- toolsets:start -->", "<!-- toolsets:end -->"
_KIND = {
    "read": "read",
    "create": "write",
    "update": "write (idempotent)",
    "delete": "delete (asks first)",
}


def _shown(permissions: tuple[str, ...]) -> str:
    if not permissions:
        return "none (keys only)"
    return " and ".join(f"`{name}`" for name in permissions)


def markdown_table() -> str:
    """One row per tool, grouped by toolset, with the Datadog permission it needs."""
    rows = [
        "| Toolset | Tool | What it does | Kind | Permission |",
        "| --- | --- | --- | --- | --- |",
    ]
    order = {name: index for index, name in enumerate(TOOLSETS)}
    for spec in sorted(REGISTRY, key=lambda s: (order[s.toolset], s.name)):
        summary = " ".join(inspect.cleandoc(spec.fn.__doc__ or "").split("\n\n")[0].split())
        kind, permission = _KIND[spec.kind], _shown(spec.permissions)
        rows.append(f"| {spec.toolset} | `{spec.name}` | {summary} | {kind} | {permission} |")
    return "\n".join(rows)


def toolset_table() -> str:
    """One row per toolset: what it is for, and the Datadog permissions its tools need."""
    rows = [
        "| Toolset | For | Reads need | Writes need | Default |",
        "| --- | --- | --- | --- | --- |",
    ]
    for t in TOOLSETS.values():
        default = "on" if t.default else "off"
        reads, writes = t.read_permission, t.write_permission
        rows.append(f"| {t.name} | {t.summary} | `{reads}` | `{writes}` | {default} |")
    return "\n".join(rows)


def _between(text: str, start: str, end: str, body: str) -> str:
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    return f"{head}{start}\n{body}\n{end}{tail}"


def with_table(page: str) -> str:
    """The tools page with its generated section replaced by the current tables."""
    return _between(page, START, END, f"{toolset_table()}\n\n{markdown_table()}")


def with_toolsets(readme: str) -> str:
    """The README with its toolsets section replaced by the current table."""
    return _between(readme, TOOLSETS_START, TOOLSETS_END, toolset_table())
