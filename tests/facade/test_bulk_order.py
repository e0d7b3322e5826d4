"""update_statuses applies the updates of one message in input order (SENT then READ always ends READ) while
different messages run concurrently, and refuses an ``updates`` that is not a collection of updates before
sending anything. Over the in-process FakeHubSpot, with a transport in front that slows every SENT (so a READ
of the same message would overtake it if both were in flight) and records when each request starts and ends.
No timed assertions: the pauses only make a wrong order likely, the assertions hold for a right one always."""

from __future__ import annotations

import asyncio
import json
import threading
from collections import defaultdict
from typing import Any

import httpx
import pytest

from hubspot_channels import (
    AsyncCustomChannelsClient,
    CustomChannelsClient,
    RequestValidationError,
    StatusUpdate,
    StatusUpdateResult,
)
from hubspot_channels.testing import FakeHubSpot

BASE = "https://api.hubapi.com"
VISITOR = [{"deliveryIdentifier": {"type": "CHANNEL_SPECIFIC_OPAQUE_ID", "value": "visitor-1"}}]
REAL_ASYNC_SLEEP = asyncio.sleep
RETRIES = 6  # as many as the injected 429s: however they fall, no update runs out of retries


@pytest.fixture(autouse=True)
def no_retry_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries of the injected 429s are immediate; asyncio.sleep(0) still yields to the other tasks."""
    import hubspot_channels._engine as engine

    monkeypatch.setattr(engine.time, "sleep", lambda seconds: None)

    async def yield_only(delay: float, result: Any = None) -> Any:
        return await REAL_ASYNC_SLEEP(0, result)

    monkeypatch.setattr(asyncio, "sleep", yield_only)


class Timeline:
    """Start and end of every attempt, per message; the most attempts in flight at once."""

    def __init__(self) -> None:
        self.events: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.in_flight = 0
        self.most_in_flight = 0
        self.lock = threading.Lock()

    def start(self, request: httpx.Request) -> tuple[str, str]:
        key = (request.url.path.rsplit("/", 1)[1], json.loads(request.content)["statusType"])
        with self.lock:
            self.events[key[0]].append(("start", key[1]))
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        return key

    def end(self, key: tuple[str, str]) -> None:
        with self.lock:
            self.events[key[0]].append(("end", key[1]))
            self.in_flight -= 1

    def assert_one_at_a_time_in_order(self, expected: dict[str, list[str]]) -> None:
        for message, events in self.events.items():
            assert [kind for kind, _ in events] == ["start", "end"] * (len(events) // 2), message
            started = [status for kind, status in events if kind == "start"]
            deduplicated = [
                s for n, s in enumerate(started) if n == 0 or started[n - 1] != s
            ]  # retries repeat
            assert deduplicated == expected[message], message


class SlowSentTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport, timeline: Timeline) -> None:
        self.inner, self.timeline = inner, timeline
        # the first two SENTs wait for each other: proves two messages run at once (the timeout only ends a
        # failing run; most_in_flight then says why)
        self.first_two = threading.Barrier(2, timeout=30)
        self.sent = 0
        self.lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        key = self.timeline.start(request)
        try:
            if key[1] == "SENT":
                with self.lock:
                    self.sent += 1
                    meet = self.sent <= 2
                if meet:
                    try:
                        self.first_two.wait()
                    except threading.BrokenBarrierError:
                        pass
                threading.Event().wait(0.002)  # slow: a concurrent READ of this message would land first
            return self.inner.handle_request(request)
        finally:
            self.timeline.end(key)


class AsyncSlowSentTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, timeline: Timeline) -> None:
        self.inner, self.timeline = inner, timeline

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        key = self.timeline.start(request)
        try:
            if key[1] == "SENT":
                for _ in range(5):  # let every other task run first
                    await REAL_ASYNC_SLEEP(0)
            return await self.inner.handle_async_request(request)
        finally:
            self.timeline.end(key)


def outgoing(fake: FakeHubSpot, count: int) -> tuple[str, list[str]]:
    channel = fake.create_channel()
    account = fake.create_channel_account(channel["id"])
    ids = [
        fake.agent_reply(channel["id"], account["id"], f"reply {n}", recipients=VISITOR, deliver=False)["id"]
        for n in range(count)
    ]
    return channel["id"], ids


def run(mode: str, fake: FakeHubSpot, timeline: Timeline, updates: list[Any], concurrency: int) -> Any:
    if mode == "sync":
        http = httpx.Client(transport=SlowSentTransport(fake.transport(), timeline), base_url=BASE)
        client = CustomChannelsClient(
            access_token=fake.access_token, base_url=BASE, http_client=http, max_retries=RETRIES
        )
        return client.messages.update_statuses(updates, concurrency=concurrency)
    async_http = httpx.AsyncClient(
        transport=AsyncSlowSentTransport(fake.async_transport(), timeline), base_url=BASE
    )
    async_client = AsyncCustomChannelsClient(
        access_token=fake.access_token, base_url=BASE, http_client=async_http, max_retries=RETRIES
    )
    return asyncio.run(async_client.messages.update_statuses(updates, concurrency=concurrency))


def final_statuses(fake: FakeHubSpot) -> dict[str, str]:
    return {m["id"]: m["status"]["statusType"] for m in fake.messages}


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_sent_then_read_of_each_message_always_ends_read(mode: str) -> None:
    fake, timeline = FakeHubSpot(), Timeline()
    channel, ids = outgoing(fake, 40)
    updates = [StatusUpdate(channel, m, status) for m in ids for status in ("SENT", "READ")]
    fake.faults.rate_limit("update_message_status", retry_after=1, times=6)  # retried SENTs stay before READ

    results: list[StatusUpdateResult] = run(mode, fake, timeline, updates, concurrency=8)

    assert [r.update for r in results] == updates and all(r.ok for r in results)
    assert [r.message.status.value for r in results if r.message] == ["SENT", "READ"] * 40
    assert final_statuses(fake) == dict.fromkeys(ids, "READ")
    timeline.assert_one_at_a_time_in_order({key: ["SENT", "READ"] for key in ids})
    assert timeline.most_in_flight >= 2  # different messages did run concurrently


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_order_holds_across_interleaved_messages_and_id_spellings(mode: str) -> None:
    """Updates of one message are scattered through the input and its channel id is given as int or text."""
    fake, timeline = FakeHubSpot(), Timeline()
    channel, ids = outgoing(fake, 12)
    plan = ["SENT", "FAILED", "SENT", "READ"]  # every message: four updates, the last one wins
    updates = [
        StatusUpdate(int(channel) if step % 2 else f" {channel} ", m, plan[step])
        for step in range(4)
        for m in ids
    ]

    results: list[StatusUpdateResult] = run(mode, fake, timeline, updates, concurrency=6)

    assert all(r.ok for r in results)
    assert final_statuses(fake) == dict.fromkeys(ids, "READ")
    timeline.assert_one_at_a_time_in_order(dict.fromkeys(ids, plan))


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(
    "updates",
    [5, "SENT", b"SENT", None, {"channel": 1}, StatusUpdate(1, "m", "SENT"), 1.5],
    ids=["int", "str", "bytes", "None", "mapping", "single-update", "float"],
)
def test_updates_that_are_not_a_collection_are_refused_before_sending(mode: str, updates: Any) -> None:
    fake, timeline = FakeHubSpot(), Timeline()
    with pytest.raises(RequestValidationError, match="updates") as caught:
        run(mode, fake, timeline, updates, concurrency=4)
    assert type(updates).__name__ in str(caught.value)
    assert fake.requests == [] and not timeline.events


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_generator_of_updates_is_taken(mode: str) -> None:
    fake, timeline = FakeHubSpot(), Timeline()
    channel, ids = outgoing(fake, 3)
    results = run(mode, fake, timeline, (StatusUpdate(channel, m, "READ") for m in ids), concurrency=2)
    assert [r.ok for r in results] == [True] * 3
