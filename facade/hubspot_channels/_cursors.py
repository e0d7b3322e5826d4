"""Following ``paging.next.after`` cursors safely, for both pagers (``_async_paging`` and ``_sync_paging``).

A cursor that comes back a second time (A -> A, A -> B -> A, any cycle) would repeat pages forever: the pager
yields the page that carried it, then raises PagingError instead of fetching again. So do ten empty pages in
a row that each point to a new cursor (a list that never ends). A list that keeps giving items is followed.
"""

from __future__ import annotations

from typing import TypeVar

from ._exceptions import PagingError
from ._models import Page

T = TypeVar("T")


MAX_EMPTY_PAGES = 10  # empty pages in a row that still point further: the list is not ending, it is broken


class Cursors:
    """The cursors one iteration has followed; ``follow`` gives the next one, None at the end."""

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self._empty_in_a_row = 0

    def follow(self, page: Page[T]) -> str | None:
        cursor = page.next_after
        if not cursor:
            return None
        self._empty_in_a_row = 0 if page.items else self._empty_in_a_row + 1
        if self._empty_in_a_row >= MAX_EMPTY_PAGES:
            raise PagingError(
                f"{MAX_EMPTY_PAGES} empty pages in a row, each with a new cursor: the list would never end",
                cursor=cursor,
            )
        if cursor in self._seen:
            shown = cursor if len(cursor) <= 80 else cursor[:77] + "..."
            raise PagingError(
                f"page {len(self._seen) + 1} of the list gave cursor {shown!r} a second time: following it "
                "would repeat pages forever",
                cursor=cursor,
            )
        self._seen.add(cursor)
        return cursor
