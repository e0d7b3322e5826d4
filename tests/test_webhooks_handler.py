"""WebhookHandler and EventDeduplicator."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time

import pytest

from hubspot_channels.webhooks import (
    ChannelAccountCreated,
    Event,
    EventDeduplicator,
    UnknownEvent,
    WebhookHandler,
    WebhookPayloadError,
    WebhookSignatureError,
)

SECRET = "handler-secret-91c2"
URL = "https://example.com/hubspot/webhook"


def signed(payload: object, *, secret: str = SECRET) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(payload).encode()
    ts = str(int(time.time() * 1000))
    digest = hmac.new(secret.encode(), b"POST" + URL.encode() + body + ts.encode(), hashlib.sha256).digest()
    return body, {
        "X-HubSpot-Signature-v3": base64.b64encode(digest).decode(),
        "X-HubSpot-Request-Timestamp": ts,
    }


def account_event(event_id: object = 7001) -> dict[str, object]:
    return {
        "type": "CHANNEL_ACCOUNT_CREATED",
        "portalId": 123,
        "channelId": 456,
        "eventTimestamp": 1767225600000,
        "channelAccountId": "789",
        "eventId": event_id,
    }


def test_new_event_is_accepted_and_returned() -> None:
    body, headers = signed(account_event())
    result = WebhookHandler(SECRET).handle(body, headers, method="POST", url=URL)
    assert result.status_code == 200
    assert json.loads(result.body) == {"status": "ok"}
    assert result.content_type == "application/json"
    assert isinstance(result.event, ChannelAccountCreated)
    assert result.error is None


def test_redelivery_is_acknowledged_but_not_returned_again() -> None:
    handler = WebhookHandler(SECRET)
    body, headers = signed(account_event())
    assert handler.handle(body, headers, method="POST", url=URL).event is not None
    again = handler.handle(body, headers, method="POST", url=URL)
    assert (again.status_code, json.loads(again.body), again.event) == (200, {"status": "duplicate"}, None)


def test_dedupe_can_be_disabled_or_shared() -> None:
    body, headers = signed(account_event())
    off = WebhookHandler(SECRET, dedupe=False)
    assert off.handle(body, headers, method="POST", url=URL).event is not None
    assert off.handle(body, headers, method="POST", url=URL).event is not None

    shared = EventDeduplicator()
    assert WebhookHandler(SECRET, dedupe=shared).handle(body, headers, method="POST", url=URL).event
    assert WebhookHandler(SECRET, dedupe=shared).handle(body, headers, method="POST", url=URL).event is None


def test_events_without_id_are_never_deduplicated() -> None:
    payload = account_event()
    del payload["eventId"]
    body, headers = signed(payload)
    handler = WebhookHandler(SECRET)
    for _ in range(2):
        assert handler.handle(body, headers, method="POST", url=URL).event is not None


def test_unknown_events_are_deduplicated_on_their_event_id() -> None:
    body, headers = signed({"type": "SOMETHING_NEW", "eventId": 5})
    handler = WebhookHandler(SECRET)
    assert isinstance(handler.handle(body, headers, method="POST", url=URL).event, UnknownEvent)
    assert handler.handle(body, headers, method="POST", url=URL).event is None


def test_bad_signature_is_401_with_reason_and_no_secret() -> None:
    body, headers = signed(account_event(), secret="wrong")
    result = WebhookHandler(SECRET).handle(body, headers, method="POST", url=URL)
    assert result.status_code == 401
    assert json.loads(result.body) == {"error": "invalid_signature", "reason": "mismatch"}
    assert isinstance(result.error, WebhookSignatureError)
    assert result.event is None
    assert SECRET not in repr(result) and SECRET not in repr(WebhookHandler(SECRET))


def test_bad_payload_is_400() -> None:
    body, headers = signed([1, 2])
    result = WebhookHandler(SECRET).handle(body, headers, method="POST", url=URL)
    assert result.status_code == 400
    assert isinstance(result.error, WebhookPayloadError)


def test_on_event_is_called_once_per_new_event() -> None:
    seen: list[Event] = []
    handler = WebhookHandler(SECRET, on_event=seen.append)
    body, headers = signed(account_event())
    handler.handle(body, headers, method="POST", url=URL)
    handler.handle(body, headers, method="POST", url=URL)
    assert len(seen) == 1


def test_failing_on_event_lets_the_redelivery_through() -> None:
    calls: list[Event] = []

    def flaky(event: Event) -> None:
        calls.append(event)
        if len(calls) == 1:
            raise RuntimeError("queue down")

    handler = WebhookHandler(SECRET, on_event=flaky)
    body, headers = signed(account_event())
    with pytest.raises(RuntimeError):
        handler.handle(body, headers, method="POST", url=URL)
    assert handler.handle(body, headers, method="POST", url=URL).event is not None
    assert len(calls) == 2


# --- EventDeduplicator ------------------------------------------------------------------------


def test_deduplicator_is_lru_bounded() -> None:
    dedupe = EventDeduplicator(maxsize=2)
    assert not dedupe.is_duplicate("a")
    assert not dedupe.is_duplicate("b")
    assert dedupe.is_duplicate("a")  # "a" is now the most recently seen
    assert not dedupe.is_duplicate("c")  # evicts "b", the least recently seen
    assert len(dedupe) == 2
    assert dedupe.is_duplicate("a")
    assert not dedupe.is_duplicate("b")


def test_deduplicator_forget() -> None:
    dedupe = EventDeduplicator()
    dedupe.is_duplicate("x")
    dedupe.forget("x")
    dedupe.forget("never-seen")
    assert not dedupe.is_duplicate("x")


def test_deduplicator_rejects_zero_size() -> None:
    with pytest.raises(ValueError):
        EventDeduplicator(maxsize=0)


def test_deduplicator_is_thread_safe() -> None:
    # Many threads race on the same ids: each id must be reported new exactly once.
    dedupe = EventDeduplicator(maxsize=10_000)
    new: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def worker() -> None:
        start.wait()
        for i in range(2000):
            if not dedupe.is_duplicate(str(i)):
                with lock:
                    new.append(str(i))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(new, key=int) == [str(i) for i in range(2000)]
