"""The store contract, against each store (``store`` is parametrized in conftest.py: SQLite and Redis), with
an injected clock: leases and their expiry, tokens, coalescing, what a newer update does to an update in
flight, back-off, dead letters; then the SQLite file itself."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from hubspot_channels import ConfigurationError, MessageStatus
from hubspot_channels.outbox import Outbox, OutboxStore, OutboxUpdate, SQLiteOutboxStore
from tests.support.outbox_support import ManualClock

SENT, FAILED, READ = MessageStatus.SENT, MessageStatus.FAILED, MessageStatus.READ


def update(message: str, status: MessageStatus, error: str | None = None) -> OutboxUpdate:
    return OutboxUpdate(1001, message, status, error or ("no route" if status is FAILED else None))


def test_it_implements_the_storage_interface(store: SQLiteOutboxStore) -> None:
    assert isinstance(store, OutboxStore)


def test_leases_are_oldest_first_one_per_message_and_exclusive(store: SQLiteOutboxStore) -> None:
    store.enqueue([update("a", SENT), update("b", SENT), update("a", READ), update("c", SENT)])
    first = store.lease("one", 2, 30)
    assert [(l.update.message_id, l.update.status) for l in first] == [("a", READ), ("b", SENT)]
    second = store.lease("two", 10, 30)
    assert [l.update.message_id for l in second] == ["c"]  # a and b are held by "one"
    assert store.lease("three", 10, 30) == []
    assert store.counts().in_flight == 3


def test_a_crashed_drainers_leases_are_taken_over_after_they_expire(
    store: SQLiteOutboxStore, clock: ManualClock
) -> None:
    store.enqueue([update("a", SENT), update("b", SENT)])
    crashed = store.lease("crashed", 10, 60)  # never settled: the drainer was killed
    clock.advance(59.9)
    assert store.lease("survivor", 10, 60) == []
    assert store.counts().expired_leases == 0
    clock.advance(0.2)
    assert store.counts().expired_leases == 2
    taken = store.lease("survivor", 10, 60)
    assert [l.update.message_id for l in taken] == ["a", "b"]
    # The crashed drainer's late settlement is ignored: the survivor holds the lease now.
    store.complete(crashed[0])
    store.bury(crashed[1], "late", 404)
    assert store.counts().in_flight == 2 and store.counts().dead == 0
    for lease in taken:
        store.complete(lease)
    assert store.counts().done == 2


def test_pending_updates_of_a_message_coalesce_into_the_latest(store: SQLiteOutboxStore) -> None:
    assert store.enqueue([update("a", SENT), update("a", FAILED), update("a", SENT)]) == [True, True, True]
    leases = store.lease("d", 10, 30)
    assert [(l.update.status, l.version) for l in leases] == [(SENT, 3)]


def test_a_newer_update_during_flight_keeps_the_message_queued(store: SQLiteOutboxStore) -> None:
    store.enqueue([update("a", SENT)])
    (sending,) = store.lease("d", 10, 30)
    assert store.enqueue([update("a", READ)]) == [True]
    assert store.lease("other", 10, 30) == []  # still one lease per message
    store.complete(sending)  # HubSpot got SENT; READ is still to send
    (next_one,) = store.lease("d", 10, 30)
    assert next_one.update.status is READ
    store.complete(next_one)
    assert store.counts().done == 1 and store.counts().outstanding == 0


def test_a_late_report_after_read_is_not_stored_even_once_read_was_sent(store: SQLiteOutboxStore) -> None:
    store.enqueue([update("a", READ)])
    store.complete(store.lease("d", 1, 30)[0])
    assert store.enqueue([update("a", SENT), update("a", FAILED)]) == [False, False]
    assert store.lease("d", 10, 30) == []


def test_a_transient_failure_is_due_again_after_its_back_off(
    store: SQLiteOutboxStore, clock: ManualClock
) -> None:
    store.enqueue([update("a", SENT)])
    (lease,) = store.lease("d", 1, 30)
    store.retry_later(lease, "InternalServerError: HTTP 503", 8.0)
    assert store.counts().pending == 1
    clock.advance(7.9)
    assert store.lease("d", 1, 30) == []
    clock.advance(0.2)
    (again,) = store.lease("d", 1, 30)
    assert again.attempts == 1


def test_release_gives_an_update_back_at_once_without_counting_an_attempt(store: SQLiteOutboxStore) -> None:
    store.enqueue([update("a", SENT)])
    store.release(store.lease("d", 1, 30)[0])
    (again,) = store.lease("d", 1, 30)
    assert again.attempts == 0


def test_dead_letters_list_retry_and_drop(store: SQLiteOutboxStore, clock: ManualClock) -> None:
    store.enqueue([update("a", SENT), update("b", FAILED, "blocked"), update("c", READ)])
    for lease in store.lease("d", 10, 30):
        clock.advance(1)
        store.bury(lease, f"NotFoundError: {lease.update.message_id}", 404)
    letters = store.dead_letters()
    assert [(d.update.message_id, d.status_code) for d in letters] == [("a", 404), ("b", 404), ("c", 404)]
    assert letters[1].update.error_message == "blocked" and letters[1].attempts == 1
    assert store.dead_letters(limit=1) == letters[:1]
    assert store.retry_dead([letters[0].id, "no-such-id"]) == 1
    assert store.drop_dead([letters[1].id]) == 1
    counts = store.counts()
    assert (counts.pending, counts.dead, counts.dropped) == (1, 1, 1)
    (retried,) = store.lease("d", 10, 30)
    assert retried.update.message_id == "a" and retried.attempts == 0
    assert store.retry_dead() == 1 and store.dead_letters() == []
    # A dropped update is still the message's latest: a repeat of it or a lower status is not queued.
    assert store.enqueue([update("b", FAILED, "blocked"), update("b", READ)]) == [False, True]


def test_a_dead_letter_is_superseded_by_a_newer_update(store: SQLiteOutboxStore) -> None:
    store.enqueue([update("a", SENT)])
    store.bury(store.lease("d", 1, 30)[0], "BadRequestError: HTTP 400", 400)
    assert store.enqueue([update("a", READ)]) == [True]
    assert store.counts().dead == 0
    assert store.lease("d", 1, 30)[0].update.status is READ


def test_bury_keeps_a_message_queued_when_a_newer_update_arrived_meanwhile(store: SQLiteOutboxStore) -> None:
    store.enqueue([update("a", FAILED, "a bad text")])
    (lease,) = store.lease("d", 1, 30)
    store.enqueue([update("a", SENT)])
    store.bury(lease, "BadRequestError: HTTP 400", 400)
    assert store.counts().dead == 0
    assert store.lease("d", 1, 30)[0].update.status is SENT


def test_the_file_is_private_and_holds_no_credential(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    with Outbox(path) as box:
        box.enqueue(1001, "m-1", "FAILED", "carrier said no")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    columns = {row[1] for row in sqlite3.connect(path).execute("PRAGMA table_info(outbox)")}
    assert not {c for c in columns if "token" in c and c != "lease_token"}
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_file_that_is_not_an_outbox_is_a_configuration_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database, but long enough to have a header that SQLite reads " * 4)
    with pytest.raises(ConfigurationError, match="is not an outbox file"):
        SQLiteOutboxStore(path)
    other = tmp_path / "other.sqlite3"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE outbox_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("INSERT INTO outbox_meta VALUES ('schema', '99')")
    db.commit()
    db.close()
    with pytest.raises(ConfigurationError, match="schema 99"):
        SQLiteOutboxStore(other)


def test_what_was_stored_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    with Outbox(path) as box:
        box.enqueue(1001, "m-1", "SENT")
        box.enqueue(1001, "m-2", "READ")
    with Outbox(path) as box:
        assert box.counts().pending == 2
        assert box.enqueue(1001, "m-2", "SENT") is False
