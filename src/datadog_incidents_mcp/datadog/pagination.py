"""Walk offset-paged lists without running away.

Datadog's list endpoints page by offset (`page[offset]`, `page[size]` up to 100) or by
page number; either can be expressed as an offset. Pages end when one comes back
shorter than asked (Datadog's own `next_offset` is not reliable on the last page), and
a hard cap bounds the total so an agent can never pull an unbounded list.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

MAX_PAGE_SIZE = 100


async def walk_pages(
    fetch: Callable[[int, int], Awaitable[Sequence[T]]],
    *,
    max_items: int,
    page_size: int = MAX_PAGE_SIZE,
    offset: int = 0,
) -> AsyncIterator[Sequence[T]]:
    """Consecutive pages, `fetch(offset, size)` each; the caller may stop as soon as it has
    what it wants, so a search never pulls pages it does not need."""
    size = max(1, min(page_size, MAX_PAGE_SIZE))
    seen = 0
    while seen < max_items:
        want = min(size, max_items - seen)
        page = await fetch(offset, want)
        yield page
        if len(page) < want:
            return
        seen += len(page)
        offset += len(page)
