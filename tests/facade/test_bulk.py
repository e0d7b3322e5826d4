"""messages.update_statuses: one result per input in input order, per-item errors (validation too), retries
of 429, sync (threads) and async (tasks), against the in-process FakeHubSpot. No timed assertions."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from hubspot_channels import (
    AsyncCustomChannelsClient,
    CustomChannelsClient,
    MessageStatus,
    NotFoundError,
    RequestValidationError,
    StatusUpdate,
    StatusUpdateResult,
)
from hubspot_channels.testing import FakeHubSpot

BASE = "https://api.hubapi.com"
VISITOR = [{"deliveryIdentifier": {"type": "CHANNEL_SPECIFIC_OPAQUE_ID", "value": "visitor-1"}}]


@pytest.fixture(autouse=True)
def no_retry_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries honour Retry-After; these tests check what is retried, not how long it waits."""
    import hubspot_channels._engine as engine

    monkeypatch.setattr(engine.time, "sleep", lambda seconds: None)

    async def no_wait(seconds: float) -> None:
        return None

    monkeypatch.setattr(asyncio, "sleep", no_wait)


@pytest.fixture
def fake() -> FakeHubSpot:
    return FakeHubSpot()


def outgoing(fake: FakeHubSpot, count: int) -> tuple[str, list[str]]:
    channel = fake.create_channel()
    account = fake.create_channel_account(channel["id"])
    ids = [
        fake.agent_reply(channel["id"], account["id"], f"reply {n}", recipients=VISITOR, deliver=False)["id"]
        for n in range(count)
    ]
    return channel["id"], ids


def sync_client(fake: FakeHubSpot) -> CustomChannelsClient:
    http = httpx.Client(transport=fake.transport(), base_url=BASE)
    return CustomChannelsClient(access_token=fake.access_token, base_url=BASE, http_client=http)


def async_client(fake: FakeHubSpot) -> AsyncCustomChannelsClient:
    http = httpx.AsyncClient(transport=fake.async_transport(), base_url=BASE)
    return AsyncCustomChannelsClient(access_token=fake.access_token, base_url=BASE, http_client=http)


def run(mode: str, fake: FakeHubSpot, updates: list[Any], concurrency: int) -> list[StatusUpdateResult]:
    if mode == "sync":
        return sync_client(fake).messages.update_statuses(updates, concurrency=concurrency)
    return asyncio.run(async_client(fake).messages.update_statuses(updates, concurrency=concurrency))


MODES = [("sync", 1), ("sync", 4), ("async", 1), ("async", 4)]


@pytest.mark.parametrize(("mode", "concurrency"), MODES)
def test_every_update_reported_in_input_order(fake: FakeHubSpot, mode: str, concurrency: int) -> None:
    channel, ids = outgoing(fake, 12)
    statuses = [MessageStatus.SENT, "read", "FAILED"]
    updates = [StatusUpdate(channel, m, statuses[n % 3]) for n, m in enumerate(ids)]
    results = run(mode, fake, updates, concurrency)
    assert [r.update for r in results] == updates
    assert all(r.ok and r.error is None for r in results)
    assert [r.message.id for r in results if r.message] == ids
    assert [r.message.status for r in results if r.message] == [
        MessageStatus(str(s).upper()) for s in statuses
    ] * 4
    assert {m["id"]: m["status"]["statusType"] for m in fake.messages} == {
        u.message_id: str(u.status).upper() for u in updates
    }


@pytest.mark.parametrize(("mode", "concurrency"), MODES)
def test_failures_are_their_own_results(fake: FakeHubSpot, mode: str, concurrency: int) -> None:
    channel, ids = outgoing(fake, 3)
    updates: list[Any] = [
        StatusUpdate(channel, ids[0], "SENT"),
        StatusUpdate(channel, "no-such-message", "SENT"),  # 404 from HubSpot
        StatusUpdate(channel, ids[1], "DELIVERED"),  # not a reportable status: nothing sent
        StatusUpdate(channel, ids[1], "READ", error_message="only with FAILED"),
        ("not", "an", "update"),
        StatusUpdate(channel, ids[2], "FAILED", error_message="Recipient blocked the number"),
    ]
    results = run(mode, fake, updates, concurrency)
    assert [r.update for r in results] == updates
    assert [r.ok for r in results] == [True, False, False, False, False, True]
    assert isinstance(results[1].error, NotFoundError) and results[1].message is None
    for index in (2, 3, 4):
        assert isinstance(results[index].error, RequestValidationError)
    assert (
        results[5].message is not None and results[5].message.error_message == "Recipient blocked the number"
    )
    assert len(fake.requests_for("update_message_status")) == 3  # invalid inputs were never sent


@pytest.mark.parametrize(("mode", "concurrency"), MODES)
def test_rate_limited_updates_are_retried(fake: FakeHubSpot, mode: str, concurrency: int) -> None:
    channel, ids = outgoing(fake, 5)
    fake.faults.rate_limit("update_message_status", retry_after=1, times=2)  # within the 2 retries of any one
    updates = [StatusUpdate(channel, m, "SENT") for m in ids]
    results = run(mode, fake, updates, concurrency)
    assert all(r.ok for r in results)
    answered = [r.status for r in fake.requests_for("update_message_status")]
    assert answered.count(429) == 2 and answered.count(200) == 5


def test_an_update_that_stays_rate_limited_reports_the_error(fake: FakeHubSpot) -> None:
    channel, ids = outgoing(fake, 2)
    fake.faults.rate_limit("update_message_status", retry_after=1, times=3)  # 1 try + 2 retries, all 429
    results = run("sync", fake, [StatusUpdate(channel, m, "SENT") for m in ids], 1)
    assert [r.ok for r in results] == [False, True]
    assert getattr(results[0].error, "status_code", None) == 429


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_empty_input_and_bad_concurrency(fake: FakeHubSpot, mode: str) -> None:
    assert run(mode, fake, [], 4) == []
    with pytest.raises(RequestValidationError, match="concurrency"):
        run(mode, fake, [], 0)


def test_the_bulk_call_is_paced_by_the_clients_rate_limit(fake: FakeHubSpot) -> None:
    channel, ids = outgoing(fake, 4)
    http = httpx.Client(transport=fake.transport(), base_url=BASE)
    client = CustomChannelsClient(
        access_token=fake.access_token, base_url=BASE, http_client=http, rate_limit="free"
    )
    reserved: list[float] = []
    pacer = client._pacer
    assert pacer is not None
    original = pacer.reserve
    pacer.reserve = lambda: reserved.append(original()) or 0.0  # type: ignore[method-assign]
    results = client.messages.update_statuses([StatusUpdate(channel, m, "SENT") for m in ids], concurrency=2)
    assert all(r.ok for r in results) and len(reserved) == 4
