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
from ._engine import Call, Deadline, observation, start_deadline
from ._exceptions import AuthenticationError
from ._oauth_io import AsyncTokenSource
from ._oauth_refresh import TokenWaitExpired
from ._pacing import Pacer
from ._shared_pacing import AsyncSharedPacer
from ._tracing import CallTracer
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
        self.tracer: CallTracer | None = None  # set by hubspot_channels.otel.instrument()

    async def run(self, call: Call[T]) -> T:
        tokens = self.tokens
        if tokens is None or call.request.auth != "bearer":
            return await self._traced(Attempts(call, self.settings, self.pacer, self.clock))
        # One deadline for the whole call: getting its token, the call, and the retry after a 401.
        deadline = start_deadline(self.settings, self.clock)
        token = await self._token(tokens, call, deadline)
        try:
            return await self._traced(self._attempts(call, tokens.settings_for(token), deadline))
        except AuthenticationError:  # a 401 is never processed: one retry with a new token is safe
            renewed = await self._token(tokens, call, deadline, failed=token)
            if renewed == token:
                raise
        # A refreshed token is a second call: its own span (the first one ends with the 401).
        return await self._traced(self._attempts(call, tokens.settings_for(renewed), deadline))

    async def _token(
        self, tokens: AsyncTokenSource, call: Call[T], deadline: Deadline | None, failed: str | None = None
    ) -> str:
        if deadline is None:
            return await tokens.token(self.http, failed)
        if deadline.spent():
            raise deadline.exceeded(call.request.operation)
        try:
            return await tokens.token(self.http, failed, deadline.remaining)
        except TokenWaitExpired:
            raise deadline.exceeded(call.request.operation) from None

    def _attempts(self, call: Call[T], settings: Settings, deadline: Deadline | None) -> Attempts[T]:
        attempts = Attempts(call, settings, self.pacer, self.clock)
        attempts.deadline = deadline  # the call's, started before its token: not a fresh one
        return attempts

    async def _traced(self, attempts: Attempts[T]) -> T:
        if self.tracer is not None:  # one span around the call, every attempt inside it
            return await self.tracer.run_async(self._attempt_until_done, attempts)
        return await self._attempt_until_done(attempts)

    async def _attempt_until_done(self, attempts: Attempts[T]) -> T:
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
