"""The sync drainer: leases updates, sends them with a ``CustomChannelsClient``, settles each lease."""

from __future__ import annotations

import logging
import threading
from types import TracebackType
from typing import Self

from .._bulk import StatusUpdateResult
from .._client import CustomChannelsClient
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


class OutboxDrainer:
    """Sends what an outbox holds through ``client`` (its rate limit, its retries), ``concurrency`` messages
    at a time, each under a lease of ``lease_seconds``. Every send runs under a deadline of at most half the
    lease, so it is over before another drainer may take the message over.

    ``run()`` drains in the calling thread (``until_empty=True`` returns once nothing is pending or in
    flight); ``start()`` / ``stop()`` or ``with drainer:`` run it in a background thread. It stops with the
    client's error on a missing or rejected credential (ConfigurationError, AuthenticationError), leaving
    the update pending. ``on_progress(stats)`` is called after each batch."""

    def __init__(
        self,
        outbox: Outbox | OutboxStore,
        client: CustomChannelsClient,
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
        self.error: BaseException | None = None  # what stopped the background thread, if anything
        self._on_progress = on_progress
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def drain_once(self) -> int:
        """Lease one batch, send it, settle it; returns how many updates it handled (0: none was due)."""
        leases = self.store.lease(self.owner, self.concurrency, self.lease_seconds)
        if not leases:
            return 0
        updates = [as_status_update(lease) for lease in leases]
        by_update: dict[int, Lease] = {id(u): lease for u, lease in zip(updates, leases, strict=True)}
        fatal: list[FatalDrainError] = []

        def on_result(result: StatusUpdateResult) -> None:
            lease = by_update.pop(id(result.update))
            try:
                outcome = settle_or_leave(self.store, lease, result)
                if outcome is not None:
                    self.stats.add(outcome)
            except FatalDrainError as error:
                fatal.append(error)
                self.stats.add("released")

        try:
            self._client.messages.update_statuses(updates, concurrency=self.concurrency, on_result=on_result)
        finally:
            self._release(list(by_update.values()))  # never sent (stopped early): due again at once
        self.stats.batches += 1
        if self._on_progress is not None:
            self._on_progress(self.stats)
        if fatal:
            raise fatal[0].error
        return len(leases)

    def _release(self, leases: list[Lease]) -> None:
        for lease in leases:
            try:
                self.store.release(lease)
                self.stats.add("released")
            except Exception:
                logger.exception(
                    "outbox: could not release a lease; it expires in %.0f s", self.lease_seconds
                )

    def run(self, *, until_empty: bool = False) -> DrainStats:
        """Drain until ``stop()`` (or, with until_empty, until nothing is pending or in flight)."""
        if threading.current_thread() is not self._thread:  # a direct call: an earlier stop() is over
            self._stopping.clear()
        outage = StoreOutage(self.idle_wait)
        while not self._stopping.is_set():
            try:
                if self.drain_once():
                    outage.answered()
                    continue
                self.stats.counts = self.store.counts()
            except OutboxStoreError as error:  # transient: wait for the store, then go on
                self._stopping.wait(outage.failed(error))
                continue
            outage.answered()
            if until_empty and self.stats.counts.outstanding == 0:
                break
            self._stopping.wait(self.idle_wait)
        return self.stats

    # -- background thread -----------------------------------------------------------------------------

    def start(self) -> Self:
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
