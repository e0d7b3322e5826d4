"""What the sync and async drainers genuinely do differently, written by hand once per side; the drainers
themselves are generated (``_async_drain.py`` is the source of ``_sync_drain.py``, scripts/unasync.py) and
import these by name (``blocking_async`` -> ``blocking_sync``, ``AsyncBackgroundDrain`` -> ``BackgroundDrain``).

- calling the blocking store: directly, or in a worker thread (``asyncio.to_thread``) so that an fsync
  never stalls the event loop;
- sending a batch: the sync client settles each result as it completes and releases the unsent ones
  however it stops; a cancelled async batch settles what it finished before it re-raises;
- running in the background: a thread (``start()`` returns the drainer, ``stop(timeout)`` joins it, the
  error that ended it is ``drainer.error``) or an asyncio task (``start()`` returns it, ``await stop()``
  returns its stats or raises what ended it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, ParamSpec, Self, TypeVar

from .._bulk import BulkUpdateInterrupted
from ._drain_batch import DrainBatch
from ._settle import DrainStats

if TYPE_CHECKING:
    from .._client import AsyncCustomChannelsClient, CustomChannelsClient

logger = logging.getLogger("hubspot_channels.outbox")
P = ParamSpec("P")
T = TypeVar("T")


def blocking_sync(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    return function(*args, **kwargs)


async def blocking_async(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    return await asyncio.to_thread(function, *args, **kwargs)


def send_batch_sync(client: CustomChannelsClient, batch: DrainBatch, concurrency: int) -> None:
    try:
        client.messages.update_statuses(batch.updates, concurrency=concurrency, on_result=batch.settle)
    finally:
        batch.release_unsent()


async def send_batch_async(client: AsyncCustomChannelsClient, batch: DrainBatch, concurrency: int) -> None:
    try:
        results = await client.messages.update_statuses(batch.updates, concurrency=concurrency)
    except asyncio.CancelledError as cancelled:
        interrupted = BulkUpdateInterrupted.of(cancelled)
        # blocking, briefly: a cancelled task cannot await safely
        batch.settle_all(interrupted.completed if interrupted is not None else [])
        raise
    await asyncio.to_thread(batch.settle_all, results)


class BackgroundDrain:
    """The sync drainer's background thread (``start()`` / ``stop()``, ``with drainer:``)."""

    stats: DrainStats

    def __init__(self) -> None:
        self.error: BaseException | None = None  # what stopped the background thread, if anything
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def run(self, *, until_empty: bool = False) -> DrainStats:
        raise NotImplementedError  # the drainer's

    def _run_begins(self) -> None:
        if threading.current_thread() is not self._thread:  # a direct call: an earlier stop() is over
            self._stopping.clear()

    def _pause(self, seconds: float) -> None:
        self._stopping.wait(seconds)

    def start(self) -> Self:
        """Run in a background thread (no second one when it runs already)."""
        if self._thread is not None and self._thread.is_alive():
            return self
        self._stopping.clear()
        self.error = None
        self._thread = threading.Thread(target=self._background, name="hubspot-outbox-drainer", daemon=True)
        self._thread.start()
        return self

    def _background(self) -> None:
        try:
            self.run()
        except BaseException as error:  # noqa: BLE001 - kept for the owner of the thread: drainer.error
            self.error = error
            logger.error("outbox: the drainer stopped: %s", error)

    def stop(self, timeout: float | None = None) -> None:
        """Finish the batch in flight, then stop; joins the thread (``timeout`` seconds at most)."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


class AsyncBackgroundDrain:
    """The async drainer's background task (``start()`` / ``await stop()``, ``async with drainer:``).

    Cancelling it leaves the updates it had not settled to expire or, when the cancellation lets it,
    releases them at once."""

    stats: DrainStats

    def __init__(self) -> None:
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[DrainStats] | None = None

    async def run(self, *, until_empty: bool = False) -> DrainStats:
        raise NotImplementedError  # the drainer's

    def _run_begins(self) -> None:
        if asyncio.current_task() is not self._task:  # a direct call: an earlier stop() is over
            self._stopping.clear()

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    def start(self) -> asyncio.Task[DrainStats]:
        """Run in a task of the running loop (the same task when already started)."""
        if self._task is None or self._task.done():
            self._stopping.clear()
            self._task = asyncio.ensure_future(self.run())
        return self._task

    async def stop(self) -> DrainStats:
        """Finish the batch in flight, then stop; raises what stopped the task, if it failed."""
        self._stopping.set()
        if self._task is not None:
            return await self._task
        return self.stats

    async def __aenter__(self) -> Self:
        self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()
