"""Property tests of the pacer (hypothesis, injected clock): under any sequence of responses with any header
values, reservations and clock steps, it never raises, every wait is a finite number from 0 to MAX_WAIT, the
budget it follows stays sane and its log of send times stays bounded; and as long as no wait reaches the
cap, no window holds more requests than the budget."""

from __future__ import annotations

import bisect
import contextlib
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hubspot_channels import RateLimit, RateLimitBacklogError
from hubspot_channels._pacing import (
    MARGIN_DECAY_WINDOWS,
    MARGIN_STEP,
    MAX_INTERVAL,
    MAX_MARGIN,
    MAX_PAUSE,
    MAX_REQUESTS,
    MAX_WAIT,
    NARROWING_PER_WINDOW,
    SAFETY_MARGIN,
    Pacer,
)

HEADER_NAMES = (
    "x-hubspot-ratelimit-max",
    "x-hubspot-ratelimit-remaining",
    "x-hubspot-ratelimit-interval-milliseconds",
)

numbers_as_text = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=-1000, max_value=100_000).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["-1", "0", "1", "inf", "-inf", "nan", "1e400", "9" * 400, "-" + "9" * 5000, " 10 ", "+5",
                     "٣", "1_000", "0x10", "", "\x00", "10\r\n"]),
)  # fmt: skip
header_value = st.one_of(st.none(), numbers_as_text, st.text(max_size=30))
headers = st.tuples(header_value, header_value, header_value).map(
    lambda values: {
        name: value for name, value in zip(HEADER_NAMES, values, strict=True) if value is not None
    }
)
retry_after = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.integers(-100, 10**6))
status = st.one_of(st.sampled_from([200, 201, 204, 404, 429, 503]), st.integers(100, 599))

operation = st.one_of(
    st.tuples(st.just("reserve")),
    st.tuples(st.just("advance"), st.floats(min_value=0, max_value=200)),
    st.tuples(st.just("observe"), status, headers, retry_after),
)
rate_limits = st.builds(
    RateLimit,
    max_requests=st.one_of(st.integers(1, 50), st.sampled_from([1, MAX_REQUESTS])),
    interval=st.one_of(
        st.floats(min_value=1e-3, max_value=MAX_INTERVAL), st.sampled_from([1e-300, MAX_INTERVAL])
    ),
    follow_headers=st.booleans(),
)


class Clock:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


def most_in_a_window(send_times: list[float], interval: float) -> int:
    """The most send times in any half-open window of ``interval`` seconds (a sliding count, by bisection)."""
    times = sorted(send_times)
    return max((bisect.bisect_left(times, start + interval) - i for i, start in enumerate(times)), default=0)


def check_invariants(pacer: Pacer, clock: Clock) -> None:
    maximum, window = pacer.window
    assert 1 <= maximum <= MAX_REQUESTS
    assert 0 < window <= MAX_INTERVAL
    assert len(pacer._sent) <= 2 * maximum
    assert pacer._sent == sorted(pacer._sent)
    assert pacer._paused_until <= clock.now + MAX_PAUSE
    assert SAFETY_MARGIN <= pacer._margin <= MAX_MARGIN


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(limit=rate_limits, operations=st.lists(operation, max_size=60))
def test_any_sequence_of_responses_keeps_the_pacer_sane(
    limit: RateLimit, operations: list[tuple[Any, ...]]
) -> None:
    clock = Clock()
    pacer = Pacer(limit, clock=clock)
    for op in operations:
        if op[0] == "reserve":
            logged = list(pacer._sent)
            try:
                wait = pacer.reserve()
            except RateLimitBacklogError:
                assert pacer._sent == logged  # refused: nothing claimed
            else:
                assert isinstance(wait, float) and math.isfinite(wait) and 0 <= wait <= MAX_WAIT
        elif op[0] == "advance":
            clock.now += op[1]
        else:
            pacer.observe(op[1], op[2], op[3])
        check_invariants(pacer, clock)


@settings(max_examples=100, deadline=None)
@given(
    maximum=st.integers(1, 8),
    interval=st.floats(min_value=0.01, max_value=5.0),
    operations=st.lists(st.one_of(st.none(), st.floats(min_value=0, max_value=3.0)), max_size=120),
)
def test_within_the_cap_no_window_holds_more_than_the_budget(
    maximum: int, interval: float, operations: list[float | None]
) -> None:
    clock = Clock()
    pacer = Pacer(RateLimit(maximum, interval), clock=clock)
    send_times: list[float] = []
    for step in operations:
        if step is None:
            with contextlib.suppress(RateLimitBacklogError):  # past the cap: refused, and checked on
                send_times.append(clock.now + pacer.reserve())
        else:
            clock.now += step
    assert most_in_a_window(send_times, interval) <= maximum


