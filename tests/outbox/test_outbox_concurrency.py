"""Two drainer processes on one SQLite file, against the served fake, while updates keep arriving: every
message ends in its latest status, and with no crash and no expired lease nothing is sent twice (the
outbox's guarantee is at least once; exactly once is what it achieves when nothing fails)."""

from __future__ import annotations

from hubspot_channels import StatusUpdate
from hubspot_channels.outbox import Outbox
from tests.support.outbox_support import (
    collapse,
    final_status,
    new_fake,
    outgoing,
    sent_statuses,
    start_drainer,
    stop_drainer,
    wait_until,
)

MESSAGES = 300


def test_two_drainer_processes_share_one_file_without_doubling(outbox_location: str) -> None:
    fake = new_fake()
    channel, ids = outgoing(fake, MESSAGES)
    db = outbox_location  # a SQLite file or a Redis URL: conftest.py runs both
    outbox = Outbox(db)
    outbox.enqueue_many([StatusUpdate(channel, m, "SENT") for m in ids])
    with fake.serve() as base_url:
        drainers = [start_drainer(base_url, db, "--lease", "600", "--concurrency", "4") for _ in range(2)]
        try:
            for message in ids:  # READ arrives while both drain: one at a time, each its own transaction
                outbox.enqueue(channel, message, "READ")
            wait_until(lambda: outbox.counts().outstanding == 0, "the outbox drained")
        finally:
            outputs = [stop_drainer(d) for d in drainers]
    assert all(d.returncode == 0 for d in drainers), outputs
    history = sent_statuses(fake)
    assert sorted(history) == sorted(ids)
    for message in ids:
        assert final_status(fake, message) == "READ"
        assert history[message] in (["READ"], ["SENT", "READ"]), history[message]
        assert collapse(history[message]) == history[message]  # nothing doubled
    # Each drainer's summary: together they sent exactly what HubSpot applied.
    sent = [int(out.split()[1].rstrip(",")) for out, _ in outputs]
    assert sum(sent) == sum(len(h) for h in history.values()), outputs
    print("sends per drainer:", sent)
    counts = outbox.counts()
    assert (counts.done, counts.dead, counts.in_flight) == (MESSAGES, 0, 0)
