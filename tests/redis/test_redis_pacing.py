"""RedisRateLimit against a real redis-server: one budget per app + account whatever process reserves from
it, atomically; a 429 or a spent window seen by one process holds all of them; the async pacer never blocks
the event loop. Waits are the values the pacers return (Redis' clock), never measured elapsed time."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator

import pytest
import redis.asyncio

import redis
from hubspot_channels import (
    AsyncCustomChannelsClient,
    ConfigurationError,
    CustomChannelsClient,
    DeadlineExceededError,
    RateLimit,
)
from hubspot_channels._pacing import MARGIN_DECAY_WINDOWS, MARGIN_STEP, MAX_MARGIN, SAFETY_MARGIN
from hubspot_channels.redis import RedisRateLimit
from hubspot_channels.testing import FakeHubSpot
from tests.support.redis_server import RedisServer
from tests.support.redis_workers import in_processes, reserve_many

pytestmark = pytest.mark.anyio
SPAN = 1.02  # the local Pacer's 2 % margin, per second of window; plus the shared limiter's jitter
JITTER = 0.05
VISITOR = [{"deliveryIdentifier": {"type": "CHANNEL_SPECIFIC_OPAQUE_ID", "value": "visitor-1"}}]


def span(interval: float) -> float:
    return interval * SPAN + JITTER


def a_message(fake: FakeHubSpot) -> tuple[str, str]:
    channel = fake.create_channel()["id"]
    account = fake.create_channel_account(channel)["id"]
    return channel, fake.agent_reply(channel, account, "hello", recipients=VISITOR, deliver=False)["id"]


@pytest.fixture
def account() -> str:
    return f"acct-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def shared(redis_server: RedisServer, account: str) -> RedisRateLimit:
    return RedisRateLimit(redis_server.url, app_id=1, account_id=account, limit=RateLimit(3, 10.0))


@pytest.fixture
def raw(redis_server: RedisServer) -> Iterator[redis.Redis]:
    client = redis_server.client()
    yield client
    client.close()


def test_processes_reserving_at_once_never_claim_more_than_the_budget(
    redis_server: RedisServer,
    account: str,
    raw: redis.Redis,
) -> None:
    # within=0: a slot is claimed only when free now; 4 processes x 25 race for 30 in a minute.
    per_process = in_processes(4, reserve_many, redis_server.url, account, (30, 60.0), 25, 0.0)
    waits = [wait for process in per_process for wait in process]
    # Never more than the budget. Not "exactly 30 claimed": on a loaded machine a script call can outlive its
    # deadline after Redis ran it, and the caller then assumes the worst (a full window) for a slot it got.
    assert sum(1 for wait in waits if wait == 0.0) <= 30
    assert all(wait > 50 for wait in waits if wait != 0.0)  # the rest wait a window, and were not claimed
    assert raw.zcard(f"hubspot-channels:ratelimit:{{1:{account}}}:log") == 30  # 100 tries: every slot taken


def test_processes_get_their_own_slots_one_window_apart(
    redis_server: RedisServer,
    account: str,
) -> None:
    per_process = in_processes(4, reserve_many, redis_server.url, account, (5, 10.0), 5, None)
    waits = sorted(wait for process in per_process for wait in process)
    for window in range(4):  # 5 slots per window; a slot's wait shrinks by the time the others took
        group = waits[window * 5 : window * 5 + 5]
        assert all(window * span(10.0) - 3 < wait <= window * span(10.0) + 0.001 for wait in group), waits


def test_a_429_seen_by_one_process_pauses_every_process(shared: RedisRateLimit) -> None:
    one, other = shared.sync_pacer(), shared.sync_pacer()  # two connections: two processes, as Redis sees it
    one.observe(429, {}, retry_after=5.0)
    assert 4.0 < other.reserve() <= 5.0
    one.close()
    other.close()


def test_a_429_pause_widens_every_process_s_margin_once_and_answers_narrow_it(
    shared: RedisRateLimit, raw: redis.Redis
) -> None:
    one, other = shared.sync_pacer(), shared.sync_pacer()
    for _ in range(3):  # a full window answers 429 to everything in flight: one pause, one step
        one.observe(429, {}, retry_after=0.5)
    assert float(raw.hget(shared.keys[1], "widened") or 0) == pytest.approx(MARGIN_STEP)
    assert all(0 < other.reserve() <= 0.5 for _ in range(3))  # the pause holds the other process too
    widened = 0.5 + 10.0 * (1 + SAFETY_MARGIN + MARGIN_STEP) + JITTER
    assert widened - 1 < other.reserve() <= widened  # and it spaces its next window wider
    for _ in range(30):  # answers at once narrow it by the time they span, not by their number
        one.observe(200, {"x-hubspot-ratelimit-remaining": "3"})
    assert float(raw.hget(shared.keys[1], "widened") or 0) == pytest.approx(MARGIN_STEP, abs=1e-4)
    # Time narrows it: (MAX_MARGIN - SAFETY_MARGIN) / MARGIN_DECAY_WINDOWS per window. Half a step's time
    # ago, on Redis' clock (no sleeping), as if the last 429 had been that long before.
    seconds, micros = raw.time()
    half_a_step = 10_000 * MARGIN_STEP / 2 / ((MAX_MARGIN - SAFETY_MARGIN) / MARGIN_DECAY_WINDOWS)
    raw.hset(shared.keys[1], "widened_at", str(seconds * 1000 + micros / 1000 - half_a_step))
    one.observe(200, {"x-hubspot-ratelimit-remaining": "3"})
    assert float(raw.hget(shared.keys[1], "widened") or 0) == pytest.approx(MARGIN_STEP / 2, abs=1e-4)
    raw.hset(shared.keys[1], "widened_at", str(seconds * 1000 - 10_000 * MARGIN_DECAY_WINDOWS))
    one.observe(200, {"x-hubspot-ratelimit-remaining": "3"})  # four windows without a 429: back to none
    assert float(raw.hget(shared.keys[1], "widened") or 0) == 0.0
    one.close()
    other.close()


def test_a_spent_window_reported_by_hubspot_holds_every_process(shared: RedisRateLimit) -> None:
    one, other = shared.sync_pacer(), shared.sync_pacer()
    # HubSpot counted 3 requests that went through no pacer of this budget (another integration of the account)
    one.observe(200, {"x-hubspot-ratelimit-remaining": "0"})
    assert span(10.0) - 1 < other.reserve() <= span(10.0)
    one.close()
    other.close()


def test_a_budget_learned_from_the_headers_is_every_process_s(
    redis_server: RedisServer,
    account: str,
) -> None:
    auto = RedisRateLimit(redis_server.url, app_id=1, account_id=account)  # "auto": follow HubSpot's headers
    one, other = auto.sync_pacer(), auto.sync_pacer()
    headers = {"x-hubspot-ratelimit-max": "2", "x-hubspot-ratelimit-interval-milliseconds": "1000"}
    one.observe(200, headers | {"x-hubspot-ratelimit-remaining": "2"})
    assert [other.reserve(), other.reserve()] == [0.0, 0.0]
    assert span(1.0) - 0.5 < other.reserve() <= span(1.0)
    one.close()
    other.close()


def test_a_slot_past_the_deadline_is_not_claimed_and_the_call_sends_nothing(
    redis_server: RedisServer,
    account: str,
    raw: redis.Redis,
) -> None:
    fake = FakeHubSpot()
    message = a_message(fake)
    one = RedisRateLimit(redis_server.url, app_id=1, account_id=account, limit=RateLimit(1, 10.0))
    with (
        fake.serve() as base_url,
        CustomChannelsClient(
            access_token=fake.access_token, base_url=base_url, rate_limit=one, deadline=2.0
        ) as client,
    ):
        client.messages.get(*message)
        with pytest.raises(DeadlineExceededError):  # the next slot is 10 s away
            client.messages.get(*message)
    assert len(fake.requests) == 1
    assert raw.zcard(one.keys[0]) == 1


def test_the_client_reports_the_budget_and_hides_the_url(account: str) -> None:
    limit = RedisRateLimit("redis://:s3cret-pass@127.0.0.1:1/0", app_id=77, account_id=account)
    with CustomChannelsClient(access_token="t", rate_limit=limit) as client:
        assert client.rate_limit == RateLimit.auto()
    assert "s3cret" not in repr(limit) and limit.keys[0] == f"hubspot-channels:ratelimit:{{77:{account}}}:log"


def test_bad_arguments_are_configuration_errors(redis_server: RedisServer) -> None:
    with pytest.raises(ConfigurationError):
        RedisRateLimit(redis_server.url, app_id=1, account_id="a b")
    with pytest.raises(ConfigurationError):
        RedisRateLimit(object(), app_id=1, account_id=1)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError):
        RedisRateLimit(redis_server.url, app_id=1, account_id=1, fallback="free")  # type: ignore[arg-type]
    sync_only = RedisRateLimit(redis.Redis.from_url(redis_server.url), app_id=1, account_id=1)
    with pytest.raises(ConfigurationError):
        AsyncCustomChannelsClient(access_token="t", rate_limit=sync_only)


async def test_sync_and_async_clients_spend_one_budget(shared: RedisRateLimit) -> None:
    sync_pacer, async_pacer = shared.sync_pacer(), shared.async_pacer()
    assert [sync_pacer.reserve(), sync_pacer.reserve(), await async_pacer.reserve()] == [0.0, 0.0, 0.0]
    assert span(10.0) - 1 < await async_pacer.reserve() <= span(10.0)
    sync_pacer.close()
    await async_pacer.aclose()


async def test_the_async_pacer_lets_the_loop_run_while_redis_is_slow(
    shared: RedisRateLimit,
    raw: redis.Redis,
) -> None:
    pacer = shared.async_pacer()
    await pacer.reserve()  # connected, script loaded
    ticks: list[int] = []
    done = asyncio.Event()

    async def ticker() -> None:
        while not done.is_set():
            ticks.append(1)
            await asyncio.sleep(0.01)

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    raw.execute_command("CLIENT", "PAUSE", 400)  # Redis holds every other client's commands for 0.4 s
    before = len(ticks)
    await pacer.reserve()
    during = len(ticks) - before
    done.set()
    await task
    assert during >= 3  # the loop went on ticking while the reservation waited on Redis
    await pacer.aclose()


async def test_an_async_client_is_paced_through_redis_asyncio_end_to_end(
    redis_server: RedisServer,
    account: str,
) -> None:
    fake = FakeHubSpot()
    message = a_message(fake)
    limit = RedisRateLimit(redis_server.url, app_id=1, account_id=account, limit=RateLimit(2, 10.0))
    with fake.serve() as base_url:
        client = AsyncCustomChannelsClient(
            access_token=fake.access_token, base_url=base_url, rate_limit=limit
        )
        assert isinstance(client._shared._client, redis.asyncio.Redis)  # type: ignore[union-attr]
        await client.messages.get(*message)
        await client.messages.get(*message)
        with pytest.raises(DeadlineExceededError):  # the budget's third slot is a window away
            await client.with_options(deadline=1.0).messages.get(*message)
        await client.aclose()
    assert len(fake.requests) == 2
