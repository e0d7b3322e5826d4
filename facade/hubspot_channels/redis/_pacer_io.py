"""What the sync and async Redis pacers genuinely do differently, written by hand once per side; the pacers
themselves are generated (``_async_pacers.py`` is the source of ``_sync_pacers.py``, scripts/unasync.py)
and import these by name (``AsyncBoundedScripts`` -> ``BoundedScripts``...).

Both run a script under what is left of the call's deadline (``_Budget.command_timeout``) and raise
``DeadlineFirst`` when it would end later: redis-py has no per-command timeout, so the sync side runs such
a command on a small pool and stops waiting for it in time (the socket timeout still ends the command);
redis.asyncio's command is cancelled (it drops that connection).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Sequence
from typing import Any, TypeAlias

import redis.asyncio

import redis

from ._pacing import _Budget

RedisClient: TypeAlias = redis.Redis
AsyncRedisClient: TypeAlias = redis.asyncio.Redis


class DeadlineFirst(Exception):
    """A Redis command outlasted what was left of the call's deadline (not an outage: Redis may be fine)."""


class BoundedScripts:
    """Runs the sync pacer's scripts, each bounded by the call's deadline (thread-safe)."""

    def __init__(self, keys: Sequence[str]) -> None:
        self._keys = list(keys)
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def run(self, script: Any, args: list[Any], within: float | None) -> Any:
        timeout = _Budget.command_timeout(within)
        if timeout is None:
            return script(keys=self._keys, args=args)
        with self._lock:
            if self._pool is None:
                self._pool = concurrent.futures.ThreadPoolExecutor(4, "hubspot-channels-redis")
            future = self._pool.submit(script, keys=self._keys, args=args)
        done, _ = concurrent.futures.wait([future], timeout)
        if not done:
            future.cancel()  # still queued: never run it (a reservation nobody would use)
            raise DeadlineFirst
        return future.result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)


class AsyncBoundedScripts:
    """Runs the async pacer's scripts, each bounded by the call's deadline (never blocking the loop)."""

    def __init__(self, keys: Sequence[str]) -> None:
        self._keys = list(keys)

    async def run(self, script: Any, args: list[Any], within: float | None) -> Any:
        scope = asyncio.timeout(_Budget.command_timeout(within))
        try:
            async with scope:
                return await script(keys=self._keys, args=args)
        except TimeoutError:
            if scope.expired():
                raise DeadlineFirst from None
            raise

    async def aclose(self) -> None:
        """Nothing to free: a cancelled command took its connection with it."""
