"""The kill test: 1,000 status updates for 400 messages, a drainer process against the served fake, killed with
SIGKILL at three seeded random points and restarted each time, while updates keep arriving. In the end every
message holds its last accepted status on the fake; none is lost, none regressed, per-message order kept
(a status may be sent again after a kill: at least once). No time bound: conditions are polled generously."""

from __future__ import annotations

import random
import signal
import threading

from hubspot_channels import MessageStatus
from hubspot_channels.outbox import Outbox, OutboxCounts, OutboxUpdate, accepts
from tests.support.outbox_support import (
    collapse,
    final_status,
    is_subsequence,
    new_fake,
    outgoing,
    sent_statuses,
    start_drainer,
    stop_drainer,
    wait_until,
)

SEED = 14
MESSAGES = 400
UPDATES = 1_000
KILLS = 3
# Seconds a killed drainer's updates wait before the next drainer takes them over: short, so the test does not
# sit out long leases. One drainer runs at a time and each send's deadline is half the lease (1 s, against a
# fake answering in 5 ms); a lease that expires under a live drainer only means a resend, which is allowed.
LEASE = "2"
ERRORS = ("no route", "blocked", "carrier timeout")


def plan(rng: random.Random, ids: list[str]) -> list[tuple[str, MessageStatus, str | None]]:
    """1,000 updates: every message gets one, the rest are spread at random; statuses at random (READ
    rarer, so that SENT/FAILED changes happen before it); per-message order is the list's order."""
    owners = ids + [rng.choice(ids) for _ in range(UPDATES - len(ids))]
    rng.shuffle(owners)
    updates = []
    for message in owners:
        status = rng.choices([MessageStatus.SENT, MessageStatus.FAILED, MessageStatus.READ], [4, 3, 2])[0]
        error = rng.choice(ERRORS) if status is MessageStatus.FAILED else None
        updates.append((message, status, error))
    return updates


def expected(channel: int, updates: list[tuple[str, MessageStatus, str | None]]) -> dict[str, list[str]]:
    """Per message, the statuses the order rule accepts, in order (the last one is where it must end)."""
    latest: dict[str, OutboxUpdate] = {}
    accepted: dict[str, list[str]] = {}
    for message, status, error in updates:
        update = OutboxUpdate(channel, message, status, error)
        if accepts(latest.get(message), update):
            latest[message] = update
            accepted.setdefault(message, []).append(status.value)
    return accepted


def test_kill_minus_nine_three_times_loses_nothing_and_regresses_nothing(outbox_location: str) -> None:
    rng = random.Random(SEED)
    fake = new_fake()
    channel, ids = outgoing(fake, MESSAGES)
    updates = plan(rng, ids)
    want = expected(channel, updates)
    db = outbox_location  # a SQLite file or a Redis URL: conftest.py runs both
    outbox = Outbox(db)
    half = UPDATES // 2
    for message, status, error in updates[:half]:
        outbox.enqueue(channel, message, status, error)

    def sends() -> int:
        return sum(len(h) for h in sent_statuses(fake).values())

    def enqueue_the_rest() -> None:  # while the drainer runs and is killed
        for message, status, error in updates[half:]:
            outbox.enqueue(channel, message, status, error)

    kill_at = sorted(rng.sample(range(20, MESSAGES - 100), KILLS))  # every message is sent at least once
    producer = threading.Thread(target=enqueue_the_rest)
    outputs: list[tuple[str, str]] = []
    at_kill: list[tuple[int, OutboxCounts]] = []
    # A few ms per answer, so that a drain takes long enough for the kills to land in the middle of it.
    fake.faults.slow("update_message_status", delay=0.005, times=None)
    with fake.serve() as base_url:
        drainer = start_drainer(base_url, db, "--lease", LEASE, "--concurrency", "8")
        producer.start()
        try:
            for threshold in kill_at:
                wait_until(lambda t=threshold: sends() >= t, f"{threshold} updates sent", every=0.01)
                drainer.send_signal(signal.SIGKILL)
                drainer.communicate(timeout=600)
                at_kill.append((sends(), outbox.counts()))
                assert drainer.returncode == -signal.SIGKILL
                drainer = start_drainer(base_url, db, "--lease", LEASE, "--concurrency", "8")
            producer.join(timeout=600)
            wait_until(lambda: not producer.is_alive(), "every update enqueued")
            wait_until(lambda: outbox.counts().outstanding == 0, "the outbox drained")
        finally:
            outputs.append(stop_drainer(drainer))
    assert drainer.returncode == 0, outputs
    counts = outbox.counts()
    assert (counts.dead, counts.outstanding, counts.done) == (0, 0, MESSAGES)
    # Every kill landed mid-drain, with updates in flight or pending.
    assert all(left.outstanding > 0 for _, left in at_kill), at_kill
    resent = sum(len(h) - len(collapse(h)) for h in sent_statuses(fake).values())
    print(
        f"kills after {[n for n, _ in at_kill]} sends; in flight then {[c.in_flight for _, c in at_kill]};"
        f" {sends()} sends in all, {resent} repeated after a kill"
    )

    history = sent_statuses(fake)
    lost = [m for m in ids if final_status(fake, m) != want[m][-1]]
    assert not lost, f"{len(lost)} messages not in their last status, e.g. {lost[:3]}"
    for message in ids:
        sent = collapse(history.get(message, []))
        # Only accepted statuses, in their order (repeats from a kill collapsed), ending in the last one.
        assert is_subsequence(sent, want[message]), (message, history.get(message), want[message])
        assert sent[-1] == want[message][-1]
        assert "READ" not in sent[:-1]  # nothing after READ: no regression
