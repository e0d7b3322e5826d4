"""RedisDeduplicationStore against a real redis-server: two handler instances (two connections, as two hosts
behind a load balancer) process each event once, a failed one again, and a stale claim cannot settle a newer
one. TTLs are asserted on Redis' own state (PTTL, the key's presence), never on elapsed time."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

import redis
from hubspot_channels.redis import RedisDeduplicationStore
from hubspot_channels.webhooks import DeduplicationStore, Event, WebhookHandler
from tests.support.redis_server import RedisServer

SECRET = "redis-dedupe-secret-5d1e"
URL = "https://example.com/hubspot/webhook"


def signed(payload: object) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(payload).encode()
    ts = str(int(time.time() * 1000))
    digest = hmac.new(SECRET.encode(), b"POST" + URL.encode() + body + ts.encode(), hashlib.sha256).digest()
    return body, {
        "X-HubSpot-Signature-v3": base64.b64encode(digest).decode(),
        "X-HubSpot-Request-Timestamp": ts,
    }


def event(event_id: int = 9001) -> dict[str, object]:
    return {
        "type": "CHANNEL_ACCOUNT_CREATED",
        "portalId": 123,
        "channelId": 456,
        "eventTimestamp": 1767225600000,
        "channelAccountId": "789",
        "eventId": event_id,
    }


def deliver(handler: WebhookHandler, event_id: int = 9001) -> Any:
    body, headers = signed(event(event_id))
    return handler.handle(body, headers, method="POST", url=URL)


@pytest.fixture
def namespace() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def stores(redis_server: RedisServer, namespace: str) -> Iterator[tuple[RedisDeduplicationStore, ...]]:
    made = tuple(RedisDeduplicationStore(redis_server.url, namespace=namespace) for _ in range(2))
    yield made
    for store in made:
        store.close()


def test_it_is_a_deduplication_store_and_never_shows_the_url(redis_server: RedisServer) -> None:
    store = RedisDeduplicationStore("redis://:hunter2-secret@127.0.0.1:1/0")
    assert isinstance(store, DeduplicationStore)
    assert "hunter2" not in repr(store)
    store.close()


def test_an_event_in_progress_on_one_instance_is_retry_later_on_the_other_then_duplicate(
    stores: tuple[RedisDeduplicationStore, ...],
) -> None:
    first, second = (WebhookHandler(SECRET, dedupe=store) for store in stores)
    claimed = deliver(first)
    assert claimed.status_code == 200 and claimed.event is not None
    busy = deliver(second)
    assert busy.status_code == 503 and busy.headers["Retry-After"] and busy.event is None
    claimed.complete()
    again = deliver(second)
    assert again.status_code == 200 and json.loads(again.body) == {"status": "duplicate"}


def test_a_failed_event_is_processed_again_by_the_other_instance(
    stores: tuple[RedisDeduplicationStore, ...],
) -> None:
    processed: list[tuple[str, Event]] = []

    def broken(received: Event) -> None:
        processed.append(("first", received))
        raise RuntimeError("the provider is down")

    first = WebhookHandler(SECRET, dedupe=stores[0], on_event=broken)
    second = WebhookHandler(SECRET, dedupe=stores[1], on_event=lambda e: processed.append(("second", e)))
    with pytest.raises(RuntimeError):
        deliver(first)
    assert deliver(second).status_code == 200
    assert [who for who, _ in processed] == ["first", "second"]
    assert json.loads(deliver(first).body) == {"status": "duplicate"}  # done: not a third time


def test_an_expired_claim_lets_a_redelivery_in_and_its_stale_owner_cannot_settle_the_new_one(
    redis_server: RedisServer,
    stores: tuple[RedisDeduplicationStore, ...],
) -> None:
    first = WebhookHandler(SECRET, dedupe=stores[0], claim_ttl=0.3)
    second = WebhookHandler(SECRET, dedupe=stores[1], claim_ttl=600)
    stale = deliver(first)
    key = stores[0].prefix + stale.dedupe_key
    raw = redis_server.client()
    assert 0 < raw.pttl(key) <= 300  # the claim carries the handler's claim_ttl
    assert raw.get(key) == stale.claim_token.encode()
    wait_until_gone(raw, key)  # Redis expired it: the worker died, as far as anyone can tell
    fresh = deliver(second)
    assert fresh.status_code == 200 and fresh.event is not None
    stale.complete()  # late: the new claim holds the key
    assert raw.get(key) == fresh.claim_token.encode()
    stale.fail()  # settled already: nothing
    assert deliver(first).status_code == 503  # still in progress on the second instance
    fresh.complete()
    assert raw.get(key) == b"done" and 0 < raw.pttl(key) <= 86_400_000
    raw.close()


def test_done_is_remembered_for_done_ttl(redis_server: RedisServer, namespace: str) -> None:
    store = RedisDeduplicationStore(redis_server.url, namespace=namespace, done_ttl=120)
    assert store.claim("id:1", "token-a", 30) == "new"
    store.complete("id:1", "token-a")
    raw = redis_server.client()
    assert 110_000 < raw.pttl(store.prefix + "id:1") <= 120_000
    raw.pexpire(store.prefix + "id:1", 1)
    wait_until_gone(raw, store.prefix + "id:1")
    assert store.claim("id:1", "token-b", 30) == "new"  # forgotten after done_ttl: processed again
    raw.close()
    store.close()


def test_racing_instances_claim_an_event_exactly_once(redis_server: RedisServer, namespace: str) -> None:
    made = [RedisDeduplicationStore(redis_server.url, namespace=namespace) for _ in range(4)]
    barrier = threading.Barrier(16)
    states: list[str] = []

    def race(store: RedisDeduplicationStore, n: int) -> None:
        barrier.wait()
        states.append(store.claim("id:race", f"token-{n}", 60))

    threads = [threading.Thread(target=race, args=(made[n % 4], n)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(states) == ["in_progress"] * 15 + ["new"]
    for store in made:
        store.close()


def test_redis_down_answers_retry_later_and_logs(
    own_redis_server: RedisServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = RedisDeduplicationStore(own_redis_server.url)
    handler = WebhookHandler(SECRET, dedupe=store)
    claimed = deliver(handler, 9100)
    own_redis_server.stop()
    with caplog.at_level(logging.WARNING, logger="hubspot_channels.redis"):
        refused = deliver(handler, 9101)
        claimed.complete()  # lost: logged, the claim expires and a redelivery is processed again
    assert refused.status_code == 503 and refused.event is None and refused.headers["Retry-After"]
    assert "cannot claim" in caplog.text and "cannot mark an event done" in caplog.text
    own_redis_server.start()  # empty again (no persistence): both events are new
    assert deliver(handler, 9101).status_code == 200
    store.close()


def wait_until_gone(raw: redis.Redis, key: str) -> None:
    """Until Redis itself dropped the key (its TTL ran out); the bound is only against a hang."""
    for _ in range(3000):
        if not raw.exists(key):
            return
        time.sleep(0.01)
    pytest.fail(f"{key} never expired")
