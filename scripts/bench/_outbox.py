"""--outbox: the durable status outbox on SQLite (WAL, synchronous=FULL). Enqueue throughput (one fsynced
transaction per update, and 100 updates per transaction) and drain throughput (sync and async drainers,
no client-side pacing, so what is measured is the outbox and the fake, not HubSpot's limit) against the fake
served on 127.0.0.1. Reported, never asserted: the figures follow the disk, the machine and its load, which is
printed with them. A drain also checks that every message ended in its status (lost updates are counted)."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from hubspot_channels import AsyncCustomChannelsClient, CustomChannelsClient, StatusUpdate
from hubspot_channels.outbox import AsyncOutboxDrainer, Outbox, OutboxDrainer
from hubspot_channels.testing import FakeHubSpot

from ._fake import _load

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
    lines: list[str] = []
    lost = 0
    # Each round: a fresh outbox, a status that differs from the last round's (so a lost update shows).
    rounds = (("SENT", "sync", 8), ("FAILED", "sync", 32), ("SENT", "async", 8), ("READ", "async", 32))
    with tempfile.TemporaryDirectory() as scratch, fake.serve() as base_url:
        lines.append(_baseline(base_url, fake.access_token, channel["id"], ids))
        for number, (status, mode, concurrency) in enumerate(rounds):
            with Outbox(Path(scratch) / f"round-{number}.sqlite3") as outbox:
                if number == 0:
                    lines.append(_enqueue_one_by_one(outbox, channel["id"], ids))
                else:
                    lines.append(_enqueue_batched(outbox, channel["id"], ids, status))
                elapsed = _drain(outbox, base_url, fake.access_token, mode, concurrency)
                done = outbox.counts().done
            stored = {m["id"]: m.get("status", {}).get("statusType") for m in fake.messages}
            lost += sum(1 for m in ids if stored.get(m) != status)
            lines.append(
                f"  drain, {mode} drainer at concurrency {concurrency}: {total / elapsed:,.0f} updates/s"
                f" ({done} done in {elapsed:.2f} s)"
            )
    load = f"load average 1/5 min: {before} at start, {_load()} at end"
    print(f"outbox: {total} messages, SQLite on {tempfile.gettempdir()} ({load})")
    print("\n".join(lines))
    print(f"  lost updates: {lost}")
    return 0 if lost == 0 else 1


def _baseline(base_url: str, token: str, channel: str, ids: list[str]) -> str:
    """The same updates sent directly (update_statuses, no outbox): the ceiling the fake and machine allow."""
    updates = [StatusUpdate(channel, message, "READ") for message in ids]
    with CustomChannelsClient(access_token=token, base_url=base_url) as client:
        started = time.perf_counter()
        client.messages.update_statuses(updates, concurrency=8)
        elapsed = time.perf_counter() - started
    return f"  without the outbox (update_statuses, concurrency 8): {len(ids) / elapsed:,.0f} updates/s"


def _enqueue_one_by_one(outbox: Outbox, channel: str, ids: list[str]) -> str:
    started = time.perf_counter()
    for message in ids:
        outbox.enqueue(channel, message, "SENT")
    elapsed = time.perf_counter() - started
    return f"  enqueue, one fsynced transaction each: {len(ids) / elapsed:,.0f} updates/s"


def _enqueue_batched(outbox: Outbox, channel: str, ids: list[str], status: str) -> str:
    error = "Recipient unreachable" if status == "FAILED" else None
    updates = [StatusUpdate(channel, message, status, error) for message in ids]
    started = time.perf_counter()
    for start in range(0, len(updates), BATCH):
        outbox.enqueue_many(updates[start : start + BATCH])
    elapsed = time.perf_counter() - started
    return f"  enqueue_many, {BATCH} per transaction: {len(ids) / elapsed:,.0f} updates/s"


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
