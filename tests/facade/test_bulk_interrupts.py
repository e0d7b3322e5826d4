"""Stopping update_statuses early keeps what was done: Ctrl-C in sync code (a real SIGINT to the main thread, or
a KeyboardInterrupt raised in a worker) raises BulkUpdateInterrupted, a KeyboardInterrupt carrying every
finished result; cancelling the async call re-raises its CancelledError with them attached; on_result sees
each result as it lands. Every test checks the carried results against what the FakeHubSpot really applied."""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from hubspot_channels import (
    AsyncCustomChannelsClient,
    BulkUpdateInterrupted,
    CustomChannelsClient,
    HubSpotChannelsError,
    StatusUpdate,
    StatusUpdateResult,
)
from hubspot_channels.testing import FakeHubSpot

BASE = "https://api.hubapi.com"
VISITOR = [{"deliveryIdentifier": {"type": "CHANNEL_SPECIFIC_OPAQUE_ID", "value": "visitor-1"}}]


class Hooked(httpx.BaseTransport):
    """Calls ``hook(n)`` before forwarding the n-th request (1-based) to the fake."""

    def __init__(self, inner: httpx.BaseTransport, hook: Callable[[int], None]) -> None:
        self.inner, self.hook, self.count = inner, hook, 0
        self.lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.count += 1
            n = self.count
        self.hook(n)
        return self.inner.handle_request(request)


@pytest.fixture
def fake() -> FakeHubSpot:
    return FakeHubSpot()


def outgoing(fake: FakeHubSpot, count: int) -> list[StatusUpdate]:
    channel = fake.create_channel()
    account = fake.create_channel_account(channel["id"])
    ids = [
        fake.agent_reply(channel["id"], account["id"], f"reply {n}", recipients=VISITOR, deliver=False)["id"]
        for n in range(count)
    ]
    return [StatusUpdate(channel["id"], m, "READ") for m in ids]


def sync_client(fake: FakeHubSpot, hook: Callable[[int], None]) -> CustomChannelsClient:
    http = httpx.Client(transport=Hooked(fake.transport(), hook), base_url=BASE)
    return CustomChannelsClient(access_token=fake.access_token, base_url=BASE, http_client=http)


def applied(fake: FakeHubSpot) -> set[str]:
    """The messages the fake changed to READ (they all start out without a reported status)."""
    return {m["id"] for m in fake.messages if m.get("status", {}).get("statusType") == "READ"}


def assert_carries_exactly_what_was_applied(
    stopped: BulkUpdateInterrupted, fake: FakeHubSpot, total: int
) -> None:
    assert len(stopped.results) == total
    assert len(stopped.completed) + len(stopped.pending) == total
    assert all(result.ok for result in stopped.completed)
    assert {r.update.message_id for r in stopped.completed} == applied(fake)
    assert not {u.message_id for u in stopped.pending} & applied(fake)
    assert {r.path_params.get("messageId") for r in fake.requests_for("update_message_status")} == applied(
        fake
    )


@pytest.fixture
def default_sigint() -> Iterator[threading.Event]:
    """Python's own Ctrl-C handler, which also tells the test that the main thread received the signal."""
    received = threading.Event()

    def handler(signum: int, frame: Any) -> None:
        received.set()
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield received
    finally:
        signal.signal(signal.SIGINT, previous)


@pytest.mark.parametrize("concurrency", [1, 4])  # 1: the one-worker path must not cut the update in flight
def test_ctrl_c_in_the_main_thread_finishes_what_is_in_flight_and_carries_the_results(
    fake: FakeHubSpot, default_sigint: threading.Event, concurrency: int
) -> None:
    updates = outgoing(fake, 60)
    main = threading.main_thread().ident
    assert main is not None

    def hook(n: int) -> None:
        if n == 10:
            signal.pthread_kill(main, signal.SIGINT)  # what Ctrl-C does
        if n >= 10:
            default_sigint.wait(timeout=30)  # nothing more reaches the fake before the main thread reacts

    with pytest.raises(BulkUpdateInterrupted) as caught:
        sync_client(fake, hook).messages.update_statuses(updates, concurrency=concurrency)

    stopped = caught.value
    assert isinstance(stopped, KeyboardInterrupt) and not isinstance(stopped, Exception)
    assert isinstance(stopped.__cause__, KeyboardInterrupt)
    assert_carries_exactly_what_was_applied(stopped, fake, 60)
    assert len(stopped.completed) >= 10  # the 10th and the others in flight were finished, not dropped
    assert stopped.pending  # and nothing new started
    assert BulkUpdateInterrupted.of(stopped) is stopped


@pytest.mark.parametrize("concurrency", [1, 4])
def test_a_keyboard_interrupt_in_a_worker_stops_the_batch_with_its_results(
    fake: FakeHubSpot, concurrency: int
) -> None:
    updates = outgoing(fake, 30)

    def hook(n: int) -> None:
        if n == 8:
            raise KeyboardInterrupt

    with pytest.raises(BulkUpdateInterrupted) as caught:
        sync_client(fake, hook).messages.update_statuses(updates, concurrency=concurrency)

    stopped = caught.value
    assert_carries_exactly_what_was_applied(stopped, fake, 30)
    assert len(stopped.completed) >= 7 and stopped.pending
    if concurrency == 1:  # one at a time, in input order: exactly the first seven are done
        assert [r.update for r in stopped.completed] == updates[:7]
        assert stopped.pending == updates[7:]
        assert stopped.results[7:] == [None] * 23


