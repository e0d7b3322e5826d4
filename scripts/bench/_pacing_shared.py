"""--pacing --processes N: N processes, each its own client, share one budget through RedisRateLimit against
the served FakeHubSpot enforcing 100 requests per second (HubSpot's 100 per 10 s sped up tenfold).

Pass: what pacing controls. Server 429s at most 5 % of the updates (HubSpot's bound), none surfaced to a
caller, none lost, and no window of the fake's limiter holding more than the limit. Goodput (the fake's
accepted updates as a share of what its limit allowed from its reset, the clock start, on) is judged by
the benchmark (>= 95 %, issue 16's target) but not by the test, which has no wall-clock bound. Both come
from the limiter's own accepted times and its reset (``accepted_times``), so the rebuilt windows are the
ones it counted in; the request records' times are taken before it counts, on another clock.

JITTER was 0.15 s until 2026-12-02: it widened every window to 1.17 s, which capped goodput at 85.5 % (the
89.9 % measured then included the first window's burst). The pacers now widen their margin by themselves
after a 429 (``_pacing.MARGIN_STEP``), so the benchmark runs the plain budget. The multi-process test (tests/redis/test_redis_pacing_processes.py)
runs the same at a smaller size.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import time
import uuid
from dataclasses import dataclass
from typing import Any

LIMIT, INTERVAL = 100, 1.0
# Seconds each window is widened by against sends that leave after their slot: none, the pacers' own margin
# (2 %, widened after a 429) is what is measured.
JITTER = 0.0
STATUSES = ("SENT", "READ", "FAILED")
VISITOR = [{"deliveryIdentifier": {"type": "CHANNEL_SPECIFIC_OPAQUE_ID", "value": "visitor-1"}}]
START_TIMEOUT = 300.0  # seconds for every process to be ready: spawned interpreters on a busy machine


@dataclass(frozen=True)
class Outcome:
    processes: int
    total: int
    ok: int
    surfaced_429: int
    server_429: int
    lost: int
    goodput_share: float  # of the limit, from the fake's accepted-request times
    busiest_window: int  # the most requests the fake accepted in one of its windows
    elapsed: float  # seconds, wall clock (for the report only)
    errors: list[str]


def goodput_share(requests: list[tuple[float, bool]], limit: int, interval: float, *, start: float) -> float:
    """The accepted rate as a share of ``limit`` per ``interval``, from (time, accepted) pairs on the limiter's
    clock, ``start`` being its reset (the clock start: time before the first request counts).

    The windows are the fake's own: the first opens at ``start``, the next at the first request an interval
    or more after the previous one opened. Counted: the requests accepted from ``start`` to the last window's
    opening, over that time (the last window holds only the leftovers). At most 1.0 for what the limiter
    accepted, since none of its windows accepts more than the limit and they open at least an interval
    apart."""
    opened = start
    accepted_before_last = accepted_in_last = 0
    for time_, accepted in sorted(requests):
        if accepted and time_ - opened >= interval:  # only an accepted request opens a window (see check)
            opened = time_
            accepted_before_last += accepted_in_last
            accepted_in_last = 0
        accepted_in_last += accepted
    if opened == start:
        return accepted_in_last / limit
    return accepted_before_last / (opened - start) / (limit / interval)


def busiest_window(requests: list[tuple[float, bool]], interval: float, *, start: float) -> int:
    """The most accepted requests in one of the fake's windows (the first opens at ``start``, its reset; the
    next at the first request an interval or more after the previous one opened)."""
    opened, count, most = start, 0, 0
    for time_, accepted in sorted(requests):
        if accepted and time_ - opened >= interval:
            opened, count = time_, 0
        count += accepted
        most = max(most, count)
    return most


def accepted_times(fake: Any) -> tuple[list[tuple[float, bool]], float]:
    """What the fake's limiter accepted, timed where it counted, and its reset: the inputs of goodput_share
    and busiest_window. The request records' times are taken earlier, on another clock."""
    limiter = fake._limiter
    return [(at, True) for at in limiter.accepted_at], limiter.reset_at


def passed(outcome: Outcome) -> bool:
    """What pacing controls (goodput is only reported)."""
    return (
        outcome.busiest_window <= LIMIT
        and outcome.ok == outcome.total
        and outcome.lost == 0
        and outcome.surfaced_429 == 0
        and outcome.server_429 <= 0.05 * outcome.total
    )


