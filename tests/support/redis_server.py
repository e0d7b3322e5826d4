"""A real ``redis-server`` for the tests: started on a free loopback port in a temporary folder, stopped after.

``make setup`` installs Debian's redis-server when it is missing and we are root; the tests skip only when
the binary is missing and we are not root (then it cannot be installed here), and fail otherwise.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import redis

BINARY = "redis-server"
START_TIMEOUT = 20.0  # seconds for the server to answer PING: a generous bound on a busy machine


class RedisServer:
    """One redis-server process; ``stop()`` and ``start()`` again on the same port (Redis going away)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        binary = shutil.which(BINARY)
        assert binary is not None
        command = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder)]
        command += ["--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes"]
        log = (self.folder / "redis.log").open("ab")
        self._process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1.0)
        give_up = time.monotonic() + START_TIMEOUT
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if self._process.poll() is not None or time.monotonic() > give_up:
                    raise RuntimeError(
                        f"redis-server did not start: {(self.folder / 'redis.log').read_text()}"
                    )
                time.sleep(0.02)
            finally:
                client.close()

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def require_binary() -> None:
    if shutil.which(BINARY) is not None:
        return
    if os.geteuid() != 0:
        pytest.skip(
            f"{BINARY} is not installed and we are not root to install it (apt-get install redis-server)"
        )
    pytest.fail(f"{BINARY} is missing: run `make setup` (as root it installs Debian's redis-server)")


def started(folder: Path) -> Iterator[RedisServer]:
    require_binary()
    server = RedisServer(folder)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One server for the session; tests keep apart by their own keys."""
    yield from started(tmp_path_factory.mktemp("redis"))


@pytest.fixture
def own_redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A server of this test's own, which the test may stop and start."""
    yield from started(tmp_path)