@settings(max_examples=100, deadline=None)
@given(remaining=st.integers(min_value=-(10**40), max_value=-1), maximum=st.integers(1, 200))
def test_a_negative_remaining_is_a_spent_window_never_more(remaining: int, maximum: int) -> None:
    clock = Clock()
    pacer = Pacer(RateLimit(maximum, 1.0), clock=clock)
    pacer.observe(200, {"x-hubspot-ratelimit-remaining": str(remaining)})
    assert len(pacer._sent) == maximum
    assert 0 < pacer.reserve() <= 1.0 * 1.02 + 1e-9


answers = st.one_of(
    st.tuples(st.just("429"), st.one_of(st.none(), st.floats(min_value=0, max_value=2.0))),
    st.tuples(st.just("200"), st.integers(min_value=-5, max_value=10)),
)


@settings(max_examples=150, deadline=None)
@given(
    maximum=st.integers(1, 8),
    interval=st.floats(min_value=0.01, max_value=5.0),
    operations=st.lists(
        st.one_of(st.none(), st.integers(1, 300), st.floats(min_value=0, max_value=3.0), answers),
        max_size=150,
    ),
)
def test_late_wake_ups_and_429s_never_put_more_than_the_budget_in_a_window(
    maximum: int, interval: float, operations: list[Any]
) -> None:
    """The clock jumps by any amount between reservations (callers that wake up late), bursts book the budget
    past MAX_WAIT, answers come back in any order with any Remaining count and 429s that widen the margin: the
    scheduled send times never hold more than max_requests in any window of the interval."""
    clock = Clock()
    pacer = Pacer(RateLimit(maximum, interval), clock=clock)
    send_times: list[float] = []
    for step in operations:
        if step is None or isinstance(step, int):  # one caller, or a burst of them at the same instant
            for _ in range(1 if step is None else step):
                with contextlib.suppress(RateLimitBacklogError):  # past the cap: refused, and checked on
                    wait = pacer.reserve()
                    assert 0 <= wait <= MAX_WAIT
                    send_times.append(clock.now + wait)
        elif isinstance(step, float):
            clock.now += step
        elif step[0] == "429":
            pacer.observe(429, {}, step[1])
        else:
            pacer.observe(200, {"x-hubspot-ratelimit-remaining": str(step[1])})
        assert SAFETY_MARGIN <= pacer._margin <= MAX_MARGIN
    assert most_in_a_window(send_times, interval) <= maximum


def test_a_pause_widens_the_margin_once_and_time_without_429_narrows_it_back() -> None:
    clock = Clock()
    pacer = Pacer(RateLimit(10, 1.0), clock=clock)
    for _ in range(5):  # a full window answers 429 to everything in flight: one pause, one step
        pacer.observe(429, {}, 0.5)
    assert pacer._margin == pytest.approx(SAFETY_MARGIN + MARGIN_STEP)
    clock.now += 1.0
    pacer.observe(429, {}, 0.5)  # a later pause: one more step
    assert pacer._margin == pytest.approx(SAFETY_MARGIN + 2 * MARGIN_STEP)
    for _ in range(100):  # answers at the same instant: no time without a 429 has passed
        pacer.observe(200, {"x-hubspot-ratelimit-remaining": "9"})
    assert pacer._margin == pytest.approx(SAFETY_MARGIN + 2 * MARGIN_STEP)
    clock.now += MARGIN_STEP / NARROWING_PER_WINDOW  # a step's worth of windows, seen by one answer
    pacer.observe(200, {"x-hubspot-ratelimit-remaining": "9"})
    assert pacer._margin == pytest.approx(SAFETY_MARGIN + MARGIN_STEP)
    clock.now += 1.0 * MARGIN_DECAY_WINDOWS
    pacer.observe(200, {"x-hubspot-ratelimit-remaining": "9"})
    assert pacer._margin == SAFETY_MARGIN  # never below the base margin


def test_a_margin_at_its_cap_is_back_after_four_windows_however_few_answers() -> None:
    clock = Clock()
    pacer = Pacer(RateLimit(100, 10.0), clock=clock)
    for _ in range(20):  # separate pauses up to the cap
        pacer.observe(429, {}, 0.0)
        clock.now += 0.001
    assert pacer._margin == pytest.approx(MAX_MARGIN)
    for _ in range(MARGIN_DECAY_WINDOWS):
        clock.now += 10.0
        pacer.observe(
            200, {"x-hubspot-ratelimit-remaining": "99"}
        )  # one answer per window: 1 % of the budget
    assert pacer._margin == pytest.approx(SAFETY_MARGIN)


def test_a_widened_margin_spaces_the_next_window_wider() -> None:
    clock = Clock()
    pacer = Pacer(RateLimit(2, 1.0), clock=clock)
    assert [pacer.reserve(), pacer.reserve()] == [0.0, 0.0]
    pacer.observe(429, {}, 0.0)
    assert pacer.reserve() == pytest.approx(1.0 * (1 + SAFETY_MARGIN + MARGIN_STEP))
