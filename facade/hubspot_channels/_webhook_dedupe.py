"""Two-phase deduplication of webhook events for ``hubspot_channels.webhooks``.

An event is *claimed* when it arrives, *completed* once the app's work succeeded, *released* when
that work failed, so that HubSpot's redelivery is processed again. A claim that is never settled
(the process died) expires after its TTL, with the same effect. Each claim carries its own token:
only the claim holding the key can complete or release it, so a late settlement from a claim that
expired and was taken over by a redelivery does nothing.
"""

from __future__ import annotations

import math
import threading
import time
import warnings
from collections import OrderedDict
from collections.abc import Callable
from typing import Literal, Protocol, TypeAlias, runtime_checkable

from . import _webhook_args as args
from ._webhook_keys import event_key

__all__ = [
    "CLAIM_STATES",
    "DEFAULT_CLAIM_TTL",
    "DEFAULT_DONE_TTL",
    "Claim",
    "ClaimState",
    "DeduplicationStore",
    "EventDeduplicator",
    "MemoryDeduplicationStore",
    "event_key",
]

ClaimState: TypeAlias = Literal["new", "in_progress", "done", "full"]
CLAIM_STATES: frozenset[str] = frozenset({"new", "in_progress", "done", "full"})

DEFAULT_CLAIM_TTL = 600.0  # seconds an unsettled claim blocks redeliveries (covers mark_sent's retries)
DEFAULT_DONE_TTL = 86_400.0  # seconds a completed event is remembered (HubSpot retries within a day)


@runtime_checkable
class DeduplicationStore(Protocol):
    """Where `WebhookHandler` records which events are being processed or are done.

    `token` identifies one claim (the handler makes a fresh random one per claim, never "done").
    Over Redis, to deduplicate across processes:

    - claim: ``SET key token NX PX ttl`` -> "new"; else ``GET key``: "done" if it is "done", else
      "in_progress" (also when the key vanished in between: HubSpot retries later);
    - complete: a script, ``if GET key is token or nil then SET key done PX done_ttl``;
    - release: a script, ``if GET key is token then DEL key`` (delete-if-value-matches).

    `claim` must be atomic, and `complete` / `release` must do nothing when the key is held by
    another, unexpired claim (the one that took over after `token`'s claim expired).
    """

    def claim(self, key: str, token: str, ttl: float) -> ClaimState:
        """Atomically: "done" if `key` was completed, "in_progress" if another claim holds it and has
        not expired, "full" if the store cannot take a claim now (HubSpot is asked to retry later),
        else claim it for `token` for `ttl` seconds and return "new"."""
        ...

    def complete(self, key: str, token: str) -> None:
        """The work of `token`'s claim succeeded: later claims answer "done" (unless another claim
        holds `key`)."""
        ...

    def release(self, key: str, token: str) -> None:
        """The work of `token`'s claim failed: drop that claim (if it still holds `key`) so that a
        redelivery is "new"."""
        ...


