"""Two-phase deduplication of webhook events for ``hubspot_channels.webhooks``.

An event is *claimed* when it arrives, *completed* once the app's work succeeded, *released* when
that work failed, so that HubSpot's redelivery is processed again. A claim that is never settled
(the process died) expires after its TTL, with the same effect.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
import warnings
from collections import OrderedDict
from collections.abc import Callable
from typing import Literal, Protocol, TypeAlias, runtime_checkable

from . import _webhook_args as args
from ._webhook_events import Event, OutgoingMessageCreated, UnknownEvent

ClaimState: TypeAlias = Literal["new", "in_progress", "done"]
CLAIM_STATES: frozenset[str] = frozenset({"new", "in_progress", "done"})

DEFAULT_CLAIM_TTL = 600.0  # seconds an unsettled claim blocks redeliveries (covers mark_sent's retries)
DEFAULT_DONE_TTL = 86_400.0  # seconds a completed event is remembered (HubSpot retries within a day)


@runtime_checkable
class DeduplicationStore(Protocol):
    """Where `WebhookHandler` records which events are being processed or are done.

    Implement the three methods over a shared store (e.g. Redis: ``SET key in_progress NX PX ttl``
    for claim, ``SET key done PX done_ttl`` for complete, delete-if-in_progress for release) to
    deduplicate across processes. `claim` must be atomic.
    """

    def claim(self, key: str, ttl: float) -> ClaimState:
        """Atomically: "done" if `key` was completed, "in_progress" if it is claimed and the claim
        has not expired, else claim it for `ttl` seconds and return "new"."""
        ...

    def complete(self, key: str) -> None:
        """The work for `key` succeeded: later claims answer "done"."""
        ...

    def release(self, key: str) -> None:
        """The work for `key` failed: drop the claim (not a completion) so a redelivery is "new"."""
        ...


class MemoryDeduplicationStore:
    """The default store: in memory, thread-safe, per process, at most `maxsize` keys.

    Completed keys are remembered for `done_ttl` seconds; when full, the least recently seen key
    goes first. `clock` (seconds, monotonic) is injectable for tests.
    """

    def __init__(
        self,
        maxsize: int = 10_000,
        *,
        done_ttl: float = DEFAULT_DONE_TTL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if isinstance(maxsize, bool) or not isinstance(maxsize, int):
            raise TypeError(f"maxsize must be an int, got {type(maxsize).__name__}")
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self._maxsize = maxsize
        self._done_ttl = args.positive_seconds("done_ttl", done_ttl)
        self._clock = clock
        # key -> (done, expires_at on self._clock)
        self._entries: OrderedDict[str, tuple[bool, float]] = OrderedDict()
        self._lock = threading.Lock()

    def claim(self, key: str, ttl: float) -> ClaimState:
        ttl = args.positive_seconds("ttl", ttl)
        with self._lock:  # look up and record in one step, or two racing deliveries both get "new"
            now = self._clock()
            entry = self._entries.get(key)
            if entry is not None and entry[1] > now:
                self._entries.move_to_end(key)
                return "done" if entry[0] else "in_progress"
            self._put(key, False, now + ttl)
            return "new"

    def complete(self, key: str) -> None:
        with self._lock:
            self._put(key, True, self._clock() + self._done_ttl)

    def release(self, key: str) -> None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and not entry[0]:
                del self._entries[key]

    def __len__(self) -> int:
        return len(self._entries)

    def _put(self, key: str, done: bool, expires_at: float) -> None:
        self._entries[key] = (done, expires_at)
        self._entries.move_to_end(key)
        while len(self._entries) > self._maxsize:
            self._entries.popitem(last=False)


class EventDeduplicator:
    """Deprecated: use `MemoryDeduplicationStore` (or your own `DeduplicationStore`).

    The one-phase API (`is_duplicate` records at once, `forget` undoes it) of earlier versions,
    kept importable. As a `WebhookHandler` store it goes through these two methods, so existing
    subclasses over a shared store keep working: a failed `on_event` or `fail()` forgets the
    event, but a redelivery while the work runs is answered "duplicate", not "retry later".
    """

    def __init__(self, maxsize: int = 10_000) -> None:
        warnings.warn(
            "EventDeduplicator is deprecated: use MemoryDeduplicationStore, whose two-phase claims "
            "count an event as processed only once the work succeeded",
            DeprecationWarning,
            stacklevel=2,
        )
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self._maxsize = maxsize
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def is_duplicate(self, event_id: str) -> bool:
        """Record `event_id`; return True if it was already recorded (a redelivery)."""
        with self._lock:
            if event_id in self._seen:
                self._seen.move_to_end(event_id)
                return True
            self._seen[event_id] = None
            if len(self._seen) > self._maxsize:
                self._seen.popitem(last=False)
            return False

    def forget(self, event_id: str) -> None:
        """Drop `event_id`, so that a redelivery is processed again."""
        with self._lock:
            self._seen.pop(event_id, None)

    def claim(self, key: str, ttl: float) -> ClaimState:
        return "done" if self.is_duplicate(key) else "new"

    def complete(self, key: str) -> None:
        pass  # is_duplicate recorded it already

    def release(self, key: str) -> None:
        self.forget(key)

    def __len__(self) -> int:
        return len(self._seen)


class Claim:
    """One claimed event; the first of `complete` / `fail` wins, later calls do nothing."""

    __slots__ = ("_key", "_lock", "_settled", "_store")

    def __init__(self, store: DeduplicationStore, key: str) -> None:
        self._store = store
        self._key = key
        self._settled = False
        self._lock = threading.Lock()

    def complete(self) -> None:
        if self._settle():
            self._store.complete(self._key)

    def fail(self) -> None:
        if self._settle():
            self._store.release(self._key)

    def _settle(self) -> bool:
        with self._lock:
            first, self._settled = not self._settled, True
            return first


def event_key(event: Event, body: bytes) -> str:
    """The deduplication key: HubSpot's `eventId` when there is one, else the event's identity.

    Plain event ids stay plain (stores keyed on them keep working); derived keys are prefixed,
    so they cannot collide with one.
    """
    if isinstance(event, UnknownEvent):
        value = event.raw.get("eventId")
        if isinstance(value, str) and value or isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        # Nothing is known about its fields: the same body is the same event.
        return "body:" + hashlib.sha256(body).hexdigest()
    if event.event_id is not None:
        return event.event_id
    # Account events, as HubSpot's guide shows them, carry no eventId.
    if isinstance(event, OutgoingMessageCreated):
        account, message_id = event.message.channel_account_id, event.message.id
    else:
        account, message_id = event.channel_account_id, None
    identity = [event.type, event.portal_id, event.channel_id, account, event.raw["eventTimestamp"]]
    if message_id is not None:
        identity.append(message_id)
    # JSON, not a joined string: no separator inside a value can make two identities equal.
    return "event:" + json.dumps(identity, separators=(",", ":"))
