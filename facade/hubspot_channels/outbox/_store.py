"""The storage interface behind the outbox, and the records it hands out (contract in the package docstring)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from .._exceptions import HubSpotChannelsError
from ._rules import OutboxUpdate


class OutboxStoreError(HubSpotChannelsError):
    """The outbox's store could not be reached or failed (e.g. Redis down). From ``enqueue``: the update may
    not be stored, enqueue it again (a repeat is harmless: the order rule drops it if it was stored). The
    drainers treat it as transient: they wait and try again, and an unsettled lease expires and is resent."""


@dataclass(frozen=True, slots=True)
class Lease:
    """One update handed to one drainer until ``expires`` (the store's clock). ``token`` identifies this
    lease: settling it does nothing once another drainer has taken the update over."""

    update: OutboxUpdate
    token: str
    version: int  # which accepted update of the message this is: a newer one keeps the message queued
    attempts: int  # failed tries so far (after the client's own retries)
    expires: float


@dataclass(frozen=True, slots=True)
class OutboxCounts:
    """How many messages are in each state. ``in_flight`` includes ``expired_leases``: leased by a drainer
    that stopped without settling them (killed); any drainer takes them over."""

    pending: int = 0
    in_flight: int = 0
    expired_leases: int = 0
    dead: int = 0
    done: int = 0
    dropped: int = 0

    @property
    def outstanding(self) -> int:
        """Updates still to send: pending plus in flight (dead letters wait for an operator)."""
        return self.pending + self.in_flight


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """An update HubSpot refused for good. ``id`` names it for ``retry_dead`` / ``drop_dead``."""

    id: str
    update: OutboxUpdate
    error: str
    status_code: int | None
    attempts: int
    failed_at: float


@runtime_checkable
class OutboxStore(Protocol):
    """Durable state of the outbox: one entry per message (channel id, message id) holding the latest
    accepted update. Every method is blocking and safe to call from several threads; several processes (or
    hosts, for a networked store) may share one store."""

    def enqueue(self, updates: Sequence[OutboxUpdate]) -> list[bool]:
        """Apply ``_rules.accepts`` against each message's latest accepted update, atomically with the
        write; return one flag per update (False: dropped by the order rule). Durable when it returns."""
        ...

    def lease(self, owner: str, limit: int, lease_seconds: float) -> list[Lease]:
        """Up to ``limit`` messages, oldest first, that are pending and due, or whose lease expired; at most
        one lease per message at a time. Each is in flight until settled or until its lease expires."""
        ...

    def complete(self, lease: Lease) -> None:
        """HubSpot took the update: done, unless a newer update arrived meanwhile (then pending again)."""
        ...

    def retry_later(self, lease: Lease, error: str, delay: float) -> None:
        """A transient failure: pending again, due in ``delay`` seconds, one more attempt counted."""
        ...

    def release(self, lease: Lease) -> None:
        """Give the update back unsent (the drainer is stopping): pending, due now, no attempt counted."""
        ...

    def bury(self, lease: Lease, error: str, status_code: int | None) -> None:
        """A permanent failure: a dead letter, unless a newer update arrived meanwhile (then pending)."""
        ...

    def counts(self) -> OutboxCounts: ...

    def dead_letters(self, limit: int | None = None) -> list[DeadLetter]:
        """The dead letters, oldest failure first."""
        ...

    def retry_dead(self, ids: Sequence[str] | None = None) -> int:
        """Queue these dead letters (all with None) again, attempts reset; returns how many."""
        ...

    def drop_dead(self, ids: Sequence[str] | None = None) -> int:
        """Give these dead letters up (all with None); the message's latest status is kept, so the order
        rule still applies to later updates. Returns how many."""
        ...

    def close(self) -> None: ...
