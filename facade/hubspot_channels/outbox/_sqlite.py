"""The embedded outbox store: one SQLite file (stdlib sqlite3), WAL, ``synchronous=FULL``.

Why FULL: under WAL, NORMAL survives a killed process but may lose the last commits on power loss or an OS
crash; ``enqueue`` promises the update is stored when it returns, so its commit (and an operator's retry or
drop) is fsynced. A drainer's leases and settlements commit with NORMAL: losing one to a power cut only means
the update is sent again, which at-least-once allows, and the next FULL commit fsyncs them too (one WAL, in
order). That spares an fsync per sent update.
Writers take the write lock up front (BEGIN IMMEDIATE), so a lease or an enqueue is one atomic step also
across processes sharing the file; ``busy_timeout`` makes them wait for each other instead of failing, for
``BUSY_TIMEOUT`` seconds at most: drainers hold the lock for milliseconds, so a longer wait means another
process holds the file (a backup tool, an open ``sqlite3`` shell), and that is an ``OutboxStoreError``
("locked by another process"), not an endless hang.
Every ``sqlite3`` failure (disk full, a damaged file, the lock) is an ``OutboxStoreError`` naming the file
and the cause; a file that is not SQLite at all is a ``ConfigurationError``.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from .._exceptions import ConfigurationError, HubSpotChannelsError
from .._models import MessageStatus
from ._rules import OutboxUpdate, accepts
from ._store import DeadLetter, Lease, OutboxCounts, OutboxStoreError

SCHEMA_VERSION = "1"
BUSY_TIMEOUT = 10.0  # seconds: drainers hold the write lock for milliseconds; a busy host stretches that
_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY,
    channel_id INTEGER NOT NULL,
    message_id TEXT NOT NULL,
    status TEXT NOT NULL,
    error_message TEXT,
    version INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'in_flight', 'done', 'dead', 'dropped')),
    seq INTEGER NOT NULL,
    due REAL NOT NULL DEFAULT 0,
    lease_owner TEXT,
    lease_token TEXT,
    lease_expires REAL,
    leased_version INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    last_status_code INTEGER,
    sent_status TEXT,
    updated_at REAL NOT NULL,
    UNIQUE (channel_id, message_id)
);
CREATE INDEX IF NOT EXISTS outbox_queue ON outbox (state, seq);
CREATE TABLE IF NOT EXISTS outbox_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO outbox_meta VALUES ('schema', '1'), ('next_seq', '1');
"""
_LEASED_COLUMNS = "id, channel_id, message_id, status, error_message, version, attempts, lease_token"


