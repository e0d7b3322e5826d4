"""The pacer against hostile or broken rate-limit headers, and configurations it refuses: each header the
issue reported (Max -1, a negative or hugely negative Remaining, a 31-year Interval, an endless Retry-After)
and the client built on them. Every wait is read from an injected clock or a sleep recorder."""

from __future__ import annotations

import math
from typing import Any

import httpx
import pytest

from hubspot_channels import ConfigurationError, RateLimit, RateLimitBacklogError, RateLimitError
from hubspot_channels._pacing import (
    DEFAULT_PAUSE,
    MAX_INTERVAL,
    MAX_PAUSE,
    MAX_REQUESTS,
    MAX_WAIT,
    SAFETY_MARGIN,
    Pacer,
)
from tests.support.facade_helpers import MODES, Api, message_json, ok, record_sleeps

pytestmark = pytest.mark.anyio


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def limits(
    maximum: str | None = None, remaining: str | None = None, interval_ms: str | None = None
) -> dict[str, str]:
    named = {
        "x-hubspot-ratelimit-max": maximum,
        "x-hubspot-ratelimit-remaining": remaining,
        "x-hubspot-ratelimit-interval-milliseconds": interval_ms,
    }
    return {name: value for name, value in named.items() if value is not None}


def following(max_requests: int = 10, interval: float = 1.0) -> tuple[Pacer, Clock]:
    clock = Clock()
    return Pacer(RateLimit(max_requests, interval, follow_headers=True), clock=clock), clock


@pytest.mark.parametrize(
    "maximum", ["-1", "0", "-99999999999999999999999", str(MAX_REQUESTS + 1), "1e3", "ten", ""]
)
def test_a_nonsense_max_is_ignored(maximum: str) -> None:
    pacer, _clock = following()
    pacer.observe(200, limits(maximum=maximum, remaining="9", interval_ms="1000"))
    assert pacer.window == (10, 1.0)
    assert [pacer.reserve() for _ in range(9)] == [0.0] * 9  # the old IndexError came from Max -1


@pytest.mark.parametrize("interval_ms", ["0", "-1000", "NaN", "1.5", "-99999999999999999999999"])
def test_a_nonsense_interval_is_ignored(interval_ms: str) -> None:
    pacer, _clock = following()
    pacer.observe(200, limits(maximum="5", remaining="5", interval_ms=interval_ms))
    assert pacer.window == (10, 1.0)


@pytest.mark.parametrize("interval_ms", ["1000000000000", "99999999999999999999999999999999"])
def test_a_huge_interval_is_capped(interval_ms: str) -> None:
    pacer, _clock = following()
    pacer.observe(200, limits(maximum="2", remaining="0", interval_ms=interval_ms))
    assert pacer.window == (2, MAX_INTERVAL)
    wait = pacer.reserve()
    assert wait == pytest.approx(MAX_INTERVAL * (1 + SAFETY_MARGIN))  # not ~31 years


@pytest.mark.parametrize("remaining", ["-1", "-5000", "-99999999999999999999999"])
def test_a_negative_remaining_counts_as_zero(remaining: str) -> None:
    pacer, clock = following(max_requests=10)
    pacer.observe(200, limits(remaining=remaining))
    assert len(pacer._sent) == 10  # the whole window spent by others, and not one entry more
    assert pacer.reserve() == pytest.approx(1.0 * (1 + SAFETY_MARGIN))
    clock.now += 1.0 * (1 + SAFETY_MARGIN)
    assert pacer.reserve() == 0.0  # stalled for one window, not forever


def test_remaining_headers_never_grow_the_log_past_twice_the_budget() -> None:
    pacer, clock = following(max_requests=50)
    for n in range(2000):
        pacer.observe(200, limits(remaining="-99999999999999999999999"))
        if n % 3 == 0:
            pacer.reserve()
        clock.now += 0.001
        assert len(pacer._sent) <= 100


def test_a_429_pause_is_capped_whatever_the_caller_passes() -> None:
    pacer, clock = following()
    pacer.observe(429, {}, retry_after=1e300)
    assert pacer.reserve() == pytest.approx(MAX_PAUSE)
    for unusable in (math.nan, -5.0, math.inf * -1, None):
        other, _ = following()
        other.observe(429, {}, retry_after=unusable)
        assert other.reserve() == pytest.approx(DEFAULT_PAUSE)
    clock.now += MAX_PAUSE
    assert pacer.reserve() == 0.0


def test_a_deep_backlog_waits_at_most_the_cap_and_refuses_the_rest() -> None:
    clock = Clock()  # frozen: 2000 reservations of a 10-per-second budget would need 200 s
    pacer = Pacer(RateLimit(10, 1.0), clock=clock)
    waits: list[float] = []
    for _ in range(2000):
        try:
            waits.append(pacer.reserve())
        except RateLimitBacklogError:
            break  # nothing claimed: every later one is refused as well, until the backlog drains
    with pytest.raises(RateLimitBacklogError, match="beyond MAX_WAIT"):
        pacer.reserve()
    assert waits == sorted(waits) and max(waits) <= MAX_WAIT  # inside the cap: the budget holds
    assert len(waits) == 10 * (int(MAX_WAIT / (1.0 * (1 + SAFETY_MARGIN))) + 1)  # every window, full
    assert len(pacer._sent) <= 20
    clock.now += 1.0 * (1 + SAFETY_MARGIN)
    assert pacer.reserve() <= MAX_WAIT  # a window later, a window's worth is free again


