"""--outbox: the durable status outbox on SQLite (WAL, synchronous=FULL) and on Redis (RedisOutboxStore; a
redis-server started here with AOF and appendfsync always, the durable setting, or $REDIS_URL). Enqueue
throughput (one durable write per update, and 100 updates per write) and drain throughput (sync and async drainers,
no client-side pacing, so what is measured is the outbox and the fake, not HubSpot's limit) against the fake
served on 127.0.0.1. Reported, never asserted: the figures follow the disk, the machine and its load, which is
printed with them. A drain also checks that every message ended in its status (lost updates are counted)."""

from __future__ import annotations

import asyncio
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from hubspot_channels import AsyncCustomChannelsClient, CustomChannelsClient, StatusUpdate
from hubspot_channels.outbox import AsyncOutboxDrainer, Outbox, OutboxDrainer, OutboxStore
from hubspot_channels.testing import FakeHubSpot

from ._fake import _load
from ._redis import redis_url

VISITOR = [{"deliveryIdentifier": {"type": "CHANNEL_SPECIFIC_OPAQUE_ID", "value": "visitor-1"}}]
BATCH = 100


def main(*, quick: bool = False) -> int:
    total = 300 if quick else 2000
    before = _load()
    fake = FakeHubSpot(validate_requests=False, validate_responses=False)  # measure the outbox, not the fake
    channel = fake.create_channel()
    account = fake.create_channel_account(channel["id"])
    ids = [
        fake.agent_reply(channel["id"], account["id"], f"reply {n}", recipients=VISITOR, deliver=False)["id"]
        for n in range(total)
    ]
    lost = 0
    with tempfile.TemporaryDirectory() as scratch, fake.serve() as base_url:
        print(f"outbox: {total} messages; {_baseline(base_url, fake.access_token, channel['id'], ids)}")
        sqlite_lines, sqlite_lost = _rounds(
            fake, base_url, channel["id"], ids, lambda n: Outbox(Path(scratch) / f"round-{n}.sqlite3")
        )
        print(f"SQLite (WAL, synchronous=FULL) on {tempfile.gettempdir()}:")
        print("\n".join(sqlite_lines), flush=True)
        with redis_url("--appendonly", "yes", "--appendfsync", "always") as url:
            redis_lines, redis_lost = _rounds(
                fake, base_url, channel["id"], ids, lambda n: Outbox(store=_redis_store(url, n))
            )
        print("Redis (RedisOutboxStore; AOF, appendfsync always, on 127.0.0.1):")
        print("\n".join(redis_lines))
        lost = sqlite_lost + redis_lost
    print(f"  lost updates: {lost}; load average 1/5 min: {before} at start, {_load()} at end")
    return 0 if lost == 0 else 1


def _redis_store(url: str, number: int) -> OutboxStore:
    from hubspot_channels.redis import RedisOutboxStore

    return RedisOutboxStore(url, namespace=f"bench-{uuid.uuid4().hex[:8]}", queue=f"round-{number}")


def _rounds(
    fake: FakeHubSpot, base_url: str, channel: str, ids: list[str], open_outbox: Callable[[int], Outbox]
) -> tuple[list[str], int]:
    lines: list[str] = []
    lost = 0
    # Each round: a fresh outbox, a status that differs from the last round's (so a lost update shows).
    rounds = (("SENT", "sync", 8), ("FAILED", "sync", 32), ("SENT", "async", 8), ("READ", "async", 32))
    for number, (status, mode, concurrency) in enumerate(rounds):
        with open_outbox(number) as outbox:
            if number == 0:
                lines.append(_enqueue_one_by_one(outbox, channel, ids))
            else:
                lines.append(_enqueue_batched(outbox, channel, ids, status))
            elapsed = _drain(outbox, base_url, fake.access_token, mode, concurrency)
            done = outbox.counts().done
        stored = {m["id"]: m.get("status", {}).get("statusType") for m in fake.messages}
        lost += sum(1 for m in ids if stored.get(m) != status)
        lines.append(
            f"  drain, {mode} drainer at concurrency {concurrency}: {len(ids) / elapsed:,.0f} updates/s"
            f" ({done} done in {elapsed:.2f} s)"
        )
    return lines, lost


def _baseline(base_url: str, token: str, channel: str, ids: list[str]) -> str:
    """The same updates sent directly (update_statuses, no outbox): the ceiling the fake and machine allow."""
    updates = [StatusUpdate(channel, message, "READ") for message in ids]
    with CustomChannelsClient(access_token=token, base_url=base_url) as client:
        started = time.perf_counter()
        client.messages.update_statuses(updates, concurrency=8)
        elapsed = time.perf_counter() - started
    return f"without the outbox (update_statuses, concurrency 8): {len(ids) / elapsed:,.0f} updates/s"


def _enqueue_one_by_one(outbox: Outbox, channel: str, ids: list[str]) -> str:
    started = time.perf_counter()
    for message in ids:
        outbox.enqueue(channel, message, "SENT")
    elapsed = time.perf_counter() - started
    return f"  enqueue, one durable write each: {len(ids) / elapsed:,.0f} updates/s"


def _enqueue_batched(outbox: Outbox, channel: str, ids: list[str], status: str) -> str:
    error = "Recipient unreachable" if status == "FAILED" else None
    updates = [StatusUpdate(channel, message, status, error) for message in ids]
    started = time.perf_counter()
    for start in range(0, len(updates), BATCH):
        outbox.enqueue_many(updates[start : start + BATCH])
    elapsed = time.perf_counter() - started
    return f"  enqueue_many, {BATCH} per write: {len(ids) / elapsed:,.0f} updates/s"


def _drain(outbox: Outbox, base_url: str, token: str, mode: str, concurrency: int) -> float:
    started = time.perf_counter()
    if mode == "sync":
        with CustomChannelsClient(access_token=token, base_url=base_url) as client:
            OutboxDrainer(outbox, client, concurrency=concurrency).run(until_empty=True)
    else:

        async def run() -> None:
            async with AsyncCustomChannelsClient(access_token=token, base_url=base_url) as client:
                await AsyncOutboxDrainer(outbox, client, concurrency=concurrency).run(until_empty=True)

        asyncio.run(run())
    return time.perf_counter() - started