class SQLiteOutboxStore:
    """An ``OutboxStore`` in one SQLite file; any number of threads and processes may open the same file.
    ``clock`` (seconds, wall clock by default: leases are compared across processes) is injectable."""

    def __init__(self, path: str | os.PathLike[str], *, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self._clock = clock
        if not self.path.exists():  # status reports are the integration's data: not world-readable
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        self._lock = threading.Lock()  # one connection, used by one thread at a time
        try:
            self._db = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT
            )
        except sqlite3.Error as error:
            raise storage_error(self.path, error) from None
        try:
            self._db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = FULL")
            self._durable = True
            with self._write() as db:  # not executescript: it would commit the open transaction first
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    db.execute(statement)
                version = db.execute("SELECT value FROM outbox_meta WHERE key = 'schema'").fetchone()[0]
        except sqlite3.Error as error:
            self._db.close()
            raise storage_error(self.path, error) from None
        except HubSpotChannelsError:
            self._db.close()
            raise
        if version != SCHEMA_VERSION:
            self._db.close()
            raise ConfigurationError(
                f"{self.path} has outbox schema {version}; this version reads {SCHEMA_VERSION}"
            )

    def __repr__(self) -> str:
        return f"SQLiteOutboxStore({str(self.path)!r})"

    @contextmanager
    def _write(self, *, durable: bool = True) -> Iterator[sqlite3.Connection]:
        with self._lock, self._typed_errors():
            if durable is not self._durable:  # a per-connection setting, cheap to switch between transactions
                self._db.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")
                self._durable = durable
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                if self._db.in_transaction:  # SQLite may have rolled back itself (e.g. disk full)
                    self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._typed_errors():
            yield self._db

    @contextmanager
    def _typed_errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            raise storage_error(self.path, error) from None

    # -- producers -------------------------------------------------------------------------------------

    def enqueue(self, updates: Sequence[OutboxUpdate]) -> list[bool]:
        now = self._clock()
        accepted: list[bool] = []
        with self._write() as db:
            seq = int(db.execute("SELECT value FROM outbox_meta WHERE key = 'next_seq'").fetchone()[0])
            for update in updates:
                row = db.execute(
                    "SELECT id, status, error_message, state FROM outbox WHERE channel_id = ? AND message_id = ?",
                    (update.channel_id, update.message_id),
                ).fetchone()
                latest = (
                    None if row is None else _update(update.channel_id, update.message_id, row[1], row[2])
                )
                if not accepts(latest, update):
                    accepted.append(False)
                    continue
                accepted.append(True)
                values = (update.status.value, update.error_message)
                if row is None:
                    db.execute(
                        "INSERT INTO outbox (channel_id, message_id, status, error_message, version, state, seq,"
                        " updated_at) VALUES (?, ?, ?, ?, 1, 'pending', ?, ?)",
                        (update.channel_id, update.message_id, *values, seq, now),
                    )
                    seq += 1
                elif row[3] in ("pending", "in_flight"):  # coalesced: the queued update becomes this one
                    db.execute(
                        "UPDATE outbox SET status = ?, error_message = ?, version = version + 1, updated_at = ?"
                        " WHERE id = ?",
                        (*values, now, row[0]),
                    )
                else:  # done, dead or dropped: queued again, at the back
                    db.execute(
                        "UPDATE outbox SET status = ?, error_message = ?, version = version + 1,"
                        " state = 'pending', seq = ?, due = 0, attempts = 0, last_error = NULL,"
                        " last_status_code = NULL, updated_at = ? WHERE id = ?",
                        (*values, seq, now, row[0]),
                    )
                    seq += 1
            db.execute("UPDATE outbox_meta SET value = ? WHERE key = 'next_seq'", (str(seq),))
        return accepted

    # -- drainers --------------------------------------------------------------------------------------

    def lease(self, owner: str, limit: int, lease_seconds: float) -> list[Lease]:
        now = self._clock()
        expires = now + lease_seconds
        token = secrets.token_hex(8)
        with self._write(durable=False) as db:
            ids = [
                row[0]
                for row in db.execute(
                    "SELECT id FROM outbox WHERE state = 'in_flight' AND lease_expires <= ? ORDER BY seq, id LIMIT ?",
                    (now, limit),
                )
            ]
            if len(ids) < limit:
                ids += [
                    row[0]
                    for row in db.execute(
                        "SELECT id FROM outbox WHERE state = 'pending' AND due <= ? ORDER BY seq, id LIMIT ?",
                        (now, limit - len(ids)),
                    )
                ]
            if not ids:
                return []
            marks = ",".join("?" * len(ids))
            rows = db.execute(
                "UPDATE outbox SET state = 'in_flight', lease_owner = ?, lease_token = ?, lease_expires = ?,"
                f" leased_version = version, updated_at = ? WHERE id IN ({marks}) RETURNING {_LEASED_COLUMNS}",
                (owner, token, expires, now, *ids),
            ).fetchall()
        rows.sort(key=lambda row: ids.index(row[0]))
        return [
            Lease(_update(row[1], row[2], row[3], row[4]), f"{row[7]}:{row[0]}", row[5], row[6], expires)
            for row in rows
        ]

    def _settle(self, lease: Lease, assignments: str, values: tuple[object, ...]) -> None:
        token, _, row_id = lease.token.rpartition(":")
        now = self._clock()
        with self._write(durable=False) as db:
            db.execute(
                f"UPDATE outbox SET {assignments}, lease_owner = NULL, lease_token = NULL, lease_expires = NULL,"
                " leased_version = NULL, updated_at = ? WHERE id = ? AND lease_token = ? AND state = 'in_flight'",
                (*values, now, int(row_id), token),
            )

    def complete(self, lease: Lease) -> None:
        self._settle(
            lease,
            "sent_status = ?, state = CASE WHEN version = ? THEN 'done' ELSE 'pending' END, attempts = 0,"
            " due = 0, last_error = NULL, last_status_code = NULL",
            (lease.update.status.value, lease.version),
        )

    def retry_later(self, lease: Lease, error: str, delay: float) -> None:
        self._settle(
            lease,
            "state = 'pending', attempts = attempts + 1, due = ?, last_error = ?",
            (self._clock() + delay, error),
        )

    def release(self, lease: Lease) -> None:
        self._settle(lease, "state = 'pending', due = 0", ())

    def bury(self, lease: Lease, error: str, status_code: int | None) -> None:
        self._settle(
            lease,
            "state = CASE WHEN version = ? THEN 'dead' ELSE 'pending' END, attempts = attempts + 1, due = 0,"
            " last_error = ?, last_status_code = ?",
            (lease.version, error, status_code),
        )

    # -- operators -------------------------------------------------------------------------------------

    def counts(self) -> OutboxCounts:
        now = self._clock()
        with self._read() as db:
            rows = db.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state").fetchall()
            expired = db.execute(
                "SELECT COUNT(*) FROM outbox WHERE state = 'in_flight' AND lease_expires <= ?", (now,)
            ).fetchone()[0]
        by_state = dict(rows)
        return OutboxCounts(
            pending=by_state.get("pending", 0),
            in_flight=by_state.get("in_flight", 0),
            expired_leases=expired,
            dead=by_state.get("dead", 0),
            done=by_state.get("done", 0),
            dropped=by_state.get("dropped", 0),
        )

    def dead_letters(self, limit: int | None = None) -> list[DeadLetter]:
        with self._read() as db:
            rows = db.execute(
                "SELECT id, channel_id, message_id, status, error_message, last_error, last_status_code,"
                " attempts, updated_at FROM outbox WHERE state = 'dead' ORDER BY updated_at, id LIMIT ?",
                (-1 if limit is None else limit,),
            ).fetchall()
        return [
            DeadLetter(
                str(row[0]), _update(row[1], row[2], row[3], row[4]), row[5] or "", row[6], row[7], row[8]
            )
            for row in rows
        ]

    def _change_dead(self, ids: Sequence[str] | None, *, retry: bool) -> int:
        where = "state = 'dead'"
        values: tuple[int, ...] = ()
        if ids is not None:
            numbers = tuple(int(i) for i in ids if str(i).isdigit())
            if not numbers:
                return 0
            where += f" AND id IN ({','.join('?' * len(numbers))})"
            values = numbers
        with self._write() as db:
            if not retry:
                return int(db.execute(f"UPDATE outbox SET state = 'dropped' WHERE {where}", values).rowcount)
            # One seq for all: to the back of the queue together, in id order among themselves.
            seq = int(db.execute("SELECT value FROM outbox_meta WHERE key = 'next_seq'").fetchone()[0])
            changed = db.execute(
                "UPDATE outbox SET state = 'pending', seq = ?, due = 0, attempts = 0, last_error = NULL,"
                f" last_status_code = NULL, updated_at = ? WHERE {where}",
                (seq, self._clock(), *values),
            ).rowcount
            db.execute("UPDATE outbox_meta SET value = ? WHERE key = 'next_seq'", (str(seq + 1),))
        return int(changed)

    def retry_dead(self, ids: Sequence[str] | None = None) -> int:
        return self._change_dead(ids, retry=True)

    def drop_dead(self, ids: Sequence[str] | None = None) -> int:
        return self._change_dead(ids, retry=False)

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _update(channel_id: int, message_id: str, status: str, error_message: str | None) -> OutboxUpdate:
    return OutboxUpdate(int(channel_id), message_id, MessageStatus(status), error_message)


