"""Lazy iteration over cursor-paged lists (``paging.next.after``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Generic, TypeVar

from ._models import Page

T = TypeVar("T")


class SyncPager(Generic[T]):
    """Iterate items (``for x in pager``) or whole pages (``pager.pages()``); pages are fetched on demand."""

    def __init__(self, fetch: Callable[[str | None], Page[T]]) -> None:
        self._fetch = fetch

    def pages(self) -> Iterator[Page[T]]:
        after: str | None = None
        while True:
            page = self._fetch(after)
            yield page
            if not page.next_after or page.next_after == after:
                return
            after = page.next_after

    def first_page(self) -> Page[T]:
        return self._fetch(None)

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items


class AsyncPager(Generic[T]):
    """``async for x in pager`` or ``async for page in pager.pages()``."""

    def __init__(self, fetch: Callable[[str | None], Awaitable[Page[T]]]) -> None:
        self._fetch = fetch

    async def pages(self) -> AsyncIterator[Page[T]]:
        after: str | None = None
        while True:
            page = await self._fetch(after)
            yield page
            if not page.next_after or page.next_after == after:
                return
            after = page.next_after

    async def first_page(self) -> Page[T]:
        return await self._fetch(None)

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item
