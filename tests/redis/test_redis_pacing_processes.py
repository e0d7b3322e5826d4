"""The multi-process pacing test: 4 processes, each its own client, share one RedisRateLimit against the served
fake enforcing 100 requests per second (HubSpot's 100 per 10 s sped up tenfold). No rate-limit error reaches a
caller, no update is lost, and the goodput is at least 90 % of the limit, measured on the fake's own
accepted-request times (a ratio of the limit, not a bound on how long the test takes).

The benchmark (make bench-pacing ARGS="--processes 4") runs the same code at full size: 4 x 750 updates."""

from __future__ import annotations

from scripts.bench._pacing_shared import goodput_share, run
from tests.support.redis_server import RedisServer

PER_PROCESS = 150  # 600 updates: six windows of the fake's limit


def test_four_processes_share_one_budget_without_surfacing_a_429(redis_server: RedisServer) -> None:
    outcome = run(redis_server.url, processes=4, per_process=PER_PROCESS)
    assert outcome.ok == outcome.total == 4 * PER_PROCESS, outcome.errors
    assert outcome.surfaced_429 == 0 and outcome.lost == 0
    assert outcome.server_429 <= 0.05 * outcome.total  # HubSpot asks that errors stay under 5 %
    assert outcome.goodput_share >= 0.90, outcome


def test_goodput_counts_the_fake_s_own_windows() -> None:
    # 100 per 1 s: windows open at 0.0, 1.1 and 2.2; the last holds the leftovers and is not counted.
    full = [(0.0 + n / 1000, True) for n in range(100)] + [(1.1 + n / 1000, True) for n in range(100)]
    assert goodput_share([*full, (2.2, True)], 100, 1.0) == 200 / 2.2 / 100
    assert goodput_share([*full, (1.15, False), (2.2, True)], 100, 1.0) == 200 / 2.2 / 100
    assert goodput_share([(0.0, True)] * 40, 100, 1.0) == 0.4  # one window
