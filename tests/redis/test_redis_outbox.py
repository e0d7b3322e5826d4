"""What only the Redis outbox store has (the shared contract runs in tests/outbox/test_outbox_store.py): the
order rule in Lua agrees with ``accepts``, leases on the server's clock, the keys as documented on one Cluster
slot, Redis down as a typed error, AOF durability across a kill -9 of redis-server, replicas not
confirming, and the CLI on a Redis URL."""

from __future__ import annotations

import json
import logging
import shutil
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from redis.crc import key_slot

import redis
from hubspot_channels import HubSpotChannelsError, MessageStatus
from hubspot_channels.cli import cli
from hubspot_channels.outbox import OutboxStoreError, OutboxUpdate, accepts
from hubspot_channels.redis import RedisOutboxStore
from tests.support.outbox_support import TOKEN, ManualClock
from tests.support.redis_server import RedisServer, require_binary

SENT, FAILED, READ = MessageStatus.SENT, MessageStatus.FAILED, MessageStatus.READ
DOCUMENTED = {"ids", "ready", "delayed", "leased", "dead", "tally", "seq", "next_id", "e"}


def fresh(server: RedisServer, **options: object) -> RedisOutboxStore:
    return RedisOutboxStore(server.url, namespace=f"t-{uuid.uuid4().hex[:12]}", **options)  # type: ignore[arg-type]


updates = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c"]),
        st.sampled_from([SENT, FAILED, READ]),
        st.sampled_from([None, "no route", "blocked"]),
        st.booleans(),  # drain everything after this update (done entries are queued again)
    ),
    max_size=25,
)


@settings(max_examples=40, deadline=None)
@given(updates)
def test_the_order_rule_in_lua_agrees_with_accepts(redis_server: RedisServer, plan: list) -> None:
    store = fresh(redis_server, clock=ManualClock())
    latest: dict[str, OutboxUpdate] = {}
    try:
        for message, status, error, drain in plan:
            update = OutboxUpdate(7, message, status, error)
            want = accepts(latest.get(message), update)
            assert store.enqueue([update]) == [want], (latest.get(message), update)
            if want:
                latest[message] = update
            if drain:
                for lease in store.lease("d", 10, 30):
                    assert lease.update == latest[lease.update.message_id]
                    store.complete(lease)
        assert store.counts().outstanding + store.counts().done == len(latest)
    finally:
        store.close()


def test_leases_expire_on_the_servers_clock(redis_server: RedisServer) -> None:
    store = fresh(redis_server)
    client = redis_server.client()
    store.enqueue([OutboxUpdate(7, "a", SENT)])
    before = client.time()
    (lease,) = store.lease("d", 1, 30)
    after = client.time()
    assert before[0] + 30 <= lease.expires <= after[0] + 31
    assert store.counts().expired_leases == 0


def test_every_key_is_documented_and_on_one_cluster_slot(redis_server: RedisServer) -> None:
    store = fresh(redis_server, clock=ManualClock())
    store.enqueue([OutboxUpdate(7, m, SENT) for m in "abcd"])
    a, b, c, d = store.lease("d", 4, 30)
    store.complete(a)
    store.retry_later(b, "InternalServerError: 503", 5)
    store.bury(c, "NotFoundError: 404", 404)
    store.bury(d, "NotFoundError: 404", 404)
    assert store.drop_dead([store.dead_letters()[0].id]) == 1
    store.enqueue([OutboxUpdate(7, "e", SENT)])
    store.lease("d", 1, 30)
    store.enqueue([OutboxUpdate(7, "f", SENT)])
    keys = [k.decode() for k in redis_server.client().scan_iter(match=store.prefix + "*")]
    assert {k.removeprefix(store.prefix).split(":")[0] for k in keys} == DOCUMENTED
    assert store.prefix.endswith(":outbox:{default}:")
    assert len({key_slot(k.encode()) for k in keys}) == 1
    assert all(TOKEN not in k for k in keys)


