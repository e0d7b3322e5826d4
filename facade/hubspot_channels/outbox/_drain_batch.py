"""One leased batch of a drainer: the updates it sends and how each result settles its lease.

Both drainers use it as it is (it does no I/O of its own but the store's blocking calls, which the async
drainer makes in a worker thread).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from .._bulk import StatusUpdateResult
from ._settle import DrainStats, FatalDrainError, as_status_update, settle_or_leave
from ._store import Lease, OutboxStore

logger = logging.getLogger("hubspot_channels.outbox")


class DrainBatch:
    """The updates of ``leases``; ``settle`` each result as it comes, then ``release_unsent`` the rest.

    A credential error (FatalDrainError) does not stop the batch: the first one is kept in ``fatal``, for
    the drainer to raise once the batch is settled."""

    def __init__(
        self, store: OutboxStore, leases: list[Lease], stats: DrainStats, lease_seconds: float
    ) -> None:
        self.store, self.stats, self.lease_seconds = store, stats, lease_seconds
        self.updates = [as_status_update(lease) for lease in leases]
        self._unsettled: dict[int, Lease] = {
            id(update): lease for update, lease in zip(self.updates, leases, strict=True)
        }
        self.fatal: FatalDrainError | None = None

    def settle(self, result: StatusUpdateResult) -> None:
        lease = self._unsettled.pop(id(result.update))
        try:
            outcome = settle_or_leave(self.store, lease, result)
            if outcome is not None:
                self.stats.add(outcome)
        except FatalDrainError as error:
            self.fatal = self.fatal or error
            self.stats.add("released")

    def settle_all(self, results: Iterable[StatusUpdateResult]) -> None:
        for result in results:
            self.settle(result)
        self.release_unsent()

    def release_unsent(self) -> None:
        """Release the leases of the updates never sent (stopped early): they are due again at once."""
        for lease in list(self._unsettled.values()):
            try:
                self.store.release(lease)
                self.stats.add("released")
            except Exception:
                logger.exception(
                    "outbox: could not release a lease; it expires in %.0f s", self.lease_seconds
                )
        self._unsettled.clear()
