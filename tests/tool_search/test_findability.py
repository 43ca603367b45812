"""Tools are found by keyword search: Claude Code loads MCP tools on demand through a BM25
search over names and descriptions, so a tool the search misses is one the model never sees.

`requests.tsv` holds requests worded the way on-call engineers ask, each with the tool that
answers it, written before the descriptions were tuned for search. Every tool is ranked with
BM25 over its name and description; the right one must be in the first three.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

import pytest
from mcp.types import Tool

from datadog_incidents_mcp.sandbox import Sandbox
from tests.conftest import connect, sandbox_settings

pytestmark = pytest.mark.anyio
REQUESTS = Path(__file__).with_name("requests.tsv")
TOP = 3
FOUND = 0.9  # the share of requests whose tool must rank in the top three


def words(text: str) -> list[str]:
    """Lowercase words and numbers; a tool name splits at its underscores."""
    return re.findall(r"[a-z0-9]+", text.lower())


class BM25:
    """Okapi BM25 as rank_bm25's BM25Okapi computes it (k1 1.5, b 0.75; a word in more than
    half the documents gets a quarter of the mean idf instead of a negative one)."""

    def __init__(self, documents: list[list[str]], k1: float = 1.5, b: float = 0.75) -> None:
        self.counts = [Counter(d) for d in documents]
        self.lengths = [len(d) for d in documents]
        self.mean_length = sum(self.lengths) / len(documents)
        self.k1, self.b = k1, b
        seen_in = Counter(word for d in documents for word in set(d))
        n = len(documents)
        idf = {w: math.log(n - f + 0.5) - math.log(f + 0.5) for w, f in seen_in.items()}
        floor = 0.25 * sum(idf.values()) / len(idf)
        self.idf = {w: value if value >= 0 else floor for w, value in idf.items()}

    def scores(self, query: list[str]) -> list[float]:
        return [
            sum(
                self.idf.get(word, 0.0)
                * counts[word]
                * (self.k1 + 1)
                / (counts[word] + self.k1 * (1 - self.b + self.b * length / self.mean_length))
                for word in query
            )
            for counts, length in zip(self.counts, self.lengths, strict=True)
        ]


def requests() -> list[tuple[str, str]]:
    lines = REQUESTS.read_text().splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    return [(tool, request) for tool, request in rows]


def missed(tools: list[Tool], asked: list[tuple[str, str]]) -> list[tuple[str, str, list[str]]]:
    """The requests whose tool is not in the top three, with the three that are.

    A tie counts against the right tool: it must outscore all but two others.
    """
    names = [t.name for t in tools]
    index = BM25([words(f"{t.name} {t.description or ''}") for t in tools])
    out: list[tuple[str, str, list[str]]] = []
    for tool, request in asked:
        scores = index.scores(words(request))
        mine = scores[names.index(tool)]
        ahead = sum(1 for name, s in zip(names, scores, strict=True) if name != tool and s >= mine)
        if ahead >= TOP or mine == 0:
            ranked = sorted(zip(scores, names, strict=True), reverse=True)
            out.append((tool, request, [name for _, name in ranked[:TOP]]))
    return out


@pytest.mark.parametrize("toolsets", ["all", "default"])
async def test_the_right_tool_is_in_the_top_three(sandbox: Sandbox, toolsets: str) -> None:
    async with connect(sandbox, settings=sandbox_settings(toolsets=toolsets)) as client:
        tools = (await client.list_tools()).tools
    offered = {t.name for t in tools}
    asked = [(tool, request) for tool, request in requests() if tool in offered]
    assert len(asked) >= (150 if toolsets == "all" else 80)
    misses = missed(tools, asked)
    found = 1 - len(misses) / len(asked)
    report = "\n".join(f"{tool:32} {request!r} -> {top}" for tool, request, top in misses)
    assert found >= FOUND, f"{found:.0%} of {len(asked)} in the top {TOP}; missed:\n{report}"