def test_redis_down_is_a_typed_error_and_up_again_works(own_redis_server: RedisServer) -> None:
    store = RedisOutboxStore(own_redis_server.url)
    store.enqueue([OutboxUpdate(7, "a", SENT)])
    own_redis_server.stop()
    calls = [
        lambda: store.enqueue([OutboxUpdate(7, "b", SENT)]),
        lambda: store.lease("d", 1, 30),
        store.counts,
        store.dead_letters,
        store.retry_dead,
    ]
    for call in calls:
        with pytest.raises(OutboxStoreError, match="Redis outbox store failed") as raised:
            call()
        assert isinstance(raised.value, HubSpotChannelsError)
    own_redis_server.start()  # no persistence in this server: a fresh, empty outbox
    assert store.enqueue([OutboxUpdate(7, "b", SENT)]) == [True]
    assert store.counts().pending == 1
    store.close()


def test_without_aof_the_first_enqueue_warns(
    redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    store = fresh(redis_server)
    with caplog.at_level(logging.WARNING, logger="hubspot_channels.redis"):
        store.enqueue([OutboxUpdate(7, "a", SENT)])
        store.enqueue([OutboxUpdate(7, "b", SENT)])
    warnings = [r.getMessage() for r in caplog.records if "without AOF" in r.getMessage()]
    assert len(warnings) == 1


def test_replicas_that_do_not_confirm_are_a_typed_error(redis_server: RedisServer) -> None:
    store = fresh(redis_server, replicas=1, replica_timeout=0.05)
    with pytest.raises(OutboxStoreError, match="confirmed by 0 of 1 replicas"):
        store.enqueue([OutboxUpdate(7, "a", SENT)])
    assert store.counts().pending == 1  # stored on the primary all the same: enqueue again is harmless


class AofServer(RedisServer):
    """A redis-server with AOF on and ``appendfsync always``: an acknowledged write is on disk."""

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary is not None
        command = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder)]
        command += ["--save", "", "--appendonly", "yes", "--appendfsync", "always", "--daemonize", "no"]
        self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1.0)
        for _ in range(3000):
            try:
                if client.ping():
                    break
            except (redis.ConnectionError, redis.BusyLoadingError):
                assert self._process.poll() is None, "redis-server did not start"
                time.sleep(0.02)
        client.close()

    def kill(self) -> None:
        assert self._process is not None
        self._process.send_signal(signal.SIGKILL)
        self._process.wait()
        self._process = None


def test_with_aof_always_acknowledged_updates_survive_kill_minus_nine(tmp_path: Path) -> None:
    require_binary()
    server = AofServer(tmp_path)
    server.start()
    store = RedisOutboxStore(server.url)
    try:
        store.enqueue([OutboxUpdate(7, f"m-{n}", SENT) for n in range(50)])
        store.enqueue([OutboxUpdate(7, "m-0", READ)])
        server.kill()
        server.start()  # the same folder: Redis loads its AOF
        assert store.counts().pending == 50
        (lease,) = store.lease("d", 1, 30)
        assert lease.update == OutboxUpdate(7, "m-0", READ) and lease.version == 2
    finally:
        store.close()
        server.stop()


def test_the_cli_selects_the_redis_store_by_url(
    redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HUBSPOT_OUTBOX_DB", raising=False)
    namespace = f"t-{uuid.uuid4().hex[:12]}"
    base = ["outbox", "--store", redis_server.url, "--namespace", namespace]
    runner = CliRunner()
    result = runner.invoke(cli, [*base, "enqueue", "7", "m-1", "READ"])
    assert result.exit_code == 0 and result.stdout == "queued\n", result.output
    result = runner.invoke(cli, [*base, "status", "--json"])
    assert json.loads(result.stdout)["pending"] == 1
    store = RedisOutboxStore(redis_server.url, namespace=namespace)
    assert store.counts().pending == 1  # the CLI wrote to Redis under that namespace
    store.close()
    result = runner.invoke(cli, ["outbox", "--store", "x.sqlite3", "--namespace", "n", "status"])
    assert result.exit_code == 2 and "applies to a Redis store" in result.output


def test_the_cli_on_redis_down_is_a_typed_error(own_redis_server: RedisServer) -> None:
    url = own_redis_server.url
    own_redis_server.stop()
    result = CliRunner().invoke(cli, ["outbox", "--store", url, "status"])
    assert result.exit_code != 0 and not isinstance(result.exception, OutboxStoreError | AttributeError)
    assert "Redis outbox store failed" in result.output
