"""Review of RedisRateLimit's shared widening margin ('widened' in the budget's hash), against a real
redis-server. Clocks are injected or the values the pacers return are read: no wall-clock bound."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

import redis
from hubspot_channels import RateLimit
from hubspot_channels._pacing import (
    MAX_MARGIN,
    MAX_WAIT,
    SAFETY_MARGIN,
)
from hubspot_channels.redis import RedisRateLimit
from tests.support.redis_server import RedisServer


def most_in_a_window(send_times: list[float], interval: float) -> int:
    """The most send times in any half-open window of ``interval`` seconds (a sliding count)."""
    times = sorted(send_times)
    return max(
        (sum(1 for t in times[i:] if t < start + interval) for i, start in enumerate(times)), default=0
    )


# -- Redis: the shared 'widened' field is read without any check ------------------------------------------


@pytest.fixture
def shared(redis_server: RedisServer) -> RedisRateLimit:
    account = f"acct-{uuid.uuid4().hex[:12]}"
    return RedisRateLimit(redis_server.url, app_id=1, account_id=account, limit=RateLimit(3, 10.0))


@pytest.fixture
def raw(redis_server: RedisServer) -> Iterator[redis.Redis]:
    client = redis_server.client()
    yield client
    client.close()


def test_a_negative_widened_field_never_lets_more_than_the_budget_through(
    shared: RedisRateLimit, raw: redis.Redis
) -> None:
    pacer = shared.sync_pacer()
    send_times = [pacer.reserve()]  # creates the budget's state
    raw.hset(shared.keys[1], "widened", "-1")
    send_times += [pacer.reserve() for _ in range(7)]
    pacer.close()
    # Waits are measured from (nearly) the same instant of Redis' clock: no window of 10 s may hold 4 of them.
    assert most_in_a_window(send_times, 10.0) <= 3, send_times


@pytest.mark.parametrize("garbage", ["abc", "1e300", "inf", "nan"])
def test_an_unreadable_widened_field_is_treated_as_no_widening(
    shared: RedisRateLimit, raw: redis.Redis, garbage: str
) -> None:
    pacer = shared.sync_pacer()
    pacer.reserve()
    raw.hset(shared.keys[1], "widened", garbage)
    try:
        waits = [pacer.reserve() for _ in range(3)]
    finally:
        pacer.close()
    assert all(0.0 <= wait <= MAX_WAIT for wait in waits)


def test_a_shared_margin_at_its_cap_still_paces_every_process(
    shared: RedisRateLimit, raw: redis.Redis
) -> None:
    """Missing from the suite (F5): a RESERVE mutant that ignores the log once 'widened' is at its cap passes
    tests/redis/test_redis_pacing.py and test_redis_review.py; this one catches it."""
    one, other = shared.sync_pacer(), shared.sync_pacer()
    for _ in range(20):  # separate pauses (Retry-After 0): one step each, up to the cap
        one.observe(429, {}, retry_after=0.0)
    assert float(raw.hget(shared.keys[1], "widened") or 0) == pytest.approx(MAX_MARGIN - SAFETY_MARGIN)
    send_times = [pacer.reserve() for pacer in (one, other) * 4]
    one.close()
    other.close()
    assert most_in_a_window(send_times, 10.0 * (1 + MAX_MARGIN)) <= 3, send_times