def test_unusual_but_valid_headers_are_read() -> None:
    pacer, _clock = following()
    pacer.observe(200, limits(maximum=" 190 ", remaining="+190", interval_ms="10000"))
    assert pacer.window == (190, 10.0)


# --- configuration ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("max_requests", "interval"),
    [(1, math.inf), (1, math.nan), (1, -math.inf), (1, 10**400), (1, MAX_INTERVAL + 1), (1, True), (1, "10"),
     (1, None), (0, 1.0), (-1, 1.0), (MAX_REQUESTS + 1, 1.0), (10**400, 1.0), (1.5, 1.0), (True, 1.0),
     ("100", 1.0), (math.nan, 1.0)],
)  # fmt: skip
def test_absurd_rate_limits_are_refused(max_requests: Any, interval: Any) -> None:
    with pytest.raises(ConfigurationError):
        RateLimit(max_requests, interval)
    with pytest.raises(ConfigurationError):
        RateLimit.per_interval(max_requests, interval)


def test_follow_headers_must_be_a_bool() -> None:
    with pytest.raises(ConfigurationError, match="follow_headers"):
        RateLimit(10, 1.0, follow_headers="yes")  # type: ignore[arg-type]


def test_the_limits_at_the_bounds_are_accepted_and_intervals_are_floats() -> None:
    assert RateLimit(MAX_REQUESTS, MAX_INTERVAL).interval == MAX_INTERVAL
    assert RateLimit(1, 1).interval == 1.0 and isinstance(RateLimit(1, 1).interval, float)
    assert RateLimit(1, 1e-3) == RateLimit.per_interval(1, 0.001)


# --- through the client -------------------------------------------------------------------------------------


def paced(mode: str, *replies: httpx.Response) -> tuple[Api, Clock]:
    """A client with rate_limit="auto" whose pacer reads a frozen clock, so every recorded wait is exact."""
    api = Api(mode, *replies, rate_limit="auto")
    clock = Clock()
    pacer = api.client._pacer
    assert pacer is not None
    pacer._clock = clock
    return api, clock


HOSTILE = [
    {"X-HubSpot-RateLimit-Max": "-1", "X-HubSpot-RateLimit-Remaining": "5",
     "X-HubSpot-RateLimit-Interval-Milliseconds": "10000"},
    {"X-HubSpot-RateLimit-Max": "10", "X-HubSpot-RateLimit-Remaining": "-99999999999999999999",
     "X-HubSpot-RateLimit-Interval-Milliseconds": "10000"},
    {"X-HubSpot-RateLimit-Max": "10", "X-HubSpot-RateLimit-Remaining": "0",
     "X-HubSpot-RateLimit-Interval-Milliseconds": "999999999999"},
]  # fmt: skip


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("hostile", HOSTILE, ids=["max-1", "remaining-huge-negative", "interval-31-years"])
async def test_a_paced_client_survives_hostile_headers(
    mode: str, hostile: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sleeps = record_sleeps(monkeypatch)
    api, clock = paced(mode, ok(message_json(), headers=hostile))
    for _ in range(30):
        slept = len(sleeps)
        assert (await api.call(lambda c: c.messages.get(1200, "msg-1"))).id == "msg-3f2a9c"
        clock.now += sum(sleeps[slept:])  # the pacer's frozen clock follows the recorded sleeps
    assert len(api.requests) == 30
    assert sleeps and all(0 < delay <= MAX_WAIT for delay in sleeps)  # paced, never for years


@pytest.mark.parametrize("mode", MODES)
async def test_a_429_with_an_endless_retry_after_pauses_the_client_the_longest_pause(
    mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sleeps = record_sleeps(monkeypatch)
    endless = httpx.Response(429, json={"message": "slow down"}, headers={"Retry-After": "9" * 400})
    api, _clock = paced(mode, endless, ok(message_json()))
    with pytest.raises(
        RateLimitError, match="slow down"
    ):  # far beyond max_retry_after: raised, not waited for
        await api.call(lambda c: c.messages.get(1200, "msg-1"))
    await api.call(lambda c: c.messages.get(1200, "msg-1"))
    assert sleeps == [MAX_PAUSE]  # the longest shared pause (a daily limit stops everyone), not 10**399 s


@pytest.mark.parametrize("mode", MODES)
async def test_a_call_beyond_max_wait_is_refused_before_sending(
    mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sleeps = record_sleeps(monkeypatch)
    api, _clock = paced(mode, ok(message_json()))
    pacer = api.client._pacer
    assert pacer is not None
    with pytest.raises(RateLimitBacklogError):  # other callers booked the budget MAX_WAIT ahead
        while True:
            pacer.reserve()
    with pytest.raises(RateLimitBacklogError, match="nothing was sent"):
        await api.call(lambda c: c.messages.get(1200, "msg-1"))
    assert api.requests == [] and sleeps == []
