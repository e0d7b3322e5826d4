"""What the sync and async drainers share: how a send's result settles its lease, and the running totals."""

from __future__ import annotations

import logging
import math
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from .._bulk import StatusUpdate, StatusUpdateResult
from .._exceptions import APIStatusError, HubSpotChannelsError, RequestValidationError
from ._rules import backoff, describe, is_fatal, is_permanent
from ._store import Lease, OutboxCounts, OutboxStore, OutboxStoreError

logger = logging.getLogger("hubspot_channels.outbox")
Outcome = Literal["sent", "retry", "dead", "released"]
DEFAULT_LEASE_SECONDS = 60.0
DEFAULT_CONCURRENCY = 8
DEFAULT_IDLE_WAIT = 0.5
MAX_STORE_WAIT = 30.0  # seconds between attempts to reach a store that is down


@dataclass(slots=True)
class DrainStats:
    """What one drainer did so far. ``counts`` is the store's view after the last batch (None before)."""

    sent: int = 0
    retried: int = 0
    dead: int = 0
    released: int = 0
    batches: int = 0
    counts: OutboxCounts | None = field(default=None)

    def add(self, outcome: Outcome) -> None:
        if outcome == "sent":
            self.sent += 1
        elif outcome == "retry":
            self.retried += 1
        elif outcome == "dead":
            self.dead += 1
        else:
            self.released += 1


OnProgress = Callable[[DrainStats], object]


def check_options(concurrency: object, lease_seconds: object, idle_wait: object) -> None:
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise RequestValidationError(f"concurrency must be a whole number >= 1, got {concurrency!r}")
    for name, value in (("lease_seconds", lease_seconds), ("idle_wait", idle_wait)):
        number = value if isinstance(value, (int, float)) and not isinstance(value, bool) else math.nan
        if not 0 < number <= 86_400:
            raise RequestValidationError(f"{name} must be seconds above 0 and at most a day, got {value!r}")


def default_owner() -> str:
    """Names the drainer in the store (which host and process holds a lease), never a credential."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def call_deadline(client_deadline: float | None, lease_seconds: float) -> float:
    """The deadline each send runs under: half the lease at most, so that a send (pacing and retries
    included) is over before its lease can expire and another drainer send a newer status of the message."""
    half = lease_seconds / 2
    return half if client_deadline is None else min(client_deadline, half)


def as_status_update(lease: Lease) -> StatusUpdate:
    update = lease.update
    return StatusUpdate(update.channel_id, update.message_id, update.status, update.error_message)


class FatalDrainError(Exception):
    """Carries the error that stops a drainer (missing or rejected credentials) out of a batch."""

    def __init__(self, error: HubSpotChannelsError) -> None:
        super().__init__(str(error))
        self.error = error


def settle(store: OutboxStore, lease: Lease, result: StatusUpdateResult) -> Outcome:
    """Record a send's result; raises FatalDrainError (after releasing the lease) when the drainer must stop."""
    error = result.error
    if error is None:
        store.complete(lease)
        return "sent"
    update = lease.update
    where = f"channel {update.channel_id} message {update.message_id} {update.status.value}"
    if is_fatal(error):
        store.release(lease)
        raise FatalDrainError(error)
    if is_permanent(error):
        status = error.status_code if isinstance(error, APIStatusError) else None
        store.bury(lease, describe(error), status)
        logger.warning("outbox: dead letter for %s: %s", where, describe(error))
        return "dead"
    delay = backoff(lease.attempts + 1)
    store.retry_later(lease, describe(error), delay)
    logger.info("outbox: %s failed (%s), retried in %.0f s", where, describe(error), delay)
    return "retry"


class StoreOutage:
    """The store unreachable is transient for a drainer: it logs once, waits longer each time (idle_wait,
    doubled, at most MAX_STORE_WAIT) and logs again once the store answers. Leases it could not settle
    expire and are sent again (at least once)."""

    def __init__(self, idle_wait: float) -> None:
        self.idle_wait = idle_wait
        self.failures = 0

    def failed(self, error: OutboxStoreError) -> float:
        if self.failures == 0:
            logger.warning("outbox: the store is unreachable, the drainer waits for it: %s", error)
        self.failures += 1
        return min(MAX_STORE_WAIT, self.idle_wait * 2.0 ** min(self.failures - 1, 16))

    def answered(self) -> None:
        if self.failures:
            logger.warning("outbox: the store answers again after %d failed attempts", self.failures)
            self.failures = 0


def settle_or_leave(store: OutboxStore, lease: Lease, result: StatusUpdateResult) -> Outcome | None:
    """``settle``, except that a store that cannot be reached leaves the lease to expire (None)."""
    try:
        return settle(store, lease, result)
    except OutboxStoreError as error:
        logger.warning("outbox: could not record a send (%s); it is sent again once its lease expires", error)
        return None
