"""Walk offset-paged lists without running away.

Datadog's list endpoints page by offset (`page[offset]`, `page[size]` up to 100) or by
page number; either can be expressed as an offset. Pages end when one comes back
shorter than asked (Datadog's own `next_offset` is not reliable on the last page), and
a hard cap bounds the total so an agent can never pull an unbounded list.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

MAX_PAGE_SIZE = 100


async def collect_pages(
    fetch: Callable[[int, int], Awaitable[Sequence[T]]],
    *,
    max_items: int,
    page_size: int = MAX_PAGE_SIZE,
    offset: int = 0,
) -> tuple[list[T], bool]:
    """Items from consecutive pages, and whether the cap stopped the walk early.

    `fetch(offset, size)` returns one page.
    """
    size = max(1, min(page_size, MAX_PAGE_SIZE))
    items: list[T] = []
    while len(items) < max_items:
        want = min(size, max_items - len(items))
        page = await fetch(offset, want)
        items.extend(page)
        if len(page) < want:
            return items, False
        offset += len(page)
    return items, True
