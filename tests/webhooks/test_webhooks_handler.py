"""WebhookHandler: answers, and two-phase deduplication (an event is processed until its work succeeded)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import pytest

from hubspot_channels.webhooks import (
    ChannelAccountCreated,
    ClaimState,
    Event,
    MemoryDeduplicationStore,
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


def post(handler: WebhookHandler, payload: object = None) -> Any:
    body, headers = signed(account_event() if payload is None else payload)
    return handler.handle(body, headers, method="POST", url=URL)


def answer_of(result: Any) -> tuple[int, object]:
    return result.status_code, json.loads(result.body)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# --- answers ------------------------------------------------------------------------------------


def test_new_event_is_accepted_and_returned() -> None:
    result = post(WebhookHandler(SECRET))
    assert answer_of(result) == (200, {"status": "ok"})
    assert result.content_type == "application/json"
    assert isinstance(result.event, ChannelAccountCreated)
    assert result.error is None and result.dedupe_key == "id:7001"


def test_bad_signature_is_401_with_reason_and_no_secret() -> None:
    body, headers = signed(account_event(), secret="wrong")
    result = WebhookHandler(SECRET).handle(body, headers, method="POST", url=URL)
    assert answer_of(result) == (401, {"error": "invalid_signature", "reason": "mismatch"})
    assert isinstance(result.error, WebhookSignatureError)
    assert result.event is None
    assert SECRET not in repr(result) and SECRET not in repr(WebhookHandler(SECRET))


def test_bad_payload_is_400() -> None:
    result = post(WebhookHandler(SECRET), [1, 2])
    assert answer_of(result) == (400, {"error": "invalid_payload"})
    assert isinstance(result.error, WebhookPayloadError)


# --- two phases without on_event: the app settles the answer ------------------------------------


def test_completed_event_is_a_duplicate_on_redelivery() -> None:
    handler = WebhookHandler(SECRET)
    first = post(handler)
    first.complete()
    again = post(handler)
    assert answer_of(again) == (200, {"status": "duplicate"}) and again.event is None


def test_redelivery_while_in_progress_is_503_with_retry_after() -> None:
    handler = WebhookHandler(SECRET)
    first = post(handler)
    busy = post(handler)
    assert answer_of(busy) == (503, {"error": "in_progress"})
    assert busy.headers == {"Retry-After": "60"} and busy.event is None
    first.complete()
    assert answer_of(post(handler)) == (200, {"status": "duplicate"})


def test_failed_event_is_processed_again_on_redelivery() -> None:
    # The lost status report: mark_sent failed, so the event must not count as processed.
    handler = WebhookHandler(SECRET)
    post(handler).fail()
    again = post(handler)
    assert answer_of(again) == (200, {"status": "ok"}) and isinstance(again.event, ChannelAccountCreated)


def test_the_first_settlement_wins() -> None:
    handler = WebhookHandler(SECRET)
    first = post(handler)
    first.complete()
    first.fail()  # too late: the work was reported done
    assert answer_of(post(handler)) == (200, {"status": "duplicate"})

    other = post(handler, account_event(7002))
    other.fail()
    other.complete()  # too late: it was released, a redelivery may already be running
    assert answer_of(post(handler, account_event(7002))) == (200, {"status": "ok"})


def test_an_unsettled_claim_expires_after_claim_ttl() -> None:
    clock = FakeClock()
    handler = WebhookHandler(SECRET, dedupe=MemoryDeduplicationStore(clock=clock), claim_ttl=30)
    post(handler)  # the worker died: never completed nor failed
    clock.now += 29.9
    assert post(handler).status_code == 503
    clock.now += 0.2
    again = post(handler)
    assert answer_of(again) == (200, {"status": "ok"}) and again.event is not None


def test_settling_refused_answers_does_nothing() -> None:
    handler = WebhookHandler(SECRET)
    refused = post(handler, [1])
    refused.complete()
    refused.fail()
    assert refused.claim is None and refused.dedupe_key is None


# --- two phases with on_event: the handler settles ----------------------------------------------


def test_on_event_is_called_once_per_new_event() -> None:
    seen: list[Event] = []
    handler = WebhookHandler(SECRET, on_event=seen.append)
    assert answer_of(post(handler)) == (200, {"status": "ok"})
    assert answer_of(post(handler)) == (200, {"status": "duplicate"})
    assert len(seen) == 1


def test_failing_on_event_lets_the_redelivery_through() -> None:
    calls: list[Event] = []

    def flaky(event: Event) -> None:
        calls.append(event)
        if len(calls) == 1:
            raise RuntimeError("mark_sent: 503 three times")

    handler = WebhookHandler(SECRET, on_event=flaky)
    with pytest.raises(RuntimeError):  # propagates: the framework answers 5xx, HubSpot retries
        post(handler)
    assert post(handler).event is not None
    assert len(calls) == 2
    assert answer_of(post(handler)) == (200, {"status": "duplicate"})


def test_interrupted_on_event_releases_the_claim_too() -> None:
    def interrupted(event: Event) -> None:
        raise KeyboardInterrupt

    store = MemoryDeduplicationStore()
    with pytest.raises(KeyboardInterrupt):
        post(WebhookHandler(SECRET, on_event=interrupted, dedupe=store))
    assert store.claim("id:7001", "probe", 60) == "new"


def test_redelivery_during_on_event_is_503() -> None:
    handler: WebhookHandler
    during: list[Any] = []

    def slow(event: Event) -> None:
        during.append(post(handler))  # HubSpot gave up waiting and redelivered

    handler = WebhookHandler(SECRET, on_event=slow)
    assert answer_of(post(handler)) == (200, {"status": "ok"})
    assert answer_of(during[0]) == (503, {"error": "in_progress"})


# --- which events are deduplicated, on what ----------------------------------------------------


def test_dedupe_can_be_disabled_or_shared() -> None:
    off = WebhookHandler(SECRET, dedupe=False)
    assert post(off).event is not None and post(off).event is not None

    shared = MemoryDeduplicationStore()
    post(WebhookHandler(SECRET, dedupe=shared)).complete()
    assert post(WebhookHandler(SECRET, dedupe=shared)).event is None


@pytest.mark.parametrize("dedupe", [None, 1, "yes", object()])
def test_dedupe_of_the_wrong_type_is_a_type_error(dedupe: object) -> None:
    with pytest.raises(TypeError, match="dedupe"):
        WebhookHandler(SECRET, dedupe=dedupe)  # type: ignore[arg-type]


def test_account_events_without_event_id_are_deduplicated_on_their_identity() -> None:
    payload = account_event()
    del payload["eventId"]
    handler = WebhookHandler(SECRET)
    first = post(handler, payload)
    assert first.event is not None and first.dedupe_key is not None
    first.complete()
    assert answer_of(post(handler, payload)) == (200, {"status": "duplicate"})
    # Same identity, ids spelled differently (HubSpot sends numbers or strings): the same event.
    assert post(handler, payload | {"channelId": "456", "channelAccountId": 789}).event is None


@pytest.mark.parametrize(
    "change",
    [
        {"type": "CHANNEL_ACCOUNT_UPDATED"},
        {"portalId": 124},
        {"channelId": 457},
        {"channelAccountId": "790"},
        {"eventTimestamp": 1767225600001},
    ],
    ids=["type", "portal", "channel", "account", "timestamp"],
)
def test_any_identity_field_makes_a_different_event(change: dict[str, object]) -> None:
    payload = account_event()
    del payload["eventId"]
    handler = WebhookHandler(SECRET)
    post(handler, payload).complete()
    other = post(handler, payload | change)
    assert (
        answer_of(other) == (200, {"status": "ok"}) and other.dedupe_key != post(handler, payload).dedupe_key
    )


def test_unknown_events_are_deduplicated_on_their_event_id_or_their_body() -> None:
    handler = WebhookHandler(SECRET)
    first = post(handler, {"type": "SOMETHING_NEW", "eventId": 5})
    assert isinstance(first.event, UnknownEvent) and first.dedupe_key == "id:5"
    first.complete()
    assert post(handler, {"type": "SOMETHING_NEW", "eventId": 5}).event is None

    nameless = post(handler, {"type": "SOMETHING_NEW", "x": 1})
    nameless.complete()
    assert post(handler, {"type": "SOMETHING_NEW", "x": 1}).event is None
    assert post(handler, {"type": "SOMETHING_NEW", "x": 2}).event is not None


def test_keys_are_namespaced_by_kind() -> None:
    payload = account_event()
    del payload["eventId"]
    handler = WebhookHandler(SECRET)
    assert post(handler, account_event("abc")).dedupe_key == "id:abc"
    derived = post(handler, payload).dedupe_key
    assert derived.startswith('event:["CHANNEL_ACCOUNT_CREATED","123","456","789",1767225600000,"')
    assert post(handler, {"type": "SOMETHING_NEW"}).dedupe_key.startswith("body:")


class ClaimOnly:
    """A store answering a fixed state, recording what the handler asked."""

    def __init__(self, state: str) -> None:
        self.state = state
        self.calls: list[tuple[str, str, str]] = []

    def claim(self, key: str, token: str, ttl: float) -> ClaimState:
        self.calls.append(("claim", key, token))
        return self.state  # type: ignore[return-value]

    def complete(self, key: str, token: str) -> None:
        self.calls.append(("complete", key, token))

    def release(self, key: str, token: str) -> None:
        self.calls.append(("release", key, token))


def test_a_custom_store_is_called_in_two_phases_with_one_token_per_claim() -> None:
    store = ClaimOnly("new")
    handler = WebhookHandler(SECRET, dedupe=store, claim_ttl=42)
    first = post(handler)
    first.complete()
    post(handler).fail()
    [(_, _, t1), (_, _, t1_again), (_, _, t2), (_, _, t2_again)] = store.calls
    assert [call[:2] for call in store.calls] == [
        ("claim", "id:7001"),
        ("complete", "id:7001"),
        ("claim", "id:7001"),
        ("release", "id:7001"),
    ]
    assert t1 == t1_again == first.claim_token and t2 == t2_again and t1 != t2 and len(t1) >= 32
    assert t1 not in repr(first)


def test_a_full_store_answers_503_with_retry_after() -> None:
    answer = post(WebhookHandler(SECRET, dedupe=ClaimOnly("full")))
    assert answer_of(answer) == (503, {"error": "dedupe_store_full"})
    assert answer.headers == {"Retry-After": "60"} and answer.event is None and answer.claim is None


def test_a_store_answering_nonsense_is_an_error_not_an_accepted_event() -> None:
    with pytest.raises(ValueError, match="claim returned 'maybe'"):
        post(WebhookHandler(SECRET, dedupe=ClaimOnly("maybe")))


@pytest.mark.parametrize("ttl", [0, -1, float("nan"), float("inf")])
def test_claim_ttl_must_be_a_positive_finite_number(ttl: float) -> None:
    with pytest.raises(ValueError, match="claim_ttl"):
        WebhookHandler(SECRET, claim_ttl=ttl)
