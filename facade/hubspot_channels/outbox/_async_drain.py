"""The outbox drainer: leases updates, sends them through its ``AsyncCustomChannelsClient``, settles each
lease.

The store is blocking (SQLite, or a Redis client of its own): the async drainer calls it in a worker thread,
so an fsync never stalls the event loop. What the two sides do differently is ``_drain_io``'s.
"""

from __future__ import annotations

from .._client import AsyncCustomChannelsClient
from ._drain_batch import DrainBatch
from ._drain_io import AsyncBackgroundDrain, blocking_async, send_batch_async
from ._outbox import Outbox
from ._settle import (
    DEFAULT_CONCURRENCY,
    DEFAULT_IDLE_WAIT,
    DEFAULT_LEASE_SECONDS,
    DrainStats,
    OnProgress,
    StoreOutage,
    call_deadline,
    check_options,
    default_owner,
)
from ._store import OutboxStore, OutboxStoreError


class AsyncOutboxDrainer(AsyncBackgroundDrain):
    """Sends what an outbox holds through ``client`` (its rate limit, its retries), ``concurrency`` messages
    at a time, each under a lease of ``lease_seconds``. Every send runs under a deadline of at most half the
    lease, so it is over before another drainer may take the message over.

    ``run()`` drains until ``stop()`` (``until_empty=True``: until nothing is pending or in flight);
    ``start()`` runs it in the background (the sync drainer: a thread, also ``with drainer:``; the async
    one: an asyncio task, also as an async context manager) and ``stop()`` finishes the batch in flight,
    then stops it. It stops with the client's error on a missing or rejected credential
    (ConfigurationError, AuthenticationError), leaving the update pending. ``on_progress(stats)`` is called
    after each batch."""

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
        super().__init__()
        self.store = outbox.store if isinstance(outbox, Outbox) else outbox
        deadline = call_deadline(client._settings.deadline, lease_seconds)
        self._client = client.with_options(deadline=deadline)
        self.concurrency = concurrency
        self.lease_seconds = float(lease_seconds)
        self.idle_wait = float(idle_wait)
        self.owner = owner or default_owner()
        self.stats = DrainStats()
        self._on_progress = on_progress

    async def drain_once(self) -> int:
        """Lease one batch, send it, settle it; returns how many updates it handled (0: none was due)."""
        leases = await blocking_async(self.store.lease, self.owner, self.concurrency, self.lease_seconds)
        if not leases:
            return 0
        batch = DrainBatch(self.store, leases, self.stats, self.lease_seconds)
        await send_batch_async(self._client, batch, self.concurrency)
        self.stats.batches += 1
        if self._on_progress is not None:
            self._on_progress(self.stats)
        if batch.fatal is not None:
            raise batch.fatal.error
        return len(leases)

    async def run(self, *, until_empty: bool = False) -> DrainStats:
        """Drain until ``stop()`` (or, with until_empty, until nothing is pending or in flight)."""
        self._run_begins()
        outage = StoreOutage(self.idle_wait)
        while not self._stopping.is_set():
            try:
                if await self.drain_once():
                    outage.answered()
                    continue
                self.stats.counts = await blocking_async(self.store.counts)
            except OutboxStoreError as error:  # transient: wait for the store, then go on
                await self._pause(outage.failed(error))
                continue
            outage.answered()
            if until_empty and self.stats.counts.outstanding == 0:
                break
            await self._pause(self.idle_wait)
        return self.stats
