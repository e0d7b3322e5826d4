"""The deduplication stores: MemoryDeduplicationStore (TTL on an injected clock, bounded, atomic) and the
deprecated EventDeduplicator, still importable and usable as a store."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading

import pytest

from hubspot_channels._webhook_dedupe import event_key
from hubspot_channels.webhooks import (
    DEFAULT_CLAIM_TTL,
    DEFAULT_DONE_TTL,
    DeduplicationStore,
    EventDeduplicator,
    MemoryDeduplicationStore,
    OutgoingMessageCreated,
    WebhookHandler,
    parse_event,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


def store(maxsize: int = 100, done_ttl: float = 3600.0) -> tuple[MemoryDeduplicationStore, FakeClock]:
    clock = FakeClock()
    return MemoryDeduplicationStore(maxsize, done_ttl=done_ttl, clock=clock), clock


def test_defaults_cover_a_retried_status_report_and_a_day_of_redeliveries() -> None:
    assert DEFAULT_CLAIM_TTL >= 60 and DEFAULT_DONE_TTL >= 86_400


def test_memory_store_is_a_deduplication_store() -> None:
    assert isinstance(MemoryDeduplicationStore(), DeduplicationStore)
    assert not isinstance(object(), DeduplicationStore)


def test_claim_complete_release_lifecycle() -> None:
    s, _ = store()
    assert s.claim("a", "t1", 10) == "new"
    assert s.claim("a", "t2", 10) == "in_progress"
    s.release("a", "t1")
    assert s.claim("a", "t3", 10) == "new"
    s.complete("a", "t3")
    assert s.claim("a", "t4", 10) == "done"
    s.release("a", "t3")  # releasing a completed key must not make it new again
    assert s.claim("a", "t5", 10) == "done"


def test_in_progress_claim_expires_after_its_ttl() -> None:
    s, clock = store()
    assert s.claim("a", "t1", 10) == "new"
    clock.now += 9.999
    assert s.claim("a", "t2", 10) == "in_progress"  # a redelivery does not extend the claim...
    clock.now += 0.002
    assert s.claim("a", "t3", 10) == "new"  # ...which expires 10 s after it was taken


def test_completed_key_expires_after_done_ttl() -> None:
    s, clock = store(done_ttl=100)
    s.claim("a", "t", 10)
    clock.now += 5
    s.complete("a", "t")  # done_ttl counts from completion
    clock.now += 99.9
    assert s.claim("a", "u", 10) == "done"
    clock.now += 0.2
    assert s.claim("a", "u", 10) == "new"


def test_complete_of_an_expired_claim_nobody_took_over_records_done() -> None:
    # The work succeeded although slower than the claim's TTL, or its claim made room: remember it.
    s, clock = store()
    s.complete("never-claimed", "t")
    assert s.claim("never-claimed", "u", 10) == "done"
    s.claim("slow", "t", 10)
    clock.now += 11
    s.complete("slow", "t")
    assert s.claim("slow", "u", 10) == "done"


# --- owner tokens: only the claim holding a key settles it ------------------------------------------


def test_a_stale_claim_cannot_release_or_complete_the_claim_that_took_over() -> None:
    s, clock = store()
    s.claim("a", "first", 10)
    clock.now += 10
    assert s.claim("a", "second", 10) == "new"  # the first claim expired: taken over
    s.release("a", "first")
    assert s.claim("a", "third", 10) == "in_progress"
    s.complete("a", "first")
    assert s.claim("a", "third", 10) == "in_progress"
    s.complete("a", "second")
    assert s.claim("a", "third", 10) == "done"


def test_a_foreign_token_cannot_release_a_claim() -> None:
    s, _ = store()
    s.claim("a", "mine", 10)
    s.release("a", "yours")
    assert s.claim("a", "other", 10) == "in_progress"


def test_a_completed_key_is_not_settled_again_by_a_stale_claim() -> None:
    s, clock = store()
    s.claim("a", "first", 10)
    clock.now += 10
    s.claim("a", "second", 10)
    s.complete("a", "second")
    s.release("a", "first")
    assert s.claim("a", "third", 10) == "done"


@pytest.mark.parametrize(("token", "error"), [("", ValueError), ("done", ValueError), (None, TypeError)])
def test_tokens_are_checked(token: object, error: type[Exception]) -> None:
    s, _ = store()
    with pytest.raises(error, match="token"):
        s.claim("a", token, 10)  # type: ignore[arg-type]


# --- the bound: expired first, then the oldest completed; never an in-progress claim ----------------


def test_full_store_drops_the_oldest_completed_key_never_an_in_progress_claim() -> None:
    s, _ = store(maxsize=3)
    s.claim("slow", "t", 10)
    for key in ("done-1", "done-2", "done-3"):
        assert s.claim(key, "t", 10) == "new"
        s.complete(key, "t")
    assert len(s) == 3
    assert s.claim("slow", "u", 10) == "in_progress"
    assert s.claim("done-1", "u", 10) == "new"  # the oldest completion made room, then done-2
    assert s.claim("done-3", "u", 10) == "done"


def test_expired_keys_make_room_before_any_unexpired_completed_key() -> None:
    s, clock = store(maxsize=3, done_ttl=100)
    s.claim("old", "t", 10)
    s.complete("old", "t")
    clock.now += 50
    s.claim("recent", "t", 10)
    s.complete("recent", "t")
    s.claim("stuck", "t", 5)  # a worker died
    clock.now += 6
    assert s.claim("new", "t", 10) == "new"  # took the expired claim's place
    assert s.claim("old", "u", 10) == "done" and s.claim("recent", "u", 10) == "done"
    clock.now += 45  # "old" has expired
    assert s.claim("newer", "t", 10) == "new"
    assert s.claim("recent", "u", 10) == "done"


def test_a_store_full_of_in_progress_claims_answers_full_until_one_settles_or_expires() -> None:
    s, clock = store(maxsize=2)
    s.claim("a", "t", 10)
    s.claim("b", "t", 20)
    assert s.claim("c", "t", 10) == "full"
    assert s.claim("a", "u", 10) == "in_progress"  # neither was dropped
    assert s.claim("b", "u", 10) == "in_progress"
    s.release("b", "t")
    assert s.claim("c", "t", 10) == "new"
    assert s.claim("d", "t", 10) == "full"
    clock.now += 10  # "a" and "c" expired
    assert s.claim("d", "t", 10) == "new"
    assert len(s) == 1


def test_a_completion_without_room_is_not_recorded_and_drops_no_claim() -> None:
    s, clock = store(maxsize=1)
    s.claim("a", "t", 10)
    clock.now += 10
    s.claim("b", "t", 10)  # took the expired claim's place
    s.complete("a", "t")  # the slow work of "a" succeeded, but "b" is in progress: no room
    assert s.claim("b", "u", 10) == "in_progress"
    assert s.claim("a", "u", 10) == "full"


def test_store_stays_bounded_under_many_keys() -> None:
    s, clock = store(maxsize=50)
    for i in range(10_000):
        if s.claim(str(i), "t", 10) == "new" and i % 2:
            s.complete(str(i), "t")
        clock.now += 0.01
        assert len(s) <= 50
    assert len(s) == 50


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"maxsize": 0}, ValueError),
        ({"maxsize": 1.5}, TypeError),
        ({"maxsize": True}, TypeError),
        ({"done_ttl": 0}, ValueError),
        ({"done_ttl": float("nan")}, ValueError),
        ({"done_ttl": "1"}, TypeError),
    ],
)
def test_store_arguments_are_checked(kwargs: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        MemoryDeduplicationStore(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("ttl", [0, -5, float("nan"), float("inf")])
def test_claim_ttl_is_checked(ttl: float) -> None:
    with pytest.raises(ValueError, match="ttl"):
        MemoryDeduplicationStore().claim("a", "t", ttl)


def test_claims_are_atomic_across_threads() -> None:
    # Many threads race on the same keys: each key is "new" exactly once.
    s = MemoryDeduplicationStore(maxsize=10_000)
    new: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def worker() -> None:
        start.wait()
        for i in range(2000):
            if s.claim(str(i), "t", 600) == "new":
                with lock:
                    new.append(str(i))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(new, key=int) == [str(i) for i in range(2000)]


# --- event_key for a message event without eventId (HubSpot always sends one; the key is defensive) ------


def test_message_event_identity_includes_the_message_id_and_the_content_hash() -> None:
    from tests.webhooks.test_webhooks_events import OUTGOING

    event = parse_event(json.dumps(OUTGOING))
    assert isinstance(event, OutgoingMessageCreated)
    nameless = dataclasses.replace(event, event_id=None)  # type: ignore[arg-type]
    key = event_key(nameless, b"")
    # Canonical JSON: keys sorted, compact, top-level ids as strings.
    ids = {name: str(OUTGOING[name]) for name in ("portalId", "channelId", "eventId")}
    canonical = json.dumps(OUTGOING | ids, sort_keys=True, separators=(",", ":")).encode()
    digest = hashlib.sha256(canonical).hexdigest()
    assert (
        key
        == f'event:["OUTGOING_CHANNEL_MESSAGE_CREATED","123","456","789",1767225600123,"msg-1","{digest}"]'
    )
    other = dataclasses.replace(nameless, message=dataclasses.replace(event.message, id="msg-2"))
    assert event_key(other, b"") != key


# --- EventDeduplicator: deprecated, still working -------------------------------------------------------


def test_event_deduplicator_warns_that_it_is_deprecated() -> None:
    with pytest.deprecated_call(match="MemoryDeduplicationStore"):
        EventDeduplicator()


@pytest.fixture
def legacy() -> EventDeduplicator:
    with pytest.deprecated_call():
        return EventDeduplicator(maxsize=2)


def test_deduplicator_is_lru_bounded(legacy: EventDeduplicator) -> None:
    assert not legacy.is_duplicate("a")
    assert not legacy.is_duplicate("b")
    assert legacy.is_duplicate("a")  # "a" is now the most recently seen
    assert not legacy.is_duplicate("c")  # evicts "b", the least recently seen
    assert len(legacy) == 2
    assert legacy.is_duplicate("a")
    assert not legacy.is_duplicate("b")


def test_deduplicator_forget(legacy: EventDeduplicator) -> None:
    legacy.is_duplicate("x")
    legacy.forget("x")
    legacy.forget("never-seen")
    assert not legacy.is_duplicate("x")


def test_deduplicator_rejects_zero_size() -> None:
    with pytest.deprecated_call(), pytest.raises(ValueError):
        EventDeduplicator(maxsize=0)


def test_a_subclassed_deduplicator_keeps_being_used_by_the_handler() -> None:
    # Earlier versions told users to subclass it over a shared store, overriding the two methods.
    class Shared(EventDeduplicator):
        def __init__(self) -> None:
            super().__init__()
            self.log: list[tuple[str, str]] = []

        def is_duplicate(self, event_id: str) -> bool:
            self.log.append(("is_duplicate", event_id))
            return super().is_duplicate(event_id)

        def forget(self, event_id: str) -> None:
            self.log.append(("forget", event_id))
            super().forget(event_id)

    from tests.webhooks.test_webhooks_handler import SECRET, post

    with pytest.deprecated_call():
        shared = Shared()
    handler = WebhookHandler(SECRET, dedupe=shared)
    post(handler).fail()  # failed work is forgotten: the redelivery is processed
    assert post(handler).event is not None
    assert post(handler).event is None
    assert shared.log == [
        ("is_duplicate", "id:7001"),
        ("forget", "id:7001"),
        ("is_duplicate", "id:7001"),
        ("is_duplicate", "id:7001"),
    ]
