"""The client package's public surface is what `__all__` says, and it never loads `mcp`."""

from __future__ import annotations

import subprocess
import sys

import datadog_incidents_mcp.datadog as package


def test_all_names_exist_and_are_sorted() -> None:
    assert all(hasattr(package, name) for name in package.__all__)
    assert package.__all__ == sorted(package.__all__, key=lambda n: (not n.isupper(), n))


def test_importing_the_client_loads_neither_mcp_nor_a_second_http_stack() -> None:
    code = (
        "import sys, datadog_incidents_mcp.datadog; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'mcp', 'httpx'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
