"""The docs hold together: every relative link resolves (the file, and the heading when a link
names one), every source file and `python -m` module they name exists, every flag and variable
the commands' `--help` prints is on the configuration page, and each benchmark figure has one
page to be written into."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
from benchmarks.readme import SECTIONS, homes, pages, rewrite

ROOT = Path(__file__).parents[1]
DOCS = [
    *(ROOT / name for name in ("README.md", "CONTRIBUTING.md", "SECURITY.md", "CHANGELOG.md")),
    *sorted((ROOT / "docs").rglob("*.md")),
]
CONFIGURATION = ROOT / "docs" / "configuration.md"
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.DOTALL | re.MULTILINE)


def _prose(text: str) -> str:
    """The text without code blocks and inline code, where brackets are not links."""
    return re.sub(r"`[^`\n]*`", "", FENCE.sub("", text))


def _anchor(heading: str) -> str:
    """The id GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    headings = re.findall(r"^#{1,6} (.+)$", FENCE.sub("", path.read_text()), flags=re.MULTILINE)
    return {_anchor(h) for h in headings}


def broken_links(page: Path) -> list[str]:
    """Each relative link of the page whose file or heading does not exist."""
    broken: list[str] = []
    for target in LINK.findall(_prose(page.read_text())):
        if re.match(r"[a-z]+:", target):  # https:, mailto: ... are not ours to check
            continue
        file, _, anchor = target.partition("#")
        resolved = (page.parent / file).resolve() if file else page
        if not resolved.exists():
            broken.append(f"{target}: no such file")
        elif anchor and (resolved.is_dir() or anchor not in _anchors(resolved)):
            broken.append(f"{target}: no such heading in {resolved.name}")
    return broken


@pytest.mark.parametrize("page", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(page: Path) -> None:
    assert not broken_links(page)


def test_a_broken_link_or_heading_is_found(tmp_path: Path) -> None:
    (tmp_path / "other.md").write_text("# Other\n\n## Flags and `--help`\n")
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n[ok](other.md) [ok](other.md#flags-and---help) [ok](#page) "
        "[web](https://example.com/x.md) `[code](missing.md)`\n\n```\n[code](missing.md)\n```\n"
        "[gone](missing.md) [no heading](other.md#nothing) [no self](#nowhere)\n"
    )
    broken = broken_links(page.resolve())
    assert [b.split(":")[0] for b in broken] == ["missing.md", "other.md#nothing", "#nowhere"]


# A repository file named in code: a path with a folder, ending in a source or data suffix.
SOURCE_PATH = re.compile(r"`(\w[\w/<>-]*/[\w<>.-]+\.(?:py|json|toml|ya?ml))(?:::\w+)?`")
MODULE = re.compile(r"python -m ([\w.]+)")
TRACKED = subprocess.run(
    ["git", "ls-files"], capture_output=True, text=True, cwd=ROOT, check=True
).stdout.split()


def missing_sources(text: str, tracked: list[str]) -> list[str]:
    """Each file path (a tracked file ending so; `<resource>` stands for any name) and each
    `python -m` module the text names that does not exist."""
    missing: list[str] = []
    for path in SOURCE_PATH.findall(text):
        pattern = "[^/]+".join(re.escape(part) for part in re.split(r"<[\w-]+>", path))
        if not any(re.search(f"(^|/){pattern}$", file) for file in tracked):
            missing.append(path)
    missing += [m for m in MODULE.findall(text) if not _importable(m)]
    return missing


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # a parent package is missing
        return False


@pytest.mark.parametrize("page", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_source_file_and_module_named_exists(page: Path) -> None:
    assert not missing_sources(page.read_text(), TRACKED)


def test_a_moved_file_or_module_is_found() -> None:
    text = (
        "`tools/_gone.py`, `src/pkg/tools/todos.py`, `datadog/models/<resource>.py`, "
        "`tests/test_x.py::test_y`; python -m pkg.tools.gone; python -m json.tool"
    )
    tracked = ["src/pkg/tools/todos.py", "src/pkg/datadog/models/todos.py", "tests/test_x.py"]
    assert missing_sources(text, tracked) == ["tools/_gone.py", "pkg.tools.gone"]


def _help(*command: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "datadog_incidents_mcp", *command, "--help"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout


def _commands() -> list[tuple[str, ...]]:
    """The server and each subcommand its usage names (`datadog-incidents-mcp NAME`)."""
    subcommands = re.findall(r"datadog-incidents-mcp ([a-z]+)\b", _help())
    return [(), *sorted({(name,) for name in subcommands})]


@pytest.mark.parametrize("command", _commands(), ids=lambda c: " ".join(c) or "server")
def test_every_flag_and_variable_of_help_is_on_the_configuration_page(
    command: tuple[str, ...],
) -> None:
    shown = _help(*command)
    flags = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", shown)) - {"--help"}
    variables = set(re.findall(r"\b(?:DD|MCP)_[A-Z_]+\b", shown))
    page = CONFIGURATION.read_text()
    missing = sorted(name for name in flags | variables if f"`{name}" not in page)
    assert not missing, f"{' '.join(command) or 'server'} --help shows {missing}"


def test_the_commands_found_include_the_subcommands() -> None:
    assert {("demo",), ("doctor",), ("sandbox",)} <= set(_commands())


def test_every_benchmark_figure_has_one_page() -> None:
    found = homes(list(SECTIONS), pages())
    assert found["targets"].name == "performance.md"
    assert found["selections"].name == "tools.md"
    assert found["orgs_cost"].name == "configuration.md"


def test_figures_are_written_into_their_own_pages_and_nothing_else_changes(
    tmp_path: Path,
) -> None:
    (tmp_path / "docs").mkdir()
    readme, perf = tmp_path / "README.md", tmp_path / "docs" / "performance.md"
    readme.write_text("intro\n<!-- bench:a:start -->\nold a\n<!-- bench:a:end -->\nend\n")
    perf.write_text("# P\n<!-- bench:b:start -->\nold b\n<!-- bench:b:end -->\n")
    written = rewrite({"a": "new a", "b": "new b"}, pages(tmp_path))
    assert sorted(written) == [readme, perf]
    assert readme.read_text() == "intro\n<!-- bench:a:start -->\nnew a\n<!-- bench:a:end -->\nend\n"
    assert perf.read_text() == "# P\n<!-- bench:b:start -->\nnew b\n<!-- bench:b:end -->\n"


def test_a_figure_in_no_page_or_in_two_stops_before_anything_is_written(tmp_path: Path) -> None:
    page = tmp_path / "README.md"
    page.write_text("<!-- bench:a:start -->\nold\n<!-- bench:a:end -->\n" * 2)
    with pytest.raises(SystemExit, match=r"bench:b markers .* no page"):
        rewrite({"a": "new", "b": "new"}, pages(tmp_path))
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "x.md").write_text("<!-- bench:b:start -->\n<!-- bench:b:end -->\n")
    (tmp_path / "docs" / "y.md").write_text("<!-- bench:b:start -->\n<!-- bench:b:end -->\n")
    with pytest.raises(SystemExit, match=r"bench:b markers .*x\.md, .*y\.md"):
        rewrite({"a": "new", "b": "new"}, pages(tmp_path))
    assert "old" in page.read_text()
