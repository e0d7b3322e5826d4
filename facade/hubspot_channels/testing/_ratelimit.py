"""HubSpot's rate-limit headers, and an optional scaled-down limit that answers 429."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

# HubSpot's numbers for a Professional account: 190 requests per 10 s, 625k a day.
REPORTED_MAX = 190
REPORTED_INTERVAL = 10.0
DAILY_MAX = 625_000


@dataclass(frozen=True, slots=True)
class Verdict:
    allowed: bool
    headers: list[tuple[str, str]]
    retry_after: int = 0


class RateLimiter:
    """A fixed window per fake. `limit=None` only reports headers (and never says 429)."""

    def __init__(
        self, limit: tuple[int, float] | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if limit is not None and (limit[0] < 1 or limit[1] <= 0):
            raise ValueError("rate_limit must be (requests >= 1, seconds > 0)")
        self.enforced = limit is not None
        self.max, self.interval = limit if limit is not None else (REPORTED_MAX, REPORTED_INTERVAL)
        self._clock = clock
        self._lock = threading.Lock()
        self._window_start = clock()
        self._count = 0
        self._daily = 0

    def check(self, *, daily: bool) -> Verdict:
        """Count one request; `daily` adds the daily headers (HubSpot omits them for OAuth)."""
        with self._lock:
            now = self._clock()
            if now - self._window_start >= self.interval:
                self._window_start, self._count = now, 0
            allowed = not self.enforced or self._count < self.max
            if allowed:
                self._count += 1
                self._daily += 1
            headers = self._headers(daily)
            retry_after = 0 if allowed else max(1, math.ceil(self.interval - (now - self._window_start)))
            return Verdict(allowed, headers, retry_after)

    def headers(self, *, daily: bool) -> list[tuple[str, str]]:
        """The current headers without counting a request (for faulted answers)."""
        with self._lock:
            return self._headers(daily)

    def _headers(self, daily: bool) -> list[tuple[str, str]]:
        out = [
            ("X-HubSpot-RateLimit-Max", str(self.max)),
            ("X-HubSpot-RateLimit-Remaining", str(max(self.max - self._count, 0))),
            ("X-HubSpot-RateLimit-Interval-Milliseconds", str(round(self.interval * 1000))),
        ]
        if daily:
            out += [
                ("X-HubSpot-RateLimit-Daily", str(DAILY_MAX)),
                ("X-HubSpot-RateLimit-Daily-Remaining", str(max(DAILY_MAX - self._daily, 0))),
            ]
        return out

    def reset(self) -> None:
        with self._lock:
            self._window_start, self._count = self._clock(), 0
