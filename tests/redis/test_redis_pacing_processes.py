"""The multi-process pacing test: 4 processes, each its own client, share one RedisRateLimit against the served
fake enforcing 100 requests per second (HubSpot's 100 per 10 s sped up tenfold). It asserts what pacing
controls: no window of the fake's limiter over the limit (from its own accepted times), server 429s at most 5 % (HubSpot's bound), none surfaced to a
caller, none lost. Goodput is printed, not asserted: on a loaded CI host it measures how fast starved
processes run, not the pacing (the benchmark reports it).

The benchmark (make bench-pacing ARGS="--processes 4") runs the same code at full size: 4 x 750 updates."""

from __future__ import annotations

from hubspot_channels.testing._ratelimit import RateLimiter
from scripts.bench._pacing_shared import LIMIT, busiest_window, goodput_share, passed, run
from tests.support.redis_server import RedisServer

PER_PROCESS = 150  # 600 updates: six windows of the fake's limit


def test_four_processes_share_one_budget_without_surfacing_a_429(redis_server: RedisServer) -> None:
    outcome = run(redis_server.url, processes=4, per_process=PER_PROCESS)
    print(f"goodput {outcome.goodput_share:.1%} of the limit, server 429s {outcome.server_429}")
    assert outcome.ok == outcome.total == 4 * PER_PROCESS, outcome.errors
    assert outcome.surfaced_429 == 0 and outcome.lost == 0
    assert outcome.server_429 <= 0.05 * outcome.total, outcome  # HubSpot asks that errors stay under 5 %
    # In the limiter's own windows, from its own accepted times (not the request records' earlier ones).
    assert outcome.busiest_window <= LIMIT, outcome
    assert passed(outcome)


def test_goodput_counts_the_fake_s_own_windows() -> None:
    # 100 per 1 s, reset at 0.0: windows open at 0.0, 1.1 and 2.2; the last holds the leftovers, not counted.
    full = [(0.0 + n / 1000, True) for n in range(100)] + [(1.1 + n / 1000, True) for n in range(100)]
    assert goodput_share([*full, (2.2, True)], 100, 1.0, start=0.0) == 200 / 2.2 / 100
    assert goodput_share([*full, (1.15, False), (2.2, True)], 100, 1.0, start=0.0) == 200 / 2.2 / 100
    assert goodput_share([(0.0, True)] * 40, 100, 1.0, start=0.0) == 0.4  # one window
    # A stall before the first request counts: the first window opened at the reset, empty.
    late = [(5.0 + n / 1000, True) for n in range(100)] + [(6.0, True)]
    assert goodput_share(late, 100, 1.0, start=0.0) == 100 / 6.0 / 100


def test_the_busiest_window_counts_accepted_requests_in_the_fake_s_windows() -> None:
    full = (
        [(n / 1000, True) for n in range(100)]
        + [(0.5, False)] * 7
        + [(1.2 + n / 1000, True) for n in range(30)]
    )
    assert busiest_window(full, 1.0, start=0.0) == 100
    assert busiest_window([(0.0, True), (0.99, True), (1.0, True)], 1.0, start=0.0) == 2
    # windows start at the reset, not at the first request: 0.5 and 1.2 lie in two of the limiter's windows
    assert busiest_window([(0.5, True), (1.2, True)], 1.0, start=0.0) == 1


def test_the_limiter_records_what_it_accepted_where_it_counts() -> None:
    now = [3.0]
    limiter = RateLimiter((2, 1.0), clock=lambda: now[0])
    limiter.check(daily=False)
    limiter.reset()
    assert limiter.reset_at == 3.0 and not limiter.accepted_at
    now[0] = 3.5
    verdicts = [limiter.check(daily=False).allowed for _ in range(3)]
    assert verdicts == [True, True, False] and list(limiter.accepted_at) == [3.5, 3.5]
    records = [(at, True) for at in limiter.accepted_at]
    assert busiest_window(records, 1.0, start=limiter.reset_at) == 2


def test_the_fake_s_retry_after_scales_with_its_window() -> None:
    """HubSpot's Retry-After is whole seconds of a 10 s window; the sped-up fake's is tenths of its 1 s one,
    so a 429 pauses the test's clients as many windows as HubSpot's would, not a whole window each time."""
    now = [0.0]
    fast = RateLimiter((1, 1.0), clock=lambda: now[0])
    assert fast.check(daily=False).allowed
    now[0] = 0.62
    assert fast.check(daily=False).retry_after_header == "0.4"
    hubspot_like = RateLimiter((1, 10.0), clock=lambda: now[0])
    hubspot_like.check(daily=False)
    now[0] += 6.2
    assert hubspot_like.check(daily=False).retry_after_header == "4"