def test_except_exception_does_not_swallow_the_interrupt(fake: FakeHubSpot) -> None:
    updates = outgoing(fake, 3)

    def hook(n: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        try:
            sync_client(fake, hook).messages.update_statuses(updates, concurrency=2)
        except Exception:  # noqa: BLE001 - the point: a broad handler must not catch Ctrl-C
            pytest.fail("BulkUpdateInterrupted was caught as an Exception")
    assert not issubclass(BulkUpdateInterrupted, HubSpotChannelsError)


@pytest.mark.parametrize("concurrency", [1, 5])
def test_on_result_sees_every_result_once_and_one_at_a_time(fake: FakeHubSpot, concurrency: int) -> None:
    updates = outgoing(fake, 25)
    seen: list[StatusUpdateResult] = []
    busy = threading.Lock()

    def on_result(result: StatusUpdateResult) -> None:
        assert busy.acquire(blocking=False), "on_result was called concurrently"
        try:
            seen.append(result)
        finally:
            busy.release()

    results = sync_client(fake, lambda n: None).messages.update_statuses(
        updates, concurrency=concurrency, on_result=on_result
    )
    assert sorted(map(id, seen)) == sorted(map(id, results)) and len(seen) == 25


def test_an_error_in_on_result_stops_the_batch_and_is_raised(fake: FakeHubSpot) -> None:
    updates = outgoing(fake, 40)
    seen: list[StatusUpdateResult] = []

    def on_result(result: StatusUpdateResult) -> None:
        seen.append(result)
        if len(seen) == 5:
            raise RuntimeError("the caller's store is down")

    with pytest.raises(RuntimeError, match="store is down"):
        sync_client(fake, lambda n: None).messages.update_statuses(
            updates, concurrency=3, on_result=on_result
        )
    assert len(fake.requests_for("update_message_status")) < 40  # it stopped instead of going on unseen


# --- async -----------------------------------------------------------------------------------------------------


class AsyncHooked(httpx.AsyncBaseTransport):
    """The ``stall_from``-th request and every later one never reach the fake: they wait forever."""

    def __init__(self, inner: httpx.AsyncBaseTransport, stall_from: int) -> None:
        self.inner, self.stall_from, self.count = inner, stall_from, 0
        self.stalled = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.count += 1
        if self.count >= self.stall_from:
            self.stalled.set()
            await asyncio.Event().wait()  # in flight until cancelled
        return await self.inner.handle_async_request(request)


def async_client(fake: FakeHubSpot, transport: httpx.AsyncBaseTransport) -> AsyncCustomChannelsClient:
    http = httpx.AsyncClient(transport=transport, base_url=BASE)
    return AsyncCustomChannelsClient(access_token=fake.access_token, base_url=BASE, http_client=http)


def test_a_cancelled_async_batch_re_raises_cancelled_error_carrying_the_results(fake: FakeHubSpot) -> None:
    updates = outgoing(fake, 30)
    seen: list[StatusUpdateResult] = []

    async def scenario() -> asyncio.CancelledError:
        transport = AsyncHooked(fake.async_transport(), stall_from=12)
        client = async_client(fake, transport)
        task = asyncio.ensure_future(
            client.messages.update_statuses(updates, concurrency=4, on_result=seen.append)
        )
        await transport.stalled.wait()
        for _ in range(20):  # let the other workers reach their own stalled request
            await asyncio.sleep(0)
        task.cancel()
        try:
            await task
        except asyncio.CancelledError as cancelled:
            return cancelled
        raise AssertionError("the batch was not cancelled")

    cancelled = asyncio.run(scenario())
    stopped = BulkUpdateInterrupted.of(cancelled)
    assert stopped is not None
    assert_carries_exactly_what_was_applied(stopped, fake, 30)
    assert len(stopped.completed) == 11  # the requests before the stall; the stalled ones are pending
    assert [r.update for r in seen] == [r.update for r in stopped.completed]


def test_an_asyncio_timeout_keeps_the_results_reachable_from_its_timeout_error(fake: FakeHubSpot) -> None:
    updates = outgoing(fake, 10)

    async def scenario() -> TimeoutError:
        transport = AsyncHooked(fake.async_transport(), stall_from=4)
        client = async_client(fake, transport)
        try:
            async with asyncio.timeout(None) as deadline:
                batch = asyncio.ensure_future(client.messages.update_statuses(updates, concurrency=1))
                await transport.stalled.wait()
                deadline.reschedule(asyncio.get_running_loop().time())  # expire now: no wall clock involved
                await batch
        except TimeoutError as error:
            return error
        raise AssertionError("no timeout")

    stopped = BulkUpdateInterrupted.of(asyncio.run(scenario()))
    assert stopped is not None
    assert [r.update for r in stopped.completed] == updates[:3] and stopped.pending == updates[3:]
    assert BulkUpdateInterrupted.of(RuntimeError("unrelated")) is None
