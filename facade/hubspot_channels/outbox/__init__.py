"""A durable outbox of delivery statuses: report SENT / FAILED / READ now, have them sent to HubSpot later,
even across a HubSpot outage or a killed process.

    from hubspot_channels import CustomChannelsClient
    from hubspot_channels.outbox import Outbox, OutboxDrainer

    outbox = Outbox("statuses.sqlite3")                       # one SQLite file, WAL, fsync on commit
    outbox.enqueue(channel_id, message_id, "SENT")           # returns once stored
    outbox.enqueue(channel_id, message_id, "FAILED", "Recipient blocked the number")

    with CustomChannelsClient(rate_limit="professional") as client, OutboxDrainer(outbox, client):
        ...                                                   # a background thread sends them

(``AsyncOutboxDrainer`` with an ``AsyncCustomChannelsClient`` for asyncio; ``hubspot-channels outbox run``
from the shell.) The drainer sends through the client, so it is paced by the client's ``rate_limit`` and
retried like any call; what still fails after those retries is settled here:

- 429, 5xx, timeouts, connection errors: tried again later (1 s, 2 s, 4 s ... at most 5 min apart), forever;
- any other 4xx (400, 403, 404, 409, 422 ...): a dead letter, kept until an operator retries or drops it;
- a missing or rejected credential (ConfigurationError, 401): the drainer stops, the update stays pending.

The order rule (``accepts``; HubSpot documents no state machine for a status, so it is decided from what the
statuses mean): READ is terminal, nothing after it is sent; before READ the latest report wins, SENT after
FAILED (a retried delivery) as well as FAILED after SENT; a repeat of the latest report is dropped. Ranks:
SENT = FAILED < READ. Only the latest accepted update of a message is kept: queued updates of one message
coalesce into the latest, and a message has at most one update in flight, so per-message order holds.

The guarantee: at least once. Every accepted update, or a later one of the same message, reaches HubSpot
(unless it becomes a dead letter); one may be sent twice (a drainer killed after HubSpot applied it but
before it was marked done, or a lease that expired), which is harmless: setting a status is idempotent.
A lease outlives its send (each send runs under a deadline of half the lease), so a taken-over message is
never overwritten by its older status.

The storage interface, ``OutboxStore`` (``SQLiteOutboxStore`` is the embedded one;
``hubspot_channels.redis.RedisOutboxStore`` the one for several hosts, chosen by ``Outbox("redis://...")``
or ``open_store``). Its contract:

- One entry per message (channel id, message id): its latest accepted update, a version that grows with
  every accepted update, a state (pending, in flight, done, dead, dropped) and a queue position.
- ``enqueue(updates) -> list[bool]``: for each update, atomically with the write, ``accepts(latest, update)``
  against the message's latest accepted update (dead and dropped ones included); accepted: stored as the
  latest, version + 1; a done, dead or dropped entry becomes pending at the back of the queue; a pending or
  in-flight one keeps its place. Durable (fsynced, or replicated) when it returns.
- ``lease(owner, limit, lease_seconds) -> list[Lease]``: atomically takes up to ``limit`` entries, expired
  leases first, then pending ones that are due, oldest queue position first; marks them in flight until
  now + lease_seconds with a fresh token; never two live leases on one entry.
- ``complete`` / ``retry_later(delay)`` / ``release`` / ``bury(error, status_code)`` settle a lease and do
  nothing unless the entry still holds that lease's token (a drainer whose lease expired cannot undo the
  work of the one that took over). ``complete`` and ``bury`` leave the entry pending instead of done or dead
  when its version moved on since the lease (a newer update arrived meanwhile).
- ``counts()``, ``dead_letters(limit)``, ``retry_dead(ids)``, ``drop_dead(ids)`` (None: all), ``close()``.
- Every method blocks and is thread-safe; the async drainer calls them in a worker thread. The store's clock
  decides lease expiry: a store shared by hosts needs one clock (Redis: the server's ``TIME``).
- A store that cannot be reached raises ``OutboxStoreError``; the drainers wait and try again.
- A store keeps no credential: only ids, statuses, error messages and the errors HubSpot answered.
"""

from __future__ import annotations

from ._drain import OutboxDrainer
from ._drain_async import AsyncOutboxDrainer
from ._open import open_store
from ._outbox import Outbox
from ._rules import MAX_BACKOFF, OutboxUpdate, accepts, is_permanent
from ._settle import DEFAULT_CONCURRENCY, DEFAULT_IDLE_WAIT, DEFAULT_LEASE_SECONDS, DrainStats
from ._sqlite import SQLiteOutboxStore
from ._store import DeadLetter, Lease, OutboxCounts, OutboxStore, OutboxStoreError

__all__ = [
    "DEFAULT_CONCURRENCY",
    "DEFAULT_IDLE_WAIT",
    "DEFAULT_LEASE_SECONDS",
    "MAX_BACKOFF",
    "AsyncOutboxDrainer",
    "DeadLetter",
    "DrainStats",
    "Lease",
    "Outbox",
    "OutboxCounts",
    "OutboxDrainer",
    "OutboxStore",
    "OutboxStoreError",
    "OutboxUpdate",
    "SQLiteOutboxStore",
    "accepts",
    "is_permanent",
    "open_store",
]
