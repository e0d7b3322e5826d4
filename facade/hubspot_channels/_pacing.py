"""Client-side pacing inside HubSpot's rate limit, shared by every call of a client (threads and tasks).

HubSpot counts requests per app and account in windows of ``Interval-Milliseconds`` and answers 429 past
``Max``. A burst that simply retries on 429 wastes requests (HubSpot wants errors under 5 %) and time (a
429 says "retry in about a second"). Instead every request first reserves a send time such that no
window of ``interval`` seconds holds more than ``max_requests`` of our requests (a sliding log: it also
fits HubSpot's fixed windows, whatever their phase), and every response's headers correct the picture
when someone else (another process, another client of the same account) spends the same budget.
"""

from __future__ import annotations

import bisect
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ._exceptions import ConfigurationError

# HubSpot's published limits per 10 s (hubspot-facts.md): free and starter, professional and
# enterprise, and with the API capacity add-on.
TIERS: dict[str, tuple[int, float]] = {
    "free": (100, 10.0),
    "starter": (100, 10.0),
    "professional": (190, 10.0),
    "enterprise": (190, 10.0),
    "capacity": (250, 10.0),
}
# Slack against latency jitter: a request sent just inside our window may arrive just inside the next
# server window; keep this share of each window unused.
SAFETY_MARGIN = 0.02


@dataclass(frozen=True, slots=True)
class RateLimit:
    """A request budget: at most ``max_requests`` per ``interval`` seconds.

    ``follow_headers`` adopts the Max and Interval that HubSpot reports in each response (the account's
    real tier) instead of the configured numbers; the remaining count is always taken into account.
    """

    max_requests: int
    interval: float
    follow_headers: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.max_requests, bool) or not isinstance(self.max_requests, int) or self.max_requests < 1:
            raise ConfigurationError(f"max_requests must be a whole number >= 1, got {self.max_requests!r}")
        if not isinstance(self.interval, (int, float)) or self.interval <= 0:
            raise ConfigurationError(f"interval must be a positive number of seconds, got {self.interval!r}")

    @classmethod
    def per_interval(cls, max_requests: int, seconds: float) -> RateLimit:
        """E.g. ``RateLimit.per_interval(100, 10.0)``: 100 requests per 10 seconds."""
        return cls(max_requests, float(seconds))

    @classmethod
    def tier(cls, name: str) -> RateLimit:
        """HubSpot's limit of an account tier: free, starter, professional, enterprise or capacity (add-on)."""
        key = name.strip().lower().replace("-", "_").removesuffix("_add_on") if isinstance(name, str) else name
        if key not in TIERS:
            raise ConfigurationError(f"unknown rate-limit tier {name!r}; known: {', '.join(TIERS)}")
        return cls(*TIERS[key])

    @classmethod
    def auto(cls) -> RateLimit:
        """Start at the smallest tier's limit and follow what HubSpot's headers report."""
        return cls(*TIERS["free"], follow_headers=True)


def as_rate_limit(value: RateLimit | str | None) -> RateLimit | None:
    """The client's ``rate_limit=`` argument: a RateLimit, a tier name, "auto", or None (no pacing)."""
    if value is None or isinstance(value, RateLimit):
        return value
    if isinstance(value, str):
        return RateLimit.auto() if value.strip().lower() == "auto" else RateLimit.tier(value)
    raise ConfigurationError(f"rate_limit must be a RateLimit, a tier name or None, got {value!r}")


class Pacer:
    """The shared budget of one client. ``reserve`` before sending, ``observe`` every response."""

    def __init__(self, limit: RateLimit, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._clock = clock
        self._lock = threading.Lock()  # held for microseconds, never while waiting: fine in async code too
        self._sent: list[float] = []  # send times (reserved, possibly future), sorted
        self._max = limit.max_requests
        self._window = limit.interval
        self._paused_until = 0.0

    @property
    def window(self) -> tuple[int, float]:
        """The budget in force: (max requests, seconds), after any header that changed it."""
        return self._max, self._window

    def reserve(self) -> float:
        """Claim the next free send time; returns the seconds to wait before sending (0.0 when now)."""
        with self._lock:
            now = self._clock()
            start = max(now, self._paused_until)
            window = self._window * (1 + SAFETY_MARGIN)
            sent = self._sent
            expired = bisect.bisect_right(sent, now - window)
            if expired:
                del sent[:expired]
            at = start
            if len(sent) >= self._max:  # the max-th latest send must leave the window first
                at = max(start, sent[len(sent) - self._max] + window)
            bisect.insort(sent, at)
            return at - now

    def observe(self, status_code: int, headers: Mapping[str, str], retry_after: float | None = None) -> None:
        """Correct the budget from a response: HubSpot's Max/Interval (if followed), its Remaining count
        (requests we did not make), and a 429's Retry-After (everyone waits)."""
        remaining = _int(headers.get("x-hubspot-ratelimit-remaining"))
        maximum = _int(headers.get("x-hubspot-ratelimit-max"))
        interval_ms = _int(headers.get("x-hubspot-ratelimit-interval-milliseconds"))
        if remaining is None and status_code != 429:
            return
        with self._lock:
            now = self._clock()
            if self.limit.follow_headers and maximum and interval_ms:
                self._max, self._window = maximum, interval_ms / 1000
            window = self._window * (1 + SAFETY_MARGIN)
            if remaining is not None:
                ours = self._max - sum(1 for t in self._sent if now - window < t <= now)
                for _ in range(max(0, ours - remaining)):  # someone else's requests: count them as sent now
                    bisect.insort(self._sent, now)
            if status_code == 429:
                self._paused_until = max(self._paused_until, now + (retry_after if retry_after is not None else 1.0))


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None