def _error_name(error: sqlite3.Error) -> str:
    return str(getattr(error, "sqlite_errorname", "") or "")


def storage_error(path: Path, error: sqlite3.Error) -> HubSpotChannelsError:
    """The ``sqlite3`` failure as an ``OutboxStoreError`` that says what happened to which file; a file that
    is not SQLite at all is a ``ConfigurationError`` (the location is wrong, waiting will not help)."""
    name, text = _error_name(error), str(error)
    if name == "SQLITE_NOTADB":
        return ConfigurationError(f"{path} is not an outbox file ({text})")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        cause = (
            f"is locked by another process (waited {BUSY_TIMEOUT:g} s); the file is not damaged:"
            " try again once that process lets go"
        )
    elif name.startswith("SQLITE_FULL") or "disk is full" in text:
        cause = f"cannot grow: the disk is full ({text})"
    elif name.startswith("SQLITE_IOERR") or "disk I/O error" in text:
        cause = f"cannot be written: disk full, or a disk or file-size limit ({text})"
    elif name.startswith("SQLITE_CORRUPT") or "malformed" in text:
        cause = f"is damaged ({text}): restore it from a backup, or move it away to start a new outbox"
    elif name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")):
        cause = f"cannot be opened for writing ({text})"
    else:
        cause = f"failed ({type(error).__name__}: {text})"
    return OutboxStoreError(f"the outbox file {path} {cause}")
