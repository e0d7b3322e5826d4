"""The review's probes for webhook deduplication, as tests: a stale claim cannot settle a newer one, the
bound never drops an in-progress claim, derived keys see the whole body, and no eventId can collide with a
derived key."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from hubspot_channels.webhooks import MemoryDeduplicationStore, WebhookHandler
from tests.webhooks.test_webhooks_handler import SECRET, URL, FakeClock, account_event, answer_of, signed


def post(handler: WebhookHandler, payload: object) -> Any:
    body, headers = signed(payload)
    return handler.handle(body, headers, method="POST", url=URL)


def sign_raw(body: bytes) -> dict[str, str]:
    ts = str(int(time.time() * 1000))
    digest = hmac.new(SECRET.encode(), b"POST" + URL.encode() + body + ts.encode(), hashlib.sha256).digest()
    return {"X-HubSpot-Signature-v3": base64.b64encode(digest).decode(), "X-HubSpot-Request-Timestamp": ts}


def without_event_id(**changes: object) -> dict[str, object]:
    payload = account_event() | {"type": "CHANNEL_ACCOUNT_UPDATED"} | changes
    del payload["eventId"]
    return payload


# --- 1. a late settlement from an expired claim that was taken over does nothing ---------------


def test_a_late_fail_does_not_release_the_claim_that_took_over() -> None:
    clock = FakeClock()
    handler = WebhookHandler(SECRET, dedupe=MemoryDeduplicationStore(clock=clock), claim_ttl=10)
    slow = post(handler, account_event())
    clock.now += 11  # the claim expired: a redelivery takes over
    takeover = post(handler, account_event())
    assert takeover.event is not None
    slow.fail()  # the first attempt fails late
    third = post(handler, account_event())
    assert answer_of(third) == (503, {"error": "in_progress"}) and third.event is None
    takeover.complete()
    assert answer_of(post(handler, account_event())) == (200, {"status": "duplicate"})


def test_a_late_complete_does_not_settle_the_claim_that_took_over() -> None:
    clock = FakeClock()
    handler = WebhookHandler(SECRET, dedupe=MemoryDeduplicationStore(clock=clock), claim_ttl=10)
    slow = post(handler, account_event())
    clock.now += 11
    takeover = post(handler, account_event())
    slow.complete()  # late: the takeover decides
    assert post(handler, account_event()).status_code == 503
    takeover.fail()
    assert post(handler, account_event()).event is not None


# --- 2. the bound never hands out an event whose first attempt is still in progress ----------------


def test_newer_completed_events_do_not_evict_an_in_progress_claim() -> None:
    handler = WebhookHandler(SECRET, dedupe=MemoryDeduplicationStore(maxsize=3))
    post(handler, account_event("SLOW"))  # in progress
    for i in range(3):
        post(handler, account_event(f"other{i}")).complete()
    again = post(handler, account_event("SLOW"))
    assert answer_of(again) == (503, {"error": "in_progress"}) and again.event is None


def test_a_store_full_of_in_progress_claims_answers_503_not_a_duplicate_hand_out() -> None:
    clock = FakeClock()
    handler = WebhookHandler(SECRET, dedupe=MemoryDeduplicationStore(maxsize=2, clock=clock), claim_ttl=10)
    first, second = post(handler, account_event(1)), post(handler, account_event(2))
    full = post(handler, account_event(3))
    assert answer_of(full) == (503, {"error": "dedupe_store_full"})
    assert full.headers == {"Retry-After": "60"} and full.event is None
    assert post(handler, account_event(1)).status_code == 503  # still held, not evicted
    first.complete()  # a completed key may make room for a new claim
    assert post(handler, account_event(3)).event is not None
    assert post(handler, account_event(2)).status_code == 503
    clock.now += 10  # expired claims make room
    assert post(handler, account_event(4)).event is not None
    assert second.dedupe_key is not None


# --- 9. a derived key sees the whole body; ids are normalised one way -------------------------------


def test_two_different_updates_in_the_same_millisecond_are_two_events() -> None:
    handler = WebhookHandler(SECRET)
    phone = {"type": "HS_PHONE_NUMBER", "value": "+15550100"}
    post(handler, without_event_id(channelAccountDeliveryIdentifier=phone)).complete()
    other = post(handler, without_event_id(channelAccountDeliveryIdentifier=phone | {"value": "+15550199"}))
    assert answer_of(other) == (200, {"status": "ok"}) and other.event is not None


def test_the_same_body_redelivered_with_other_spacing_or_key_order_is_a_duplicate() -> None:
    handler = WebhookHandler(SECRET)
    payload = without_event_id(channelAccountName="Support")
    post(handler, payload).complete()
    reordered = dict(reversed(list(payload.items())))
    body = json.dumps(reordered, indent=2).encode()
    assert body != json.dumps(payload).encode()
    answer = handler.handle(body, sign_raw(body), method="POST", url=URL)
    assert answer_of(answer) == (200, {"status": "duplicate"})


def test_ids_are_normalised_as_strings_a_number_equals_its_digits_a_leading_zero_does_not() -> None:
    handler = WebhookHandler(SECRET)
    post(handler, without_event_id(portalId=123)).complete()
    assert post(handler, without_event_id(portalId="123")).event is None  # HubSpot's two spellings
    assert post(handler, without_event_id(portalId="0123")).event is not None  # another id


# --- 10. event ids and derived keys never share a key -----------------------------------------------


def test_an_event_id_equal_to_a_derived_key_is_another_event() -> None:
    handler = WebhookHandler(SECRET)
    derived = post(handler, without_event_id(type="CHANNEL_ACCOUNT_PURGED"))
    derived.complete()
    impostor = post(handler, account_event(derived.dedupe_key))
    assert answer_of(impostor) == (200, {"status": "ok"}) and impostor.event is not None
    assert impostor.dedupe_key != derived.dedupe_key


def test_an_event_id_equal_to_a_body_key_is_another_event() -> None:
    handler = WebhookHandler(SECRET)
    nameless = post(handler, {"type": "SOMETHING_NEW", "x": 1})
    nameless.complete()
    assert post(handler, {"type": "SOMETHING_NEW", "eventId": nameless.dedupe_key}).event is not None


# --- the store's promises under any sequence of claims, settlements and clock ticks (hypothesis) ----

KEYS = st.sampled_from(["a", "b", "c", "d", "e"])
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("claim"), KEYS, st.sampled_from([1.0, 5.0, 20.0])),
        st.tuples(st.sampled_from(["complete", "release"]), KEYS, st.integers(0, 30)),
        st.tuples(st.just("tick"), st.just(""), st.sampled_from([0.5, 3.0, 10.0])),
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(maxsize=st.integers(1, 4), operations=OPERATIONS)
def test_no_in_progress_claim_is_ever_handed_out_twice(
    maxsize: int, operations: list[tuple[str, str, float]]
) -> None:
    clock = FakeClock()
    store = MemoryDeduplicationStore(maxsize, done_ttl=15, clock=clock)
    holders: dict[str, tuple[str, float]] = {}  # key -> (token, expires_at) of the latest "new"
    tokens: list[tuple[str, str]] = []  # every (key, token) handed out
    completed: set[str] = set()
    for number, (operation, key, value) in enumerate(operations):
        live = {k: t for k, (t, expires_at) in holders.items() if expires_at > clock.now}
        if operation == "tick":
            clock.now += value
        elif operation == "claim":
            token = f"t{number}"
            state = store.claim(key, token, value)
            if state == "new":
                assert key not in live, "a claim in progress was handed out again"
                holders[key] = (token, clock.now + value)
                tokens.append((key, token))
            elif state == "full":
                assert len(live) >= maxsize, "full although a key could have been dropped"
            elif state == "done":
                assert key in completed
            else:
                assert key in live
        elif tokens:
            key, token = tokens[int(value) % len(tokens)]
            if operation == "complete":
                store.complete(key, token)
                if live.get(key) in (None, token):  # a stale claim completes only a free key
                    completed.add(key)
            else:
                store.release(key, token)
            if live.get(key) == token:
                del holders[key]
        assert len(store) <= maxsize