def worker(
    redis_url: str,
    account: str,
    base_url: str,
    token: str,
    updates: list[tuple[str, str, str]],
    start: Any,
    out: Any,
) -> None:
    """One process: its own client, paced by the shared budget; puts what its caller saw on ``out``."""
    from hubspot_channels import CustomChannelsClient, RateLimit, StatusUpdate
    from hubspot_channels.redis import RedisRateLimit

    shared = RedisRateLimit(
        redis_url, app_id=1, account_id=account, limit=RateLimit(LIMIT, INTERVAL), jitter=JITTER
    )
    batch = [StatusUpdate(channel, message, status) for channel, message, status in updates]
    with CustomChannelsClient(access_token=token, base_url=base_url, rate_limit=shared) as client:
        client.messages.get(updates[0][0], updates[0][1])  # warm: imports, first connection, Redis scripts
        out.put("ready")
        start.wait(START_TIMEOUT)
        results = client.messages.update_statuses(batch, concurrency=8)
    failed = [r for r in results if not r.ok]
    out.put(
        {
            "ok": len(results) - len(failed),
            "surfaced_429": sum(1 for r in failed if getattr(r.error, "status_code", None) == 429),
            "errors": [f"{type(r.error).__name__}: {r.error}"[:200] for r in failed[:3]],
        }
    )


def run(redis_url: str, *, processes: int, per_process: int) -> Outcome:
    from hubspot_channels.testing import FakeHubSpot

    # Unvalidated both ways: at 100 requests per second, on two cores shared with N clients, a validating
    # fake falls behind; its queue then delays requests into the next window, and that measures the fake.
    fake = FakeHubSpot(rate_limit=(LIMIT, INTERVAL), validate_requests=False, validate_responses=False)
    channel = fake.create_channel()["id"]
    account = fake.create_channel_account(channel)["id"]
    total = processes * per_process
    updates = [
        (
            channel,
            fake.agent_reply(channel, account, f"reply {n}", recipients=VISITOR, deliver=False)["id"],
            STATUSES[n % 3],
        )
        for n in range(total)
    ]
    context = multiprocessing.get_context("spawn")
    start, out = context.Barrier(processes + 1), context.Queue()
    budget = f"bench-{uuid.uuid4().hex[:8]}"  # a budget of this run's own
    with fake.serve() as base_url:
        children = [
            context.Process(
                target=worker,
                args=(redis_url, budget, base_url, fake.access_token, updates[n::processes], start, out),
            )
            for n in range(processes)
        ]
        for child in children:
            child.start()
        for _ in children:  # every child warmed up: only then start the clock and the count
            if _next(out, children) != "ready":
                raise RuntimeError("a benchmark process failed before it was ready")
        fake.reset_rate_limit()
        fake.clear_requests()
        start.wait(START_TIMEOUT)
        started = time.perf_counter()
        reports = [_next(out, children) for _ in children]
        elapsed = time.perf_counter() - started
        for child in children:
            child.join(timeout=60)
    records = fake.requests_for("update_message_status")
    accepted, reset_at = accepted_times(fake)
    stored = {m["id"]: m["status"]["statusType"] for m in fake.messages}
    return Outcome(
        processes=processes,
        total=total,
        ok=sum(r["ok"] for r in reports),
        surfaced_429=sum(r["surfaced_429"] for r in reports),
        server_429=sum(1 for r in records if r.status == 429),
        lost=sum(1 for _, message, status in updates if stored.get(message) != status),
        goodput_share=goodput_share(accepted, LIMIT, INTERVAL, start=reset_at),
        busiest_window=busiest_window(accepted, INTERVAL, start=reset_at),
        elapsed=elapsed,
        errors=[e for r in reports for e in r["errors"]][:5],
    )


def _next(out: Any, children: list[Any]) -> Any:
    """The next message of a child; raises when one died without sending it (its traceback is on stderr)."""
    give_up = time.monotonic() + START_TIMEOUT
    while time.monotonic() < give_up:
        with contextlib.suppress(queue.Empty):
            return out.get(timeout=1.0)
        if any(child.exitcode not in (None, 0) for child in children):
            raise RuntimeError("a benchmark process died: see its traceback above")
    raise RuntimeError(f"no word from the benchmark processes in {START_TIMEOUT:g} s")


def main(*, processes: int, quick: bool = False) -> int:
    from ._redis import redis_url

    total = 600 if quick else 3000
    with redis_url() as url:
        outcome = run(url, processes=processes, per_process=total // processes)
    print(f"pacing, shared over Redis: {outcome.total} status updates from {processes} processes "
          f"(concurrency 8 each), fake limit {LIMIT} per {INTERVAL:g} s")  # fmt: skip
    print(f"  goodput {outcome.goodput_share:.1%} of the limit (the fake's limiter, its windows from its reset); "
          f"elapsed {outcome.elapsed:.1f} s")  # fmt: skip
    print(f"  ok {outcome.ok}, lost {outcome.lost}, rate-limit errors surfaced {outcome.surfaced_429}, "
          f"429s answered by the server {outcome.server_429}, busiest window {outcome.busiest_window} "
          f"(limit {LIMIT})")  # fmt: skip
    for error in outcome.errors:
        print(f"  error: {error}")
    ok = passed(outcome) and outcome.goodput_share >= 0.95
    print(f"  [{'PASS' if ok else 'FAIL'}] goodput >= 95 %, busiest window <= {LIMIT}, server 429s <= 5 %, "
          "0 surfaced, 0 lost")  # fmt: skip
    return 0 if ok else 1
