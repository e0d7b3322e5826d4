"""Drainers (sync and async) against the served fake while their Redis outbox store goes away and comes back:
the outage is transient for them (logged, waited out), never a crash; they drain once Redis is back."""

from __future__ import annotations

import asyncio
import logging

import pytest

from hubspot_channels import StatusUpdate
from hubspot_channels.outbox import AsyncOutboxDrainer, Outbox, OutboxDrainer
from tests.support.outbox_support import (
    async_client,
    final_status,
    new_fake,
    outgoing,
    sync_client,
    wait_until,
)
from tests.support.redis_server import RedisServer

MESSAGES = 20


def unreachable_logged(caplog: pytest.LogCaptureFixture) -> bool:
    return any("store is unreachable" in r.getMessage() for r in caplog.records)


def test_a_drainer_waits_out_a_redis_outage(
    own_redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    fake = new_fake()
    channel, ids = outgoing(fake, MESSAGES)
    outbox = Outbox(own_redis_server.url)
    own_redis_server.stop()
    caplog.set_level(logging.INFO, logger="hubspot_channels.outbox")
    with fake.serve() as base_url, sync_client(fake, base_url, rate_limit=None) as client:
        drainer = OutboxDrainer(outbox, client, idle_wait=0.02).start()
        try:
            wait_until(lambda: unreachable_logged(caplog), "the outage logged")
            assert drainer.error is None
            own_redis_server.start()
            outbox.enqueue_many([StatusUpdate(channel, m, "READ") for m in ids])
            wait_until(lambda: outbox.counts().done == MESSAGES, "the outbox drained")
        finally:
            drainer.stop()
    assert drainer.error is None
    assert all(final_status(fake, m) == "READ" for m in ids)
    assert any("answers again" in r.getMessage() for r in caplog.records)
    outbox.close()


def test_an_async_drainer_waits_out_a_redis_outage(
    own_redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    fake = new_fake()
    channel, ids = outgoing(fake, MESSAGES)
    outbox = Outbox(own_redis_server.url)
    own_redis_server.stop()
    caplog.set_level(logging.INFO, logger="hubspot_channels.outbox")

    async def scenario(base_url: str) -> None:
        async with async_client(fake, base_url, rate_limit=None) as client:
            drainer = AsyncOutboxDrainer(outbox, client, idle_wait=0.02)
            task = drainer.start()
            while not unreachable_logged(caplog):
                await asyncio.sleep(0.02)
            assert not task.done()
            await asyncio.to_thread(own_redis_server.start)
            outbox.enqueue_many([StatusUpdate(channel, m, "SENT") for m in ids])
            while outbox.counts().done < MESSAGES:
                await asyncio.sleep(0.02)
            await drainer.stop()

    with fake.serve() as base_url:
        asyncio.run(scenario(base_url))
    assert all(final_status(fake, m) == "SENT" for m in ids)
    outbox.close()
