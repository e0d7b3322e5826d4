"""``RedisOutboxStore``: the outbox's ``OutboxStore`` on Redis, for drainers and producers on several hosts.

Why scripts over hashes and sorted sets rather than streams with a consumer group: the contract keeps one
entry per message whose queued updates coalesce, applies the order rule against the message's latest update
at enqueue, and settles a lease only with its token. A stream holds every update (no coalescing) and its
pending-entries list has no token check; each step here is one Lua script, atomic on the server.

Keys, for ``namespace`` (default ``hubspot-channels``) and ``queue`` (default ``default``); the hash tag
``{<queue>}`` keeps them on one Redis Cluster slot::

    <namespace>:outbox:{<queue>}:ids       hash "<channel>:<message>" -> entry id
    <namespace>:outbox:{<queue>}:e:<id>    hash: the message's latest update, version, state, seq, lease
                                           (owner, token, expires), attempts, last error, sent status
    <namespace>:outbox:{<queue>}:ready     sorted set of pending ids, by queue position (seq)
    <namespace>:outbox:{<queue>}:delayed   sorted set of ids waiting out a back-off, by due time (ms)
    <namespace>:outbox:{<queue>}:leased    sorted set of in-flight ids, by lease expiry (ms)
    <namespace>:outbox:{<queue>}:dead      sorted set of dead letters, by failure time (ms)
    <namespace>:outbox:{<queue>}:tally     hash: how many are done, dropped
    <namespace>:outbox:{<queue>}:seq, :next_id   counters

Nothing expires: like the SQLite file, an entry stays (done) so that the order rule still applies to a late
report. Times are the server's (``TIME``), so every host agrees on lease expiry.

Durability: ``enqueue`` returns once Redis acknowledged the write. That survives a restart of Redis only
with AOF on (``appendonly yes``); ``appendfsync always`` makes the acknowledgement mean fsynced (the promise
of the SQLite store); with ``everysec`` (Redis's default) an OS crash or power cut may lose the last second
of acknowledged updates (a killed redis-server loses nothing). ``replicas=N`` also waits (``WAIT``) for N
replicas to acknowledge every enqueue, so that a failover loses nothing acknowledged.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Sequence
from typing import Any

import redis

from .. import _redact as redact
from .._exceptions import ConfigurationError
from .._models import MessageStatus
from ..outbox._rules import OutboxUpdate
from ..outbox._store import DeadLetter, Lease, OutboxCounts, OutboxStoreError
from . import _outbox_scripts as scripts
from ._pacing import DEFAULT_NAMESPACE, DEFAULT_SOCKET_TIMEOUT, STORE_ERRORS, key_part

logger = logging.getLogger("hubspot_channels.redis")
DEFAULT_QUEUE = "default"
_FIELDS_PER_LEASE = 7
_FIELDS_PER_DEAD = 9


class RedisOutboxStore:
    """An ``OutboxStore`` on Redis; any number of processes and hosts may share one ``queue``.

    ``connection``: a URL (``redis://host:6379/0``) or a ``redis.Redis`` you own. ``replicas``: how many
    replicas must acknowledge each enqueue (``WAIT``, ``replica_timeout`` seconds) before it returns.
    ``clock``: None for the server's clock; a function (seconds) only for tests of one process.
    Redis unreachable or failing: ``OutboxStoreError``."""

    def __init__(
        self,
        connection: str | redis.Redis,
        *,
        namespace: str = DEFAULT_NAMESPACE,
        queue: str = DEFAULT_QUEUE,
        replicas: int = 0,
        replica_timeout: float = 1.0,
        clock: Callable[[], float] | None = None,
    ) -> None:
        if isinstance(connection, str):
            self._client = redis.Redis.from_url(
                connection,
                socket_timeout=DEFAULT_SOCKET_TIMEOUT,
                socket_connect_timeout=DEFAULT_SOCKET_TIMEOUT,
            )
            self._owned = True
        elif isinstance(connection, redis.Redis):
            self._client, self._owned = connection, False
        else:
            raise ConfigurationError(
                f"connection must be a URL or a redis.Redis, got {type(connection).__name__}"
            )
        if isinstance(replicas, bool) or not isinstance(replicas, int) or replicas < 0:
            raise ConfigurationError(f"replicas must be a whole number >= 0, got {replicas!r}")
        self.replicas = replicas
        self._replica_timeout_ms = max(1, round(float(replica_timeout) * 1000))
        self.prefix = f"{key_part('namespace', namespace)}:outbox:{{{key_part('queue', queue)}}}:"
        self._clock = clock
        self._checked_persistence = False
        register = self._client.register_script
        self._enqueue = register(scripts.ENQUEUE)
        self._lease = register(scripts.LEASE)
        self._settle_script = register(scripts.SETTLE)
        self._counts = register(scripts.COUNTS)
        self._dead_list = register(scripts.DEAD_LIST)
        self._change_dead_script = register(scripts.CHANGE_DEAD)

    def __repr__(self) -> str:  # never the URL: it may carry a password
        return f"RedisOutboxStore(prefix={self.prefix!r})"

    def _run(self, script: Any, *args: object) -> Any:
        now = "" if self._clock is None else repr(self._clock() * 1000)
        try:
            return script(keys=[], args=[self.prefix, now, *args])
        except STORE_ERRORS as error:
            raise _unavailable(error) from None

    def _confirm(self) -> None:
        """After a write that must be durable: replicas, and a warning if Redis keeps nothing on disk."""
        if not self._checked_persistence:
            self._checked_persistence = True
            try:  # INFO may be refused (a managed Redis): then nothing is said, the write stands
                aof = str(self._client.info("persistence").get("aof_enabled", "1"))
            except STORE_ERRORS:
                aof = "unknown"
            if aof == "0":
                logger.warning(
                    "outbox on Redis without AOF (appendonly no): enqueued updates are lost if Redis"
                    " restarts; turn on appendonly (appendfsync always for fsync before each answer)"
                )
        try:
            if self.replicas:
                confirmed = int(self._client.wait(self.replicas, self._replica_timeout_ms))
                if confirmed < self.replicas:
                    raise OutboxStoreError(
                        f"stored on the Redis primary but confirmed by {confirmed} of {self.replicas}"
                        " replicas; enqueue again to be sure (a repeat is dropped by the order rule)"
                    )
        except STORE_ERRORS as error:
            raise _unavailable(error) from None

    # -- producers -------------------------------------------------------------------------------------

    def enqueue(self, updates: Sequence[OutboxUpdate]) -> list[bool]:
        if not updates:
            return []
        args: list[object] = []
        for update in updates:
            error = "" if update.error_message is None else "=" + update.error_message
            args += [update.channel_id, update.message_id, update.status.value, error]
        flags = _text(self._run(self._enqueue, *args))
        self._confirm()
        return [flag == "1" for flag in flags]

    # -- drainers --------------------------------------------------------------------------------------

    def lease(self, owner: str, limit: int, lease_seconds: float) -> list[Lease]:
        token = secrets.token_hex(8)
        reply = [_text(v) for v in self._run(self._lease, limit, repr(lease_seconds * 1000), owner, token)]
        expires = float(reply[0]) / 1000
        leases = []
        for at in range(1, len(reply), _FIELDS_PER_LEASE):
            row_id, channel, message, status, error, version, attempts = reply[at : at + _FIELDS_PER_LEASE]
            leases.append(
                Lease(
                    _update(channel, message, status, error),
                    f"{token}:{row_id}",
                    int(version),
                    int(attempts),
                    expires,
                )
            )
        return leases

    def _settle(
        self, lease: Lease, kind: str, detail: object = "", error: str = "", code: object = ""
    ) -> None:
        token, _, row_id = lease.token.rpartition(":")
        self._run(self._settle_script, row_id, token, kind, lease.version, detail, error, code)

    def complete(self, lease: Lease) -> None:
        self._settle(lease, "complete", lease.update.status.value)

    def retry_later(self, lease: Lease, error: str, delay: float) -> None:
        self._settle(lease, "retry", repr(delay * 1000), error)

    def release(self, lease: Lease) -> None:
        self._settle(lease, "release")

    def bury(self, lease: Lease, error: str, status_code: int | None) -> None:
        self._settle(lease, "bury", "", error, "" if status_code is None else status_code)

    # -- operators -------------------------------------------------------------------------------------

    def counts(self) -> OutboxCounts:
        pending, in_flight, expired, dead, done, dropped = (int(_text(v)) for v in self._run(self._counts))
        return OutboxCounts(pending, in_flight, expired, dead, done, dropped)

    def dead_letters(self, limit: int | None = None) -> list[DeadLetter]:
        if limit is not None and limit < 1:
            return []
        reply = [_text(v) for v in self._run(self._dead_list, -1 if limit is None else limit - 1)]
        letters = []
        for at in range(0, len(reply), _FIELDS_PER_DEAD):
            row_id, channel, message, status, error, last_error, code, attempts, failed_at = reply[
                at : at + _FIELDS_PER_DEAD
            ]
            update = _update(channel, message, status, error)
            letters.append(
                DeadLetter(
                    row_id,
                    update,
                    last_error,
                    int(code) if code else None,
                    int(attempts),
                    float(failed_at) / 1000,
                )
            )
        return letters

    def _change_dead(self, ids: Sequence[str] | None, kind: str) -> int:
        chosen: list[str] = []
        if ids is not None:
            chosen = [str(i) for i in ids if str(i).isdigit()]
            if not chosen:
                return 0
        changed = int(_text(self._run(self._change_dead_script, kind, *chosen)))
        self._confirm()
        return changed

    def retry_dead(self, ids: Sequence[str] | None = None) -> int:
        return self._change_dead(ids, "retry")

    def drop_dead(self, ids: Sequence[str] | None = None) -> int:
        return self._change_dead(ids, "drop")

    def close(self) -> None:
        if self._owned:
            self._client.close()


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _update(channel: str, message: str, status: str, error: str) -> OutboxUpdate:
    return OutboxUpdate(int(channel), message, MessageStatus(status), error[1:] if error else None)


def _unavailable(error: BaseException) -> OutboxStoreError:
    detail = redact.scrub(f"{type(error).__name__}: {error}")[:200]
    return OutboxStoreError(f"the Redis outbox store failed: {detail}")
