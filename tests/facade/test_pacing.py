"""The client-side rate limiter (hubspot_channels._pacing): token accounting on an injected clock, HubSpot's
headers, thread safety, configuration, and its place in the engine. No test waits on a real clock."""

from __future__ import annotations

import threading

import httpx
import pytest

from hubspot_channels import APIResponseValidationError, ConfigurationError, CustomChannelsClient, RateLimit
from hubspot_channels._pacing import SAFETY_MARGIN, Pacer, as_rate_limit


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def headers(remaining: int, maximum: int = 10, interval_ms: int = 1000) -> dict[str, str]:
    return {
        "x-hubspot-ratelimit-max": str(maximum),
        "x-hubspot-ratelimit-remaining": str(remaining),
        "x-hubspot-ratelimit-interval-milliseconds": str(interval_ms),
    }


WINDOW = 1.0 * (1 + SAFETY_MARGIN)


def test_a_full_budget_goes_out_at_once_then_waits_for_the_window() -> None:
    clock = Clock()
    pacer = Pacer(RateLimit.per_interval(3, 1.0), clock=clock)
    assert [pacer.reserve() for _ in range(3)] == [0.0, 0.0, 0.0]
    assert pacer.reserve() == pytest.approx(WINDOW)  # the 4th waits until the 1st leaves the window
    assert pacer.reserve() == pytest.approx(WINDOW)
    clock.now += WINDOW  # two of this window's three slots are already reserved
    assert pacer.reserve() == 0.0
    assert pacer.reserve() == pytest.approx(WINDOW)


def test_spread_requests_never_wait() -> None:
    clock = Clock()
    pacer = Pacer(RateLimit.per_interval(2, 1.0), clock=clock)
    for _ in range(20):
        assert pacer.reserve() == 0.0
        clock.now += 0.6


def test_no_window_holds_more_than_the_budget() -> None:
    clock = Clock()
    pacer = Pacer(RateLimit.per_interval(5, 1.0), clock=clock)
    send_times = sorted(clock.now + pacer.reserve() for _ in range(23))
    for i, start in enumerate(send_times):
        in_window = [t for t in send_times[i:] if t < start + 1.0]
        assert len(in_window) <= 5


def test_remaining_below_our_count_means_someone_else_spends_the_budget() -> None:
    clock = Clock()
    pacer = Pacer(RateLimit.per_interval(10, 1.0), clock=clock)
    assert pacer.reserve() == 0.0
    pacer.observe(200, headers(remaining=2))  # we sent 1, HubSpot counts 8: 7 are someone else's
    assert [pacer.reserve() for _ in range(2)] == [0.0, 0.0]
    assert pacer.reserve() > 0


def test_remaining_above_our_count_changes_nothing() -> None:
    clock = Clock()
    pacer = Pacer(RateLimit.per_interval(3, 1.0), clock=clock)
    pacer.reserve()
    pacer.observe(200, headers(remaining=9, maximum=10))
    assert [pacer.reserve() for _ in range(2)] == [0.0, 0.0]
    assert pacer.reserve() > 0


def test_follow_headers_adopts_the_accounts_real_limit() -> None:
    clock = Clock()
    pacer = Pacer(RateLimit.auto(), clock=clock)
    assert pacer.window == (100, 10.0)
    pacer.observe(200, headers(remaining=190, maximum=190, interval_ms=10_000))
    assert pacer.window == (190, 10.0)
    fixed = Pacer(RateLimit.per_interval(100, 10.0), clock=clock)
    fixed.observe(200, headers(remaining=190, maximum=190, interval_ms=10_000))
    assert fixed.window == (100, 10.0)


def test_a_429_pauses_every_caller_for_retry_after() -> None:
    clock = Clock()
    pacer = Pacer(RateLimit.per_interval(100, 10.0), clock=clock)
    pacer.observe(429, {}, retry_after=2.0)
    assert pacer.reserve() == pytest.approx(2.0)
    clock.now += 2.0
    assert pacer.reserve() == 0.0


def test_unreadable_or_missing_headers_are_ignored() -> None:
    pacer = Pacer(RateLimit.per_interval(2, 1.0), clock=Clock())
    pacer.observe(200, {"x-hubspot-ratelimit-remaining": "lots"})
    pacer.observe(200, {})
    assert [pacer.reserve() for _ in range(2)] == [0.0, 0.0]


def test_threads_share_one_budget_exactly() -> None:
    clock = Clock()  # frozen: every reservation beyond the budget must be pushed into a later window
    pacer = Pacer(RateLimit.per_interval(50, 1.0), clock=clock)
    waits: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(100):
            wait = pacer.reserve()
            with lock:
                waits.append(wait)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(waits) == 800
    by_window: dict[int, int] = {}
    for wait in waits:
        window = round(wait / WINDOW)
        by_window[window] = by_window.get(window, 0) + 1
    assert by_window == {n: 50 for n in range(16)}


@pytest.mark.parametrize(
    ("name", "expected"),
    [("free", (100, 10.0)), ("Starter", (100, 10.0)), ("professional", (190, 10.0)),
     ("enterprise", (190, 10.0)), ("capacity", (250, 10.0)), ("capacity-add-on", (250, 10.0))],
)  # fmt: skip
def test_tiers(name: str, expected: tuple[int, float]) -> None:
    limit = RateLimit.tier(name)
    assert (limit.max_requests, limit.interval) == expected
    assert as_rate_limit(name) == limit


def test_bad_configuration_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="unknown rate-limit tier"):
        RateLimit.tier("platinum")
    with pytest.raises(ConfigurationError):
        RateLimit.per_interval(0, 10)
    with pytest.raises(ConfigurationError):
        RateLimit.per_interval(10, 0)
    with pytest.raises(ConfigurationError):  # tests/test_pacing_headers.py refuses every other absurd budget
        RateLimit(1, float("inf"))
    with pytest.raises(ConfigurationError):
        CustomChannelsClient(access_token="t", rate_limit=100)  # type: ignore[arg-type]


def test_the_client_shares_its_pacer_with_its_clones_and_observes_every_response() -> None:
    seen: list[int] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(1)
        return httpx.Response(200, json={}, headers=headers(remaining=0, maximum=5))

    http = httpx.Client(transport=httpx.MockTransport(answer))
    client = CustomChannelsClient(access_token="t", http_client=http, rate_limit="auto")
    clone = client.with_options(max_retries=0)
    assert clone._pacer is client._pacer and client.rate_limit == RateLimit.auto()
    pacer = client._pacer
    assert pacer is not None
    pacer._clock = Clock()  # frozen: the wait below does not depend on how fast this machine runs
    with pytest.raises(
        APIResponseValidationError
    ):  # an empty body is not a message; the request was still sent and observed
        client.messages.mark_sent(1, "m")
    assert len(seen) == 1
    assert pacer.window == (5, 1.0)
    assert pacer.reserve() == pytest.approx(WINDOW)  # HubSpot said 0 remaining: wait a window


def test_no_rate_limit_means_no_pacer() -> None:
    client = CustomChannelsClient(access_token="t")
    assert client.rate_limit is None and client._engine.pacer is None
