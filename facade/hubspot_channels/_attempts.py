"""The retry, pacing and deadline loop of one call, without I/O (sans-I/O): the drivers (``_async_engine`` and
the ``_sync_engine`` generated from it) send and sleep; this decides what to send, how long to sleep, and when
to return or raise. One object per call, no allocation per decision."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Generic, TypeVar

import httpx

from ._config import Settings
from ._engine import (
    Call,
    answer_error,
    finish,
    log_attempt,
    log_retry,
    may_have_been_applied,
    observe,
    request_parts,
    retry_delay,
    settled_by_retry,
    start_deadline,
    transport_error,
    within_deadline,
)
from ._exceptions import APIError
from ._pacing import Pacer
from ._transfer import Exchange

T = TypeVar("T")


class Attempts(Generic[T]):
    """The state of one call across its attempts. A driver loops::

    wait = attempts.pause()            # pacing: sleep this long first (0: send now)
    outcome = send(attempts)           # an Exchange (the answer), or the httpx.RequestError of the attempt
    if attempts.finished(outcome):     # or it raises the call's error
        return attempts.result
    sleep(attempts.delay)              # then the next attempt

    Building it raises ConfigurationError (nothing sent) when a credential is missing.
    """

    __slots__ = (
        "call",
        "deadline",
        "delay",
        "headers",
        "maybe_applied",
        "pacer",
        "params",
        "result",
        "retries_done",
        "settings",
        "started",
        "url",
    )
    result: T  # set when finished() returns True

    def __init__(
        self, call: Call[T], settings: Settings, pacer: Pacer | None, clock: Callable[[], float]
    ) -> None:
        self.call = call
        self.settings = settings
        self.pacer = pacer
        self.url, self.params, self.headers = request_parts(call, settings)
        self.deadline = start_deadline(settings, clock)
        self.retries_done = 0
        self.maybe_applied = False  # has an earlier attempt perhaps reached HubSpot?
        self.started = 0.0
        self.delay = 0.0

    def pause(self) -> float:
        """Seconds to wait for the rate limit before the next attempt; raises DeadlineExceededError when the
        wait would end past the deadline."""
        pacer = self.pacer
        if pacer is None:
            return 0.0
        if self.deadline is None:
            return pacer.reserve()
        return self.paced(pacer.reserve(within=self.time_left()))  # a slot past the deadline is not claimed

    def time_left(self) -> float | None:
        """What is left of the call's deadline (None: no deadline): a shared pacer's ``within``."""
        deadline = self.deadline
        return None if deadline is None else deadline.remaining()

    def paced(self, wait: float) -> float:
        """The wait a pacer reserved, or DeadlineExceededError when it would end past the deadline."""
        deadline = self.deadline
        if deadline is not None and wait > 0 and wait >= deadline.remaining():
            raise deadline.exceeded(self.call.request.operation)
        return wait

    def timeout(self) -> httpx.Timeout:
        """The timeout of the attempt being sent now: each network step bounded by what is left of the call."""
        self.started = time.perf_counter()
        deadline = self.deadline
        return self.settings.timeout if deadline is None else deadline.timeout(self.settings.timeout)

    def finished(self, outcome: Exchange | httpx.RequestError) -> bool:
        """True: the call is done and ``result`` is its value. False: sleep ``delay`` seconds and send again.
        Raises the call's error when it is not retried (not idempotent, out of retries or of deadline)."""
        call = self.call
        error: APIError
        cause: BaseException | None
        if isinstance(outcome, Exchange):
            response = outcome.response
            log_attempt(call, response.status_code, self.started)
            if self.pacer is not None:
                observe(self.pacer, response)
            if response.is_success and outcome.problem is None:
                self.result = finish(call, response)
                return True
            error, cause = answer_error(call, outcome), None
            if settled_by_retry(call, error, self.maybe_applied):
                self.result = call.parse(None)
                return True
            self.maybe_applied = self.maybe_applied or may_have_been_applied(error, None)
        else:
            log_attempt(call, type(outcome).__name__, self.started)
            deadline = self.deadline
            if isinstance(outcome, httpx.TimeoutException) and deadline is not None and deadline.spent():
                raise deadline.exceeded(call.request.operation) from None  # a step cut down to the deadline
            error, cause = transport_error(outcome)
            self.maybe_applied = self.maybe_applied or may_have_been_applied(error, outcome)
        delay = within_deadline(retry_delay(call, error, self.retries_done, self.settings), self.deadline)
        log_retry(call, error, delay, self.retries_done)
        if delay is None:
            raise error from cause
        self.delay = delay
        self.retries_done += 1
        return False
