"""Lazy iteration over cursor-paged lists (``paging.next.after``); a repeated cursor raises PagingError
(see ``_cursors``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Generic, TypeVar

from ._cursors import Cursors
from ._models import Page

T = TypeVar("T")


class AsyncPager(Generic[T]):
    """Iterate items (``async for x in pager``) or whole pages (``async for page in pager.pages()``); pages
    are fetched on demand. Raises PagingError when the API repeats a cursor (the pages would loop)."""

    def __init__(self, fetch: Callable[[str | None], Awaitable[Page[T]]]) -> None:
        self._fetch = fetch

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Each page in order, following cursors; a cursor seen twice raises PagingError."""
        cursors = Cursors()
        after: str | None = None
        while True:
            page = await self._fetch(after)
            yield page
            after = cursors.follow(page)
            if after is None:
                return

    async def first_page(self) -> Page[T]:
        """Only the first page (its ``next_after`` gives the cursor for the rest)."""
        return await self._fetch(None)

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item
