"""The sync and async pacers of a ``RedisRateLimit``: each reservation and correction is one script call on
the Redis server (``_scripts``), bounded by what is left of the call's deadline; what they share (arguments,
results, outages) is ``_pacing._Budget``."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Awaitable, Mapping
from typing import TYPE_CHECKING, Any

import redis.asyncio

import redis

from .._shared_pacing import AsyncSharedPacer, SharedPacer
from . import _scripts
from ._pacing import STORE_ERRORS, _Budget

if TYPE_CHECKING:
    from ._pacing import RedisRateLimit


class _DeadlineFirst(Exception):
    """A Redis command outlasted what was left of the call's deadline (not an outage: Redis may be fine)."""


class RedisPacer(SharedPacer, _Budget):
    """The sync client's pacer of a ``RedisRateLimit`` (thread-safe: redis-py pools its connections)."""

    def __init__(self, shared: RedisRateLimit, client: redis.Redis, *, owned: bool) -> None:
        _Budget.__init__(self, shared)
        self._client, self._owned = client, owned
        self._reserve = client.register_script(_scripts.RESERVE)
        self._observe = client.register_script(_scripts.OBSERVE)
        # redis-py has no per-command timeout: a command that must end before the call's deadline runs on
        # this pool, and the caller stops waiting for it in time (the socket timeout still ends the command).
        self._bounded: concurrent.futures.ThreadPoolExecutor | None = None
        self._bounded_lock = threading.Lock()

    def _run(self, script: Any, args: list[Any], within: float | None) -> Any:
        timeout = self.command_timeout(within)
        if timeout is None:
            return script(keys=self.keys, args=args)
        with self._bounded_lock:
            if self._bounded is None:
                self._bounded = concurrent.futures.ThreadPoolExecutor(4, "hubspot-channels-redis")
            future = self._bounded.submit(script, keys=self.keys, args=args)
        done, _ = concurrent.futures.wait([future], timeout)
        if not done:
            future.cancel()  # still queued: never run it (a reservation nobody would use)
            raise _DeadlineFirst
        return future.result()

    def reserve(self, within: float | None = None) -> float:
        if self.store_skipped():
            return self.refuse(within)
        try:
            result = self._run(self._reserve, self.reserve_args(within), within)
        except _DeadlineFirst:
            return self.out_of_time(within or 0.0)
        except STORE_ERRORS as error:
            self.failed(error)
            return self.refuse(within, error)
        self.reached()
        return self.wait(result)

    def observe(
        self,
        status_code: int,
        headers: Mapping[str, str],
        retry_after: float | None = None,
        *,
        within: float | None = None,
    ) -> None:
        self.observe_locally(status_code, headers, retry_after)
        if not self.needs_observing(status_code, headers) or self.store_skipped():
            return
        try:
            self._run(self._observe, self.observe_args(status_code, headers, retry_after), within)
        except _DeadlineFirst:
            return  # the answer is in and the deadline near: not waited for (the script may still run)
        except STORE_ERRORS as error:
            self.failed(error)  # logged; the next reserve probes Redis again or refuses
        else:
            self.reached()

    def close(self) -> None:
        if self._bounded is not None:
            self._bounded.shutdown(wait=False, cancel_futures=True)
        if self._owned:
            self._client.close()


async def _bounded(command: Awaitable[Any], within: float | None) -> Any:
    """The command's result, or _DeadlineFirst when it would end past the call's deadline (then cancelled:
    redis.asyncio drops that connection)."""
    scope = asyncio.timeout(_Budget.command_timeout(within))
    try:
        async with scope:
            return await command
    except TimeoutError:
        if scope.expired():
            raise _DeadlineFirst from None
        raise


class AsyncRedisPacer(AsyncSharedPacer, _Budget):
    """The async client's pacer of a ``RedisRateLimit``: redis.asyncio, never blocking the event loop."""

    def __init__(self, shared: RedisRateLimit, client: redis.asyncio.Redis, *, owned: bool) -> None:
        _Budget.__init__(self, shared)
        self._client, self._owned = client, owned
        self._reserve = client.register_script(_scripts.RESERVE)
        self._observe = client.register_script(_scripts.OBSERVE)

    async def reserve(self, within: float | None = None) -> float:
        if self.store_skipped():
            return self.refuse(within)
        try:
            result = await _bounded(self._reserve(keys=self.keys, args=self.reserve_args(within)), within)
        except _DeadlineFirst:
            return self.out_of_time(within or 0.0)
        except STORE_ERRORS as error:
            self.failed(error)
            return self.refuse(within, error)
        self.reached()
        return self.wait(result)

    async def observe(
        self,
        status_code: int,
        headers: Mapping[str, str],
        retry_after: float | None = None,
        *,
        within: float | None = None,
    ) -> None:
        self.observe_locally(status_code, headers, retry_after)
        if not self.needs_observing(status_code, headers) or self.store_skipped():
            return
        args = self.observe_args(status_code, headers, retry_after)
        try:
            await _bounded(self._observe(keys=self.keys, args=args), within)
        except _DeadlineFirst:
            return  # the answer is in and the deadline near: not waited for
        except STORE_ERRORS as error:
            self.failed(error)
        else:
            self.reached()

    async def aclose(self) -> None:
        if self._owned:
            await self._client.aclose()
