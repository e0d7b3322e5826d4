"""The async drainer: the same as ``OutboxDrainer`` on an event loop, with an ``AsyncCustomChannelsClient``.

The store is blocking (SQLite, or a Redis client of its own): its calls run in a worker thread
(``asyncio.to_thread``), so an fsync never stalls the loop; the sends are the client's own tasks.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from types import TracebackType
from typing import Self

from .._bulk import BulkUpdateInterrupted, StatusUpdateResult
from .._client import AsyncCustomChannelsClient
from ._outbox import Outbox
from ._settle import (
    DEFAULT_CONCURRENCY,
    DEFAULT_IDLE_WAIT,
    DEFAULT_LEASE_SECONDS,
    DrainStats,
    FatalDrainError,
    OnProgress,
    StoreOutage,
    as_status_update,
    call_deadline,
    check_options,
    default_owner,
    settle_or_leave,
)
from ._store import Lease, OutboxStore, OutboxStoreError

logger = logging.getLogger("hubspot_channels.outbox")


class AsyncOutboxDrainer:
    """``OutboxDrainer`` for asyncio: ``await run()``, or ``start()`` (an asyncio task) and ``await stop()``,
    or ``async with drainer:``. Cancelling it leaves the updates it had not settled to expire or, when the
    cancellation lets it, releases them at once."""

    def __init__(
        self,
        outbox: Outbox | OutboxStore,
        client: AsyncCustomChannelsClient,
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        idle_wait: float = DEFAULT_IDLE_WAIT,
        on_progress: OnProgress | None = None,
        owner: str | None = None,
    ) -> None:
        check_options(concurrency, lease_seconds, idle_wait)
        self.store = outbox.store if isinstance(outbox, Outbox) else outbox
        deadline = call_deadline(client._settings.deadline, lease_seconds)
        self._client = client.with_options(deadline=deadline)
        self.concurrency = concurrency
        self.lease_seconds = float(lease_seconds)
        self.idle_wait = float(idle_wait)
        self.owner = owner or default_owner()
        self.stats = DrainStats()
        self._on_progress = on_progress
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[DrainStats] | None = None

    async def drain_once(self) -> int:
        """Lease one batch, send it, settle it; returns how many updates it handled (0: none was due)."""
        leases = await asyncio.to_thread(self.store.lease, self.owner, self.concurrency, self.lease_seconds)
        if not leases:
            return 0
        updates = [as_status_update(lease) for lease in leases]
        by_update: dict[int, Lease] = {id(u): lease for u, lease in zip(updates, leases, strict=True)}
        results: list[StatusUpdateResult] = []
        try:
            results = await self._client.messages.update_statuses(updates, concurrency=self.concurrency)
        except asyncio.CancelledError as cancelled:
            interrupted = BulkUpdateInterrupted.of(cancelled)
            done = interrupted.completed if interrupted is not None else []
            self._settle_all(by_update, done)  # blocking, briefly: a cancelled task cannot await safely
            raise
        fatal = await asyncio.to_thread(self._settle_all, by_update, results)
        self.stats.batches += 1
        if self._on_progress is not None:
            self._on_progress(self.stats)
        if fatal is not None:
            raise fatal.error
        return len(leases)

    def _settle_all(
        self, by_update: dict[int, Lease], results: list[StatusUpdateResult]
    ) -> FatalDrainError | None:
        fatal: FatalDrainError | None = None
        for result in results:
            lease = by_update.pop(id(result.update))
            try:
                outcome = settle_or_leave(self.store, lease, result)
                if outcome is not None:
                    self.stats.add(outcome)
            except FatalDrainError as error:
                fatal = fatal or error
                self.stats.add("released")
        for lease in list(by_update.values()):  # never sent: due again at once
            try:
                self.store.release(lease)
                self.stats.add("released")
            except Exception:
                logger.exception(
                    "outbox: could not release a lease; it expires in %.0f s", self.lease_seconds
                )
        by_update.clear()
        return fatal

    async def run(self, *, until_empty: bool = False) -> DrainStats:
        """Drain until ``stop()`` (or, with until_empty, until nothing is pending or in flight)."""
        if asyncio.current_task() is not self._task:
            self._stopping.clear()
        outage = StoreOutage(self.idle_wait)
        while not self._stopping.is_set():
            try:
                if await self.drain_once():
                    outage.answered()
                    continue
                self.stats.counts = await asyncio.to_thread(self.store.counts)
            except OutboxStoreError as error:  # transient: wait for the store, then go on
                await self._pause(outage.failed(error))
                continue
            outage.answered()
            if until_empty and self.stats.counts.outstanding == 0:
                break
            await self._pause(self.idle_wait)
        return self.stats

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
