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
from ._engine import Call, observation
from ._exceptions import AuthenticationError
from ._oauth_io import AsyncTokenSource
from ._pacing import Pacer
from ._shared_pacing import AsyncSharedPacer
from ._transfer import Exchange

T = TypeVar("T")


class AsyncEngine:
    """pacer: the client's rate-limit budget, or None (then pacing costs one attribute test); shared: a budget
    kept outside the process (``SharedRateLimit``), reserved and corrected through its own I/O."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        settings: Settings,
        pacer: Pacer | None = None,
        *,
        shared: AsyncSharedPacer | None = None,
        sleep: Callable[[float], Awaitable[None]] = sleep_async,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.http = http
        self.settings = settings
        self.pacer = pacer
        self.shared = shared
        self.sleep = sleep
        self.clock = clock
        self.tokens = AsyncTokenSource.of(settings)  # None: a static token (or none) in the settings

    async def run(self, call: Call[T]) -> T:
        tokens = self.tokens
        if tokens is None or call.request.auth != "bearer":
            return await self._attempts(call, self.settings)
        token = await tokens.token(self.http)
        try:
            return await self._attempts(call, tokens.settings_for(token))
        except AuthenticationError:  # a 401 is never processed: one retry with a new token is safe
            renewed = await tokens.token(self.http, failed=token)
            if renewed == token:
                raise
        return await self._attempts(call, tokens.settings_for(renewed))

    async def _attempts(self, call: Call[T], settings: Settings) -> T:
        attempts = Attempts(call, settings, self.pacer, self.clock)
        shared = self.shared
        while True:
            if shared is None:
                wait = attempts.pause()
            else:
                wait = attempts.paced(await shared.reserve(attempts.time_left()))
            if wait > 0:
                await self.sleep(wait)
            outcome = await send_async(self.http, attempts)
            if shared is not None and isinstance(outcome, Exchange):
                await shared.observe(*observation(outcome.response), within=attempts.time_left())
            if attempts.finished(outcome):
                return attempts.result
            await self.sleep(attempts.delay)