class MemoryDeduplicationStore:
    """The default store: in memory, thread-safe, per process, at most `maxsize` keys.

    Completed keys are remembered for `done_ttl` seconds, unless more than `maxsize` events complete
    within that time: to make room, expired keys go first, then the oldest completed ones (a
    redelivery of those is processed again). An unexpired in-progress claim is never dropped: when
    the store is full of them, `claim` answers "full". `clock` (seconds, monotonic) is injectable.
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
        self._claims: dict[str, tuple[str, float]] = {}  # key -> (token, expires_at)
        self._done: OrderedDict[str, float] = OrderedDict()  # key -> expires_at, oldest completion first
        self._earliest_claim_expiry = math.inf  # a lower bound: no claim expires before it
        self._lock = threading.Lock()

    def claim(self, key: str, token: str, ttl: float) -> ClaimState:
        token = _token(token)
        ttl = args.positive_seconds("ttl", ttl)
        with self._lock:  # look up and record in one step, or two racing deliveries both get "new"
            now = self._clock()
            self._drop_if_expired(key, now)
            if key in self._done:
                return "done"
            if key in self._claims:
                return "in_progress"
            if not self._make_room(now):
                return "full"
            self._claims[key] = (token, now + ttl)
            self._earliest_claim_expiry = min(self._earliest_claim_expiry, now + ttl)
            return "new"

    def complete(self, key: str, token: str) -> None:
        token = _token(token)
        with self._lock:
            now = self._clock()
            self._drop_if_expired(key, now)
            held = self._claims.get(key)
            if held is not None:
                if held[0] != token:
                    return  # taken over: the newer claim decides
                del self._claims[key]
            elif key in self._done or not self._make_room(now):
                # Done already; or, the claim gone, no room: a redelivery is processed again.
                return
            self._done[key] = now + self._done_ttl

    def release(self, key: str, token: str) -> None:
        token = _token(token)
        with self._lock:
            held = self._claims.get(key)
            if held is not None and held[0] == token:
                del self._claims[key]

    def __len__(self) -> int:
        return len(self._claims) + len(self._done)

    def _drop_if_expired(self, key: str, now: float) -> None:
        # An expired entry counts as absent, as it would in a store with native TTLs.
        held = self._claims.get(key)
        if held is not None and held[1] <= now:
            del self._claims[key]
        expires_at = self._done.get(key)
        if expires_at is not None and expires_at <= now:
            del self._done[key]

    def _make_room(self, now: float) -> bool:
        """Make room for one key: expired keys first, then the oldest completed one; False if every
        key is an unexpired in-progress claim."""
        if len(self) < self._maxsize:
            return True
        while self._done and next(iter(self._done.values())) <= now:
            self._done.popitem(last=False)
        if len(self) < self._maxsize:
            return True
        if self._earliest_claim_expiry <= now:
            for key in [k for k, (_, expires_at) in self._claims.items() if expires_at <= now]:
                del self._claims[key]
            self._earliest_claim_expiry = min((e for _, e in self._claims.values()), default=math.inf)
            if len(self) < self._maxsize:
                return True
        if self._done:
            self._done.popitem(last=False)
            return True
        return False


def _token(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"token must be a str, got {type(value).__name__}")
    if not value or value == "done":
        raise ValueError("token must be a non-empty str other than 'done'")
    return value


class EventDeduplicator:
    """Deprecated: use `MemoryDeduplicationStore` (or your own `DeduplicationStore`).

    The one-phase API (`is_duplicate` records at once, `forget` undoes it) of earlier versions,
    kept importable. As a `WebhookHandler` store it goes through these two methods, so existing
    subclasses over a shared store keep working: a failed `on_event` or `fail()` forgets the
    event, but a redelivery while the work runs is answered "duplicate", not "retry later", and
    claims carry no owner (a late `fail()` forgets the event whoever is processing it). Keys are
    the handler's (``id:<eventId>``, see `event_key`), not bare event ids.
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

    # The store protocol over the two legacy methods; tokens are ignored (no owner check).
    def claim(self, key: str, token: str, ttl: float) -> ClaimState:
        return "done" if self.is_duplicate(key) else "new"

    def complete(self, key: str, token: str) -> None:
        pass  # is_duplicate recorded it already

    def release(self, key: str, token: str) -> None:
        self.forget(key)

    def __len__(self) -> int:
        return len(self._seen)


class Claim:
    """One claimed event; the first of `complete` / `fail` wins, later calls do nothing."""

    __slots__ = ("_key", "_lock", "_settled", "_store", "token")

    def __init__(self, store: DeduplicationStore, key: str, token: str) -> None:
        self._store = store
        self._key = key
        self.token = token
        self._settled = False
        self._lock = threading.Lock()

    def complete(self) -> None:
        if self._settle():
            self._store.complete(self._key, self.token)

    def fail(self) -> None:
        if self._settle():
            self._store.release(self._key, self.token)

    def _settle(self) -> bool:
        with self._lock:
            first, self._settled = not self._settled, True
            return first
