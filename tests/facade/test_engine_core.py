"""The sans-I/O call loop (``_attempts.Attempts``) stepped by hand, and the two drivers with an injected sleep
and clock: the decisions are tested without sockets, and no test here patches the standard library (the only
patch makes ``time.sleep`` / ``asyncio.sleep`` fail, proving the drivers use the injected sleep)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest

from hubspot_channels import (
    APIConnectionError,
    AsyncCustomChannelsClient,
    CustomChannelsClient,
    DeadlineExceededError,
    DeliveryIdentifier,
    DeliveryIdentifierType,
    InternalServerError,
    Message,
    Participant,
    RateLimit,
)
from hubspot_channels._async_engine import AsyncEngine
from hubspot_channels._attempts import Attempts
from hubspot_channels._pacing import Pacer
from hubspot_channels._sync_engine import SyncEngine
from hubspot_channels._transfer import Exchange
from tests.support.facade_helpers import TOKEN, Recorder, error, message_json, ok

pytestmark = pytest.mark.anyio


class Clock:
    """A monotonic clock that moves only when told to (or when the injected sleep sleeps)."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def client(**options: Any) -> CustomChannelsClient:
    return CustomChannelsClient(access_token=TOKEN, http_client=httpx.Client(), **options)


def get_message(sync_client: CustomChannelsClient, clock: Clock, pacer: Pacer | None = None) -> Attempts[Any]:
    call = sync_client._calls.get_message(1200, "msg-1")
    return Attempts(call, sync_client._settings, pacer, clock)


def answer(attempts: Attempts[Any], status: int, body: Any = None, **headers: str) -> Exchange:
    """An answer as the drivers hand it to the core: the response, its body read."""
    request = httpx.Request("GET", attempts.url)
    if body is None:
        return Exchange(httpx.Response(status, headers=headers, request=request))
    return Exchange(httpx.Response(status, json=body, headers=headers, request=request))


def test_the_core_waits_what_retry_after_says_then_returns_the_success() -> None:
    attempts = get_message(client(), Clock())
    assert attempts.pause() == 0.0  # no pacer: send at once
    assert attempts.finished(answer(attempts, 503, **{"Retry-After": "2"})) is False
    assert attempts.delay == 2.0 and attempts.retries_done == 1
    assert attempts.finished(answer(attempts, 200, message_json())) is True
    assert isinstance(attempts.result, Message) and attempts.result.id == "msg-3f2a9c"


def test_the_core_raises_the_status_error_once_the_retries_are_spent() -> None:
    attempts = get_message(client(max_retries=1), Clock())
    assert attempts.finished(answer(attempts, 503, **{"Retry-After": "0"})) is False
    with pytest.raises(InternalServerError) as raised:
        attempts.finished(answer(attempts, 503, **{"Retry-After": "0"}))
    assert raised.value.status_code == 503 and attempts.retries_done == 1


def test_the_core_never_retries_a_publish_sent_without_an_idempotency_id() -> None:
    sync_client = client()
    call = sync_client._calls.publish_message(
        1200,
        channel_account_id=7,
        text="hi",
        senders=[Participant(DeliveryIdentifier(DeliveryIdentifierType.HS_PHONE_NUMBER, "+15550100"))],
        recipients=[
            Participant(DeliveryIdentifier(DeliveryIdentifierType.CHANNEL_SPECIFIC_OPAQUE_ID, "v-1"))
        ],
        direction="INCOMING",
        timestamp=None,
        rich_text=None,
        in_reply_to_id=None,
        integration_thread_id=None,
        attachments=(),
        idempotency_id=None,
        idempotent=False,
    )
    attempts = Attempts(call, sync_client._settings, None, Clock())
    refused = httpx.ReadTimeout("timed out", request=httpx.Request("POST", attempts.url))
    with pytest.raises(APIConnectionError) as raised:
        attempts.finished(refused)
    assert raised.value.__cause__ is refused and attempts.retries_done == 0


def test_the_core_bounds_each_attempt_and_each_wait_by_the_deadline_on_its_clock() -> None:
    clock = Clock()
    attempts = get_message(client(deadline=5.0), clock)
    clock.now += 4.0
    timeout = attempts.timeout()
    assert timeout.read == pytest.approx(1.0) and timeout.connect == pytest.approx(1.0)
    with pytest.raises(InternalServerError):  # waiting 2 s would end past the deadline: raised now
        attempts.finished(answer(attempts, 503, **{"Retry-After": "2"}))
    assert attempts.retries_done == 0


def test_a_pacing_wait_past_the_deadline_is_a_deadline_error_before_anything_is_sent() -> None:
    clock = Clock()
    pacer = Pacer(RateLimit(1, 10.0), clock=clock)
    sync_client = client(deadline=5.0)
    assert get_message(sync_client, clock, pacer).pause() == 0.0  # the budget's one request
    with pytest.raises(DeadlineExceededError):
        get_message(sync_client, clock, pacer).pause()  # the next slot is 10 s away


def test_the_sync_driver_sleeps_only_through_the_injected_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "sleep", lambda seconds: pytest.fail("the stdlib sleep was used"))
    recorder = Recorder([error(503, headers={"Retry-After": "1"})])
    sync_client = CustomChannelsClient(
        access_token=TOKEN, http_client=httpx.Client(transport=recorder.transport()), max_retries=10
    )
    clock = Clock()
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.sleep(seconds)

    settings = sync_client._settings.with_changes(timeout=None, max_retries=None, deadline=3.5)
    engine = SyncEngine(sync_client._http, settings, None, sleep=sleep, clock=clock)
    with pytest.raises(InternalServerError):
        engine.run(sync_client._calls.get_message(1200, "msg-1"))
    # 1 s per retry on the injected clock: three fit in the 3.5 s deadline, the fourth would not
    assert slept == [1.0, 1.0, 1.0] and len(recorder.requests) == 4


async def test_the_async_driver_sleeps_only_through_the_injected_sleep(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def refuse(seconds: float, result: Any = None) -> Any:
        pytest.fail("the stdlib sleep was used")

    monkeypatch.setattr(asyncio, "sleep", refuse)
    recorder = Recorder([error(503, headers={"Retry-After": "1"}), ok(message_json())])
    async_client = AsyncCustomChannelsClient(
        access_token=TOKEN, http_client=httpx.AsyncClient(transport=recorder.transport())
    )
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    engine = AsyncEngine(async_client._http, async_client._settings, None, sleep=sleep, clock=Clock())
    message = await engine.run(async_client._calls.get_message(1200, "msg-1"))
    assert message.id == "msg-3f2a9c" and slept == [1.0] and len(recorder.requests) == 2
    await async_client.aclose()


def test_the_sync_driver_sleeps_for_the_pacer_through_the_injected_sleep() -> None:
    clock = Clock()
    recorder = Recorder([ok(message_json())])
    sync_client = CustomChannelsClient(
        access_token=TOKEN, http_client=httpx.Client(transport=recorder.transport())
    )
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.sleep(seconds)

    pacer = Pacer(RateLimit(1, 10.0), clock=clock)
    engine = SyncEngine(sync_client._http, sync_client._settings, pacer, sleep=sleep, clock=clock)
    for _ in range(2):
        engine.run(sync_client._calls.get_message(1200, "msg-1"))
    assert len(slept) == 1 and 10.0 <= slept[0] <= 10.5  # the second call waited for the next window
    assert len(recorder.requests) == 2
