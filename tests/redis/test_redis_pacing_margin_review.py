"""Review of RedisRateLimit's shared widening margin ('widened' in the budget's hash), against a real
redis-server. Clocks are injected or the values the pacers return are read: no wall-clock bound."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

import redis
from hubspot_channels import RateLimit, RateLimitBacklogError, RateLimiterUnavailableError
from hubspot_channels._pacing import (
    MAX_MARGIN,
    MAX_WAIT,
    SAFETY_MARGIN,
)
from hubspot_channels.redis import RedisRateLimit
from hubspot_channels.redis._pacers import RedisPacer
from tests.support.redis_server import RedisServer


def reserved_at(pacer: RedisPacer, raw: redis.Redis, log: str) -> float:
    """Reserve, and return the send time Redis logged for it (seconds, Redis' clock): the latest entry, since
    a reservation is never earlier than those before it. Waits alone would shift by the time between calls."""
    pacer.reserve()
    latest: Any = raw.zrange(log, -1, -1, withscores=True)
    return float(latest[0][1]) / 1000


def most_in_a_window(send_times: list[float], interval: float) -> int:
    """The most send times in any half-open window of ``interval`` seconds (a sliding count)."""
    times = sorted(send_times)
    return max(
        (sum(1 for t in times[i:] if t < start + interval) for i, start in enumerate(times)), default=0
    )


# -- Redis: the shared 'widened' field, once read without any check (F1, F2, F5) ---------------------------


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
    send_times = [reserved_at(pacer, raw, shared.keys[0])]  # creates the budget's state
    raw.hset(shared.keys[1], "widened", "-1")
    send_times += [reserved_at(pacer, raw, shared.keys[0]) for _ in range(7)]
    pacer.close()
    # The logged send times, on Redis' clock: no window of 10 s may hold 4 of them.
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
    send_times = [reserved_at(pacer, raw, shared.keys[0]) for pacer in (one, other) * 4]
    one.close()
    other.close()
    assert most_in_a_window(send_times, 10.0 * (1 + MAX_MARGIN)) <= 3, send_times


# -- beyond the review: the rest of the state is read as tolerantly, a backlog is refused, errors say what ---


def test_a_refused_reservation_holds_no_slot_whatever_the_state_holds(
    shared: RedisRateLimit, raw: redis.Redis
) -> None:
    pacer = shared.sync_pacer()
    pacer.reserve()
    raw.hset(shared.keys[1], mapping={"widened": "1e300", "paused_until": "inf"})
    try:
        waits = [pacer.reserve() for _ in range(2)]
    finally:
        pacer.close()
    assert all(0.0 <= wait <= MAX_WAIT for wait in waits)
    assert raw.zcard(shared.keys[0]) == 3  # one slot per reservation that succeeded, none more
    assert 0 < raw.pttl(shared.keys[0]) <= 1000 * (2 * MAX_WAIT + 60) and 0 < raw.pttl(shared.keys[1])


@pytest.mark.parametrize("field", ["max", "window", "paused_until", "widened_at"])
@pytest.mark.parametrize("garbage", ["abc", "-1e300", "inf", "nan"])
def test_any_unreadable_state_field_leaves_the_budget_working(
    redis_server: RedisServer, raw: redis.Redis, field: str, garbage: str
) -> None:
    budget = RedisRateLimit(
        redis_server.url, app_id=1, account_id=f"acct-{uuid.uuid4().hex[:12]}", limit="auto"
    )
    pacer = budget.sync_pacer()
    pacer.observe(200, {"x-hubspot-ratelimit-max": "3", "x-hubspot-ratelimit-interval-milliseconds": "10000",
                        "x-hubspot-ratelimit-remaining": "3"})  # fmt: skip
    pacer.observe(429, {}, retry_after=0.0)
    raw.hset(budget.keys[1], field, garbage)
    try:
        pacer.observe(200, {"x-hubspot-ratelimit-remaining": "3"})
        waits = [pacer.reserve() for _ in range(4)]
    finally:
        pacer.close()
    assert all(0.0 <= wait <= MAX_WAIT for wait in waits)
    assert waits[3] > 0  # still paced: at least one of max (1..3) per window


def test_a_backlog_beyond_max_wait_is_refused_not_piled_into_one_window(
    shared: RedisRateLimit, raw: redis.Redis
) -> None:
    pacer = shared.sync_pacer()
    send_times: list[float] = []
    try:
        with pytest.raises(RateLimitBacklogError, match="beyond MAX_WAIT"):
            for _ in range(100):  # 3 per 10 s: about a dozen windows fit in MAX_WAIT
                send_times.append(reserved_at(pacer, raw, shared.keys[0]))
        kept = raw.zrange(shared.keys[0], 0, -1, withscores=True)
        for within in (None, MAX_WAIT - 1, MAX_WAIT + 1):  # whatever is left of a deadline
            with pytest.raises(RateLimitBacklogError):
                pacer.reserve(within)
        assert raw.zrange(shared.keys[0], 0, -1, withscores=True) == kept  # nothing claimed
    finally:
        pacer.close()
    assert 30 <= len(send_times) < 100 and max(send_times) - min(send_times) <= MAX_WAIT
    assert most_in_a_window(send_times, 10.0) <= 3


def test_a_script_error_is_not_reported_as_an_unreachable_redis(
    shared: RedisRateLimit, raw: redis.Redis
) -> None:
    raw.set(shared.keys[1], "not a hash")  # WRONGTYPE inside the script: Redis answered
    pacer = shared.sync_pacer()
    try:
        with pytest.raises(RateLimiterUnavailableError, match="failed on Redis") as caught:
            pacer.reserve()
    finally:
        pacer.close()
    assert "cannot reach" not in str(caught.value)


def test_a_spent_window_of_the_largest_budget_is_counted_in_one_script(
    redis_server: RedisServer, raw: redis.Redis
) -> None:
    """Remaining 0 of Max 10,000: 10,000 entries at once, more than Lua's unpack() takes in one call."""
    budget = RedisRateLimit(
        redis_server.url, app_id=1, account_id=f"acct-{uuid.uuid4().hex[:12]}", limit="auto"
    )
    pacer = budget.sync_pacer()
    try:
        pacer.observe(200, {"x-hubspot-ratelimit-max": "10000", "x-hubspot-ratelimit-remaining": "0",
                            "x-hubspot-ratelimit-interval-milliseconds": "10000"})  # fmt: skip
        assert raw.zcard(budget.keys[0]) == 10_000
        assert pacer.reserve() > 9.0  # the window is spent: wait for it, on Redis' clock
    finally:
        pacer.close()
