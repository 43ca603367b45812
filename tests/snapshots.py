"""Committed snapshot files: written when missing outside CI or when UPDATE_SNAPSHOTS=1.

A missing file fails in CI; a stale one fails everywhere until it is deliberately rewritten.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"


def matches(path: Path, data: Any) -> bool:
    """Whether `data` equals the committed snapshot at `path` (writing it when allowed)."""
    current = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if UPDATE or (not path.exists() and not os.environ.get("CI")):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(current)
    return path.exists() and path.read_text() == current
