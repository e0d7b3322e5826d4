"""Following ``paging.next.after`` cursors safely, for both pagers (``_async_paging`` and ``_sync_paging``).

A cursor that comes back a second time (A -> A, A -> B -> A, any cycle) would repeat pages forever: the pager
yields the page that carried it, then raises PagingError instead of fetching again.
"""

from __future__ import annotations

from typing import TypeVar

from ._exceptions import PagingError
from ._models import Page

T = TypeVar("T")


class Cursors:
    """The cursors one iteration has followed; ``follow`` gives the next one, None at the end."""

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def follow(self, page: Page[T]) -> str | None:
        cursor = page.next_after
        if not cursor:
            return None
        if cursor in self._seen:
            shown = cursor if len(cursor) <= 80 else cursor[:77] + "..."
            raise PagingError(
                f"page {len(self._seen) + 1} of the list gave cursor {shown!r} a second time: following it "
                "would repeat pages forever",
                cursor=cursor,
            )
        self._seen.add(cursor)
        return cursor
