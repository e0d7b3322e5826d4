"""The drainers (thread and asyncio) against the fake HubSpot over real HTTP: what is sent and in which order,
dead letters for what HubSpot refuses (404 of an unknown message), retrying them after a fix, transient
failures retried later, a rejected token stopping the drainer with nothing lost, and the lease expiry of a
crashed drainer taken over (an injected clock, no sleeping)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from hubspot_channels import AuthenticationError, RequestValidationError
from hubspot_channels.outbox import AsyncOutboxDrainer, Outbox, OutboxDrainer, SQLiteOutboxStore
from hubspot_channels.testing import FakeHubSpot
from tests.support.outbox_support import (
    ManualClock,
    async_client,
    final_status,
    new_fake,
    outgoing,
    sent_statuses,
    sync_client,
)

pytestmark = pytest.mark.anyio


@pytest.fixture
def served() -> Iterator[tuple[FakeHubSpot, str]]:
    fake = new_fake()
    with fake.serve() as base_url:
        yield fake, base_url


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def outbox(tmp_path: Path, clock: ManualClock) -> Outbox:
    return Outbox(tmp_path / "outbox.sqlite3", clock=clock)


def drain(fake: FakeHubSpot, base_url: str, outbox: Outbox, **options: object) -> None:
    with sync_client(fake, base_url, max_retries=0) as client:
        OutboxDrainer(outbox, client, **options).run(until_empty=True)  # type: ignore[arg-type]


def test_each_message_ends_in_its_latest_status_and_a_late_sent_after_read_is_not_sent(served, outbox):
    fake, base_url = served
    channel, (a, b, c) = outgoing(fake, 3)
    outbox.enqueue(channel, a, "SENT")
    drain(fake, base_url, outbox)
    outbox.enqueue(channel, a, "READ")
    outbox.enqueue(channel, b, "FAILED", "no route")
    outbox.enqueue(channel, b, "SENT")  # retried on the provider's side: FAILED is not terminal
    outbox.enqueue(channel, c, "FAILED", "blocked")
    drain(fake, base_url, outbox)
    assert outbox.enqueue(channel, a, "SENT") is False  # the late SENT after READ
    assert outbox.enqueue(channel, c, "READ") is True
    drain(fake, base_url, outbox)
    assert sent_statuses(fake) == {a: ["SENT", "READ"], b: ["SENT"], c: ["FAILED", "READ"]}
    assert [final_status(fake, m) for m in (a, b, c)] == ["READ", "SENT", "READ"]
    assert fake.get_message(c)["status"]["statusType"] == "READ"
    counts = outbox.counts()
    assert (counts.done, counts.outstanding, counts.dead) == (3, 0, 0)


def test_an_unknown_message_is_a_dead_letter_that_can_be_dropped(served, outbox):
    fake, base_url = served
    channel, (known,) = outgoing(fake, 1)
    outbox.enqueue(channel, "no-such-message", "SENT")
    outbox.enqueue(channel, known, "READ")
    drain(fake, base_url, outbox)
    (letter,) = outbox.dead_letters()
    assert (letter.update.message_id, letter.status_code) == ("no-such-message", 404)
    assert letter.error.startswith("NotFoundError: HTTP 404")
    assert final_status(fake, known) == "READ"  # one refused update does not hold the others back
    assert outbox.drop_dead([letter.id]) == 1
    assert outbox.dead_letters() == [] and outbox.counts().dropped == 1


def test_a_refused_update_is_sent_after_the_operator_retries_it(served, outbox):
    fake, base_url = served
    channel, (message,) = outgoing(fake, 1)
    fake.faults.add("update_message_status", status=400)  # e.g. a rule HubSpot enforced, since fixed
    outbox.enqueue(channel, message, "FAILED", "carrier rejected")
    drain(fake, base_url, outbox)
    (letter,) = outbox.dead_letters()
    assert letter.status_code == 400 and final_status(fake, message) != "FAILED"
    assert outbox.retry_dead() == 1
    drain(fake, base_url, outbox)
    assert final_status(fake, message) == "FAILED"
    assert fake.get_message(message)["status"]["failureDetails"]["errorMessage"] == "carrier rejected"
    assert outbox.counts().dead == 0


def test_a_transient_failure_after_the_clients_retries_waits_and_is_sent_later(served, outbox, clock):
    fake, base_url = served
    channel, (message,) = outgoing(fake, 1)
    fake.faults.server_error("update_message_status", status=503, times=1)
    outbox.enqueue(channel, message, "READ")
    with sync_client(fake, base_url, max_retries=0) as client:
        drainer = OutboxDrainer(outbox, client)
        assert drainer.drain_once() == 1
        assert drainer.stats.retried == 1 and outbox.counts().pending == 1
        assert drainer.drain_once() == 0  # backing off: not due yet (the store's clock has not moved)
        clock.advance(1.0)
        assert drainer.drain_once() == 1
    assert drainer.stats.sent == 1 and final_status(fake, message) == "READ"


def test_a_rejected_token_stops_the_drainer_and_nothing_is_lost(served, outbox):
    fake, base_url = served
    channel, ids = outgoing(fake, 3)
    for message in ids:
        outbox.enqueue(channel, message, "SENT")
    client = sync_client(fake, base_url, access_token="stale", max_retries=0)
    with client, pytest.raises(AuthenticationError):
        OutboxDrainer(outbox, client).run(until_empty=True)
    counts = outbox.counts()
    assert (counts.pending, counts.in_flight, counts.dead) == (3, 0, 0)


def test_a_crashed_drainers_updates_are_sent_by_another_after_the_lease(tmp_path, served, clock):
    fake, base_url = served
    channel, ids = outgoing(fake, 4)
    path = tmp_path / "outbox.sqlite3"
    outbox = Outbox(path, clock=clock)
    for message in ids:
        outbox.enqueue(channel, message, "SENT")
    crashed = SQLiteOutboxStore(path, clock=clock)
    assert len(crashed.lease("killed-drainer", 2, 60)) == 2  # then it died without settling them
    with sync_client(fake, base_url) as client:
        survivor = OutboxDrainer(outbox, client, lease_seconds=60)
        assert survivor.drain_once() == 2  # the two that were never leased
        assert survivor.drain_once() == 0
        clock.advance(60)
        assert survivor.drain_once() == 2
    assert sorted(sent_statuses(fake)) == sorted(ids)
    assert outbox.counts().done == 4


def test_the_background_thread_drains_what_is_enqueued_while_it_runs(served, outbox):
    fake, base_url = served
    channel, ids = outgoing(fake, 20)
    with sync_client(fake, base_url) as client:
        with OutboxDrainer(outbox, client, idle_wait=0.01) as drainer:
            for message in ids:
                outbox.enqueue(channel, message, "SENT")
                outbox.enqueue(channel, message, "READ")
            wait_until(lambda: outbox.counts().done == 20 and outbox.counts().outstanding == 0)
        assert drainer.error is None
    assert all(final_status(fake, m) == "READ" for m in ids)
    for history in sent_statuses(fake).values():
        assert history in (["READ"], ["SENT", "READ"])


def test_drainer_options_are_checked(served, outbox):
    fake, base_url = served
    with sync_client(fake, base_url) as client:
        for bad in ({"concurrency": 0}, {"lease_seconds": 0}, {"idle_wait": float("nan")}):
            with pytest.raises(RequestValidationError):
                OutboxDrainer(outbox, client, **bad)  # type: ignore[arg-type]


async def test_the_async_drainer_sends_in_order_and_buries_what_hubspot_refuses(served, outbox):
    fake, base_url = served
    channel, (a, b) = outgoing(fake, 2)
    outbox.enqueue(channel, a, "SENT")
    outbox.enqueue(channel, b, "FAILED", "no route")
    outbox.enqueue(channel, "missing", "SENT")
    progress: list[int] = []
    async with async_client(fake, base_url) as client:
        drainer = AsyncOutboxDrainer(outbox, client, on_progress=lambda s: progress.append(s.sent))
        stats = await drainer.run(until_empty=True)
        outbox.enqueue(channel, a, "READ")
        outbox.enqueue(channel, b, "READ")
        assert outbox.enqueue(channel, a, "SENT") is False
        async with AsyncOutboxDrainer(outbox, client, idle_wait=0.01):
            await async_wait_until(lambda: outbox.counts().outstanding == 0)
    assert (stats.sent, stats.dead) == (2, 1) and progress
    assert sent_statuses(fake) == {a: ["SENT", "READ"], b: ["FAILED", "READ"]}
    assert [d.update.message_id for d in outbox.dead_letters()] == ["missing"]


def wait_until(condition, attempts: int = 12_000) -> None:  # type: ignore[no-untyped-def]
    """Polls a condition (no bound on elapsed time worth asserting: up to ~10 minutes on a busy machine)."""
    import time

    for _ in range(attempts):
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("condition not reached")


async def async_wait_until(condition, attempts: int = 12_000) -> None:  # type: ignore[no-untyped-def]
    for _ in range(attempts):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not reached")
