"""HubSpot's rate-limit headers, and an optional scaled-down limit that answers 429."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

# HubSpot's numbers for a Professional account: 190 requests per 10 s, 625k a day.
REPORTED_MAX = 190
REPORTED_INTERVAL = 10.0
DAILY_MAX = 625_000
MAX_INTERVAL = 86_400.0  # a day; a longer window is a mistake, and 1e300 would print 300-digit headers
ACCEPTED_KEPT = (
    100_000  # the latest accepted times kept (a benchmark's worth; a long-running fake stays small)
)


def check_rate_limit(limit: object) -> tuple[int, float]:
    """`(requests, seconds)`: a whole number of requests >= 1 (not a bool) per a finite number of seconds
    above 0 and at most a day. Raises TypeError or ValueError saying which part is wrong."""
    if not isinstance(limit, (tuple, list)) or len(limit) != 2:
        raise TypeError(f"rate_limit must be a (requests, seconds) pair, got {limit!r}")
    count, seconds = limit
    if isinstance(count, bool) or not isinstance(count, int):
        raise TypeError(f"rate_limit requests must be a whole number, got {count!r}")
    if count < 1:
        raise ValueError(f"rate_limit requests must be at least 1, got {count}")
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise TypeError(f"rate_limit seconds must be a number, got {seconds!r}")
    try:
        interval = float(seconds)
    except OverflowError:  # an int like 10**400
        interval = math.inf
    if not (math.isfinite(interval) and 0 < interval <= MAX_INTERVAL):
        raise ValueError(
            f"rate_limit seconds must be a finite number above 0 and at most {MAX_INTERVAL:g}, got {seconds!r}"
        )
    return count, interval


@dataclass(frozen=True, slots=True)
class Verdict:
    allowed: bool
    headers: list[tuple[str, str]]
    retry_after: float = 0.0

    @property
    def retry_after_header(self) -> str:
        """Retry-After as HubSpot would send it: whole seconds, a decimal only below one second per unit."""
        seconds = round(self.retry_after, 3)
        return str(int(seconds)) if seconds.is_integer() else f"{seconds:g}"


class RateLimiter:
    """A fixed window per fake. `limit=None` only reports headers (and never says 429)."""

    def __init__(
        self, limit: tuple[int, float] | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.enforced = limit is not None
        self.max, self.interval = (
            check_rate_limit(limit) if limit is not None else (REPORTED_MAX, REPORTED_INTERVAL)
        )
        self._clock = clock
        self._lock = threading.Lock()
        self._window_start = clock()
        self._count = 0
        self._daily = 0
        # Where the windows are and what they accepted, on this limiter's clock, taken where it counts: the
        # benchmarks rebuild its windows from these (the first opens at reset_at).
        self.reset_at = self._window_start
        self.accepted_at: deque[float] = deque(maxlen=ACCEPTED_KEPT)

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
                self.accepted_at.append(now)
            headers = self._headers(daily)
            retry_after = 0.0 if allowed else self._retry_after(self.interval - (now - self._window_start))
            return Verdict(allowed, headers, retry_after)

    def _retry_after(self, left: float) -> float:
        """The rest of the window, rounded up to HubSpot's unit: a second of its 10 s window, scaled with the
        window below 10 s (0.1 s of a 1 s window), so that a sped-up test pauses as long, in windows, as
        HubSpot would."""
        unit = min(1.0, self.interval / 10)
        return max(1, math.ceil(round(left / unit, 6))) * unit

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
            self.reset_at = self._window_start
            self.accepted_at.clear()
