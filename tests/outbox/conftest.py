"""The outbox's stores: the contract tests run against SQLite and Redis (a real redis-server), each test on
keys of its own (a fresh namespace) or a server of its own (``own_redis_server``)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from hubspot_channels.outbox import OutboxStore, SQLiteOutboxStore
from tests.support.outbox_support import ManualClock
from tests.support.redis_server import RedisServer, own_redis_server, redis_server, require_binary

__all__ = ["own_redis_server", "redis_server"]
STORES = ["sqlite", "redis"]


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture(params=STORES)
def store_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store(
    store_kind: str, tmp_path: Path, clock: ManualClock, request: pytest.FixtureRequest
) -> Iterator[OutboxStore]:
    """One empty store of each kind, on the test's clock."""
    if store_kind == "sqlite":
        opened: OutboxStore = SQLiteOutboxStore(tmp_path / "outbox.sqlite3", clock=clock)
    else:
        from hubspot_channels.redis import RedisOutboxStore

        server: RedisServer = request.getfixturevalue("redis_server")
        opened = RedisOutboxStore(server.url, namespace=f"t-{uuid.uuid4().hex[:12]}", clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def outbox_location(store_kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """Where drainer processes find the outbox: a SQLite file, or a Redis server of the test's own (URL)."""
    if store_kind == "sqlite":
        return str(tmp_path / "outbox.sqlite3")
    require_binary()
    server: RedisServer = request.getfixturevalue("own_redis_server")
    return server.url
