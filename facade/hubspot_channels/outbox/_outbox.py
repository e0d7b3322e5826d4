"""Outbox: the producers' side (enqueue) and the operators' side (counts, dead letters) of one store."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from types import TracebackType
from typing import Self

from .._bulk import StatusUpdate
from .._exceptions import RequestValidationError
from .._models import MessageStatus
from ._open import open_store
from ._rules import OutboxUpdate, checked_update
from ._store import DeadLetter, OutboxCounts, OutboxStore


class Outbox:
    """A durable queue of status reports. ``Outbox("statuses.sqlite3")`` keeps them in one SQLite file,
    ``Outbox("redis://host:6379/0")`` on Redis (``RedisOutboxStore``, for several hosts), ``Outbox(store=...)``
    in any ``OutboxStore``. Thread-safe; processes (and, on Redis, hosts) may share the store. ``clock``:
    the store's clock (default: the wall clock for SQLite, the server's for Redis)."""

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        store: OutboxStore | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        if (path is None) == (store is None):
            raise RequestValidationError(
                "give Outbox either a SQLite file path (or a Redis URL) or store=, not both or neither"
            )
        self.store: OutboxStore = store if store is not None else open_store(path or "", clock=clock)

    def __repr__(self) -> str:
        return f"Outbox({self.store!r})"

    def enqueue(
        self,
        channel_id: int | str,
        message_id: str,
        status: MessageStatus | str,
        error_message: str | None = None,
    ) -> bool:
        """Store one status report; when this returns it survives a crash (the SQLite store fsyncs; Redis:
        see ``RedisOutboxStore`` for the persistence it needs). The store unreachable: OutboxStoreError.
        Returns False when the order rule drops it (a late report after READ, or a repeat of the latest):
        nothing is stored then. A bad argument raises RequestValidationError and stores nothing; FAILED
        may come without an error_message (as HubSpot allows)."""
        return self.store.enqueue([checked_update(channel_id, message_id, status, error_message)])[0]

    def enqueue_many(self, updates: Iterable[StatusUpdate]) -> list[bool]:
        """Store many reports in one transaction (one fsync), in order; one flag per update as ``enqueue``.
        Every update is validated first: one bad update raises and nothing is stored."""
        checked: list[OutboxUpdate] = []
        for index, update in enumerate(updates):
            if not isinstance(update, StatusUpdate):
                raise RequestValidationError(
                    f"updates[{index}] must be a StatusUpdate, got {type(update).__name__}"
                )
            try:
                checked.append(
                    checked_update(update.channel_id, update.message_id, update.status, update.error_message)
                )
            except RequestValidationError as error:
                raise RequestValidationError(f"updates[{index}]: {error}") from None
        return self.store.enqueue(checked) if checked else []

    def counts(self) -> OutboxCounts:
        """Pending, in flight (and how many of those a stopped drainer left), dead, done, dropped."""
        return self.store.counts()

    def dead_letters(self, limit: int | None = None) -> list[DeadLetter]:
        return self.store.dead_letters(limit)

    def retry_dead(self, ids: Sequence[str] | None = None) -> int:
        """Queue these dead letters again (all when None), e.g. after fixing what HubSpot refused."""
        return self.store.retry_dead(ids)

    def drop_dead(self, ids: Sequence[str] | None = None) -> int:
        """Give these dead letters up (all when None)."""
        return self.store.drop_dead(ids)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
