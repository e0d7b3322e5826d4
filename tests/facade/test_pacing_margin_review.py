"""Review of the widening pacer margin (local Pacer) and of the pacing benchmarks' goodput. Clocks are injected or the values the pacers return are read: no wall-clock bound."""

from __future__ import annotations

import bisect

import pytest

from hubspot_channels import RateLimit, RateLimitBacklogError
from hubspot_channels._pacing import (
    MARGIN_DECAY_WINDOWS,
    MAX_MARGIN,
    MAX_WAIT,
    SAFETY_MARGIN,
    Pacer,
)
from hubspot_channels.testing._ratelimit import RateLimiter
from scripts.bench._pacing_shared import busiest_window, goodput_share


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def most_in_a_window(send_times: list[float], interval: float) -> int:
    """The most send times in any half-open window of ``interval`` seconds (a sliding count)."""
    times = sorted(send_times)
    return max(
        (sum(1 for t in times[i:] if t < start + interval) for i, start in enumerate(times)), default=0
    )


def widen_to_the_cap(pacer: Pacer, clock: Clock) -> None:
    """Separate 429 pauses (one step each) until the margin sits at MAX_MARGIN."""
    while pacer._margin < MAX_MARGIN - 1e-12:
        pacer.observe(429, {}, 0.0)
        clock.now += 0.001


# -- local Pacer ----------------------------------------------------------------------------------------


def test_the_margin_is_back_to_the_safety_margin_after_four_windows_without_a_429() -> None:
    clock = Clock()
    pacer = Pacer(RateLimit(10, 1.0), clock=clock)
    widen_to_the_cap(pacer, clock)
    for _ in range(MARGIN_DECAY_WINDOWS):
        clock.now += 1.0
        for _ in range(10):  # a full window of answers, none a 429
            pacer.observe(200, {"x-hubspot-ratelimit-remaining": "5"})
    assert pacer._margin == pytest.approx(SAFETY_MARGIN)


def test_many_tasks_never_put_more_than_the_budget_in_a_window() -> None:
    """F4: what cannot be scheduled within MAX_WAIT is refused (RateLimitBacklogError, nothing claimed), not
    piled into the window at now + MAX_WAIT; the refused reservations leave the log as it was."""
    clock = Clock()
    pacer = Pacer(RateLimit(190, 10.0), clock=clock)
    send_times, refused = [], 0
    for _ in range(3000):  # e.g. asyncio.gather over 3000 calls
        try:
            send_times.append(pacer.reserve())
        except RateLimitBacklogError:
            refused += 1
    assert max(send_times) <= MAX_WAIT
    assert refused and len(send_times) + refused == 3000
    assert len(send_times) <= 190 * (MAX_WAIT // 10.0 + 1)  # about a dozen windows' worth were booked
    times = sorted(send_times)  # a sliding count over the sorted times, by bisection (3000 entries)
    most = max(bisect.bisect_left(times, start + 10.0) - i for i, start in enumerate(times))
    assert most <= 190, most
    clock.now += MAX_WAIT  # the backlog drains: the next reservation is scheduled again
    assert 0.0 <= pacer.reserve() <= MAX_WAIT


def test_a_margin_at_its_cap_still_paces_every_window() -> None:
    """Missing from the suite (F5): no test drives the margin to MAX_MARGIN and then checks the budget. A
    mutant that stops pacing once the margin is at its cap passes every test in tests/facade; this one
    catches it."""
    clock = Clock()
    pacer = Pacer(RateLimit(5, 1.0), clock=clock)
    widen_to_the_cap(pacer, clock)
    clock.now += 2.0  # the pause is long over
    send_times = []
    for step in range(60):
        send_times.append(clock.now + pacer.reserve())
        if step % 7 == 0:
            pacer.observe(429, {}, 0.0)  # keeps it at the cap
        clock.now += 0.05
    assert pacer._margin == pytest.approx(MAX_MARGIN)
    assert most_in_a_window(send_times, 1.0) <= 5
    assert most_in_a_window(send_times, 1.0 * (1 + MAX_MARGIN) - 1e-9) <= 5  # and the widened window holds


# -- the benchmarks' goodput ------------------------------------------------------------------------------


def test_goodput_never_exceeds_the_limit_for_requests_the_fake_accepted() -> None:
    clock = Clock()
    limiter = RateLimiter((100, 1.0), clock=clock)  # reset_rate_limit() at 0.0, as the benchmarks do
    records: list[tuple[float, bool]] = []
    for at, count in ((0.999, 100), (1.001, 100), (2.001, 1)):  # the clock start and the first request differ
        clock.now = at
        records += [(at, limiter.check(daily=False).allowed) for _ in range(count)]
    assert all(accepted for _, accepted in records)  # the fake accepted all of it, 100 per own window
    # the windows open where the fake's do: at its reset time (0.0), not at the first request
    assert busiest_window(records, 1.0, start=0.0) <= 100
    assert goodput_share(records, 100, 1.0, start=0.0) <= 1.0  # the module's docstring: "At most 1.0"


def test_a_backlog_is_refused_whatever_is_left_of_the_deadline() -> None:
    """Past MAX_WAIT the answer is RateLimitBacklogError even with a deadline just above it: a wait capped
    at MAX_WAIT but below the deadline would have been slept and then sent without a slot."""
    clock = Clock()
    pacer = Pacer(RateLimit(10, 1.0), clock=clock)
    with pytest.raises(RateLimitBacklogError):
        while True:
            pacer.reserve()
    logged = list(pacer._sent)
    for within in (0.5, MAX_WAIT - 1, MAX_WAIT + 0.5, MAX_WAIT + 100):
        with pytest.raises(RateLimitBacklogError):
            pacer.reserve(within=within)
    assert pacer._sent == logged
