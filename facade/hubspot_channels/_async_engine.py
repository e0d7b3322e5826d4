"""The driver of the call loop: it sends and sleeps where the sans-I/O core (``_attempts``) says.

``sleep`` and ``clock`` (the deadline's monotonic clock) are injectable: a test passes its own instead of
patching the standard library. The I/O that differs between sync and async is hand-written in ``_driver_io``.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import httpx

from ._attempts import Attempts
from ._config import Settings
from ._driver_io import send_async, sleep_async
from ._engine import Call
from ._pacing import Pacer

T = TypeVar("T")


class AsyncEngine:
    """pacer: the client's shared rate-limit budget, or None (then pacing costs one attribute test)."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        settings: Settings,
        pacer: Pacer | None = None,
        *,
        sleep: Callable[[float], Awaitable[None]] = sleep_async,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.http = http
        self.settings = settings
        self.pacer = pacer
        self.sleep = sleep
        self.clock = clock

    async def run(self, call: Call[T]) -> T:
        attempts = Attempts(call, self.settings, self.pacer, self.clock)
        while True:
            wait = attempts.pause()
            if wait > 0:
                await self.sleep(wait)
            if attempts.finished(await send_async(self.http, attempts)):
                return attempts.result
            await self.sleep(attempts.delay)
