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
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ._exceptions import ConfigurationError, RateLimitBacklogError

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
# When requests arrive later than their slots (a loaded host, a slow network) the margin is too thin and
# HubSpot answers 429, which pauses every caller for the rest of its window. Each pause widens the margin by
# MARGIN_STEP, up to MAX_MARGIN. Time without a 429 narrows it back, by (MAX_MARGIN - SAFETY_MARGIN) /
# MARGIN_DECAY_WINDOWS per window (applied at each answer, counted in windows, not answers): from the cap,
# SAFETY_MARGIN again after MARGIN_DECAY_WINDOWS windows without a 429, however few requests were sent. A
# wider margin only ever delays sends: the budget holds at any margin.
MARGIN_STEP = 0.01
MAX_MARGIN = 0.10
MARGIN_DECAY_WINDOWS = 4
NARROWING_PER_WINDOW = (MAX_MARGIN - SAFETY_MARGIN) / MARGIN_DECAY_WINDOWS
# Bounds on what a configuration or a response header may set. HubSpot's budgets are at most a few hundred
# requests per 10 s; anything far outside is a typo or a broken (or hostile) server.
MAX_REQUESTS = 10_000  # per interval
MAX_INTERVAL = 60.0  # seconds; a longer Interval-Milliseconds header counts as this
MAX_PAUSE = 60.0  # seconds a 429 pauses every caller, whatever its Retry-After says
DEFAULT_PAUSE = 1.0  # a 429 without a usable Retry-After ("retry in about a second")
# The longest wait reserve() ever returns: a send time further ahead (a backlog of about a dozen windows of
# 10 s) is refused with RateLimitBacklogError rather than scheduled, which would overshoot the budget.
MAX_WAIT = MAX_INTERVAL * (1 + MAX_MARGIN) + MAX_PAUSE


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
        requests, interval = self.max_requests, self.interval
        if isinstance(requests, bool) or not isinstance(requests, int) or not 1 <= requests <= MAX_REQUESTS:
            raise ConfigurationError(
                f"max_requests must be a whole number from 1 to {MAX_REQUESTS}, got {requests!r}"
            )
        # One chained comparison refuses NaN, infinities and integers too large for a float alike.
        if (
            isinstance(interval, bool)
            or not isinstance(interval, (int, float))
            or not 0 < interval <= MAX_INTERVAL
        ):
            raise ConfigurationError(
                f"interval must be a number of seconds above 0 and at most {MAX_INTERVAL:g}, got {interval!r}"
            )
        object.__setattr__(self, "interval", float(interval))  # frozen; 10 and 10.0 are the same budget
        if not isinstance(self.follow_headers, bool):
            raise ConfigurationError(f"follow_headers must be True or False, got {self.follow_headers!r}")

    @classmethod
    def per_interval(cls, max_requests: int, seconds: float) -> RateLimit:
        """E.g. ``RateLimit.per_interval(100, 10.0)``: 100 requests per 10 seconds."""
        return cls(max_requests, seconds)

    @classmethod
    def tier(cls, name: str) -> RateLimit:
        """HubSpot's limit of an account tier: free, starter, professional, enterprise or capacity (add-on)."""
        key = (
            name.strip().lower().replace("-", "_").removesuffix("_add_on") if isinstance(name, str) else name
        )
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
    """The shared budget of one client. ``reserve`` before sending, ``observe`` every response.

    Every number a response carries is checked before use (a hostile or broken server cannot stall, crash or
    freeze the client): ``reserve`` returns a wait between 0 and ``MAX_WAIT`` seconds, or raises
    ``RateLimitBacklogError`` (nothing claimed) when the budget is booked further ahead than that; no window
    ever holds more than ``max_requests`` sends; the log never holds more than ``2 * max_requests`` entries.
    """

    def __init__(self, limit: RateLimit, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._clock = clock
        self._lock = threading.Lock()  # held for microseconds, never while waiting: fine in async code too
        self._sent: list[float] = []  # send times (reserved, possibly future), sorted
        self._max = limit.max_requests
        self._window = limit.interval
        self._paused_until = 0.0
        self._margin = SAFETY_MARGIN  # widened by 429s, see MARGIN_STEP
        self._narrowed_at = clock()  # the last 429 or narrowing: the margin narrows with the time since

    @property
    def window(self) -> tuple[int, float]:
        """The budget in force: (max requests, seconds), after any header that changed it."""
        return self._max, self._window

    def reserve(self, within: float | None = None) -> float:
        """Claim the next free send time; returns the seconds to wait before sending (0.0 when now). With
        ``within`` (what is left of a call's deadline), a send time that far off or later is not claimed (the
        call gives up without spending budget) and the wait is returned all the same. A send time more than
        MAX_WAIT ahead is never claimed, whatever ``within``: RateLimitBacklogError."""
        with self._lock:
            now = self._clock()
            window = self._window * (1 + self._margin)
            sent = self._sent
            # Kept for the widest margin: a 429 that widens it finds the sends it must count.
            expired = bisect.bisect_right(sent, now - self._window * (1 + MAX_MARGIN))
            if expired:
                del sent[:expired]
            at = max(now, self._paused_until)
            if len(sent) >= self._max:  # the max-th latest send must leave the window first
                at = max(at, sent[len(sent) - self._max] + window)
            wait = at - now
            if wait > MAX_WAIT:  # every later send time would be too: refused, not piled into one window
                raise RateLimitBacklogError(
                    f"the rate limit {self._max} per {self._window:g} s is booked {wait:.0f} s ahead, beyond "
                    f"MAX_WAIT ({MAX_WAIT:g} s); nothing was sent: send fewer calls at once"
                )
            if within is not None and wait > 0 and wait >= within:
                return wait
            bisect.insort(sent, at)
            self._trim()
            return wait

    def observe(self, status_code: int, headers: Mapping[str, str], retry_after: float | None = None) -> None:
        """Correct the budget from a response: HubSpot's Max/Interval (if followed), its Remaining count
        (requests we did not make), and a 429's Retry-After (everyone waits). Nonsense is ignored:
        a Max outside 1..MAX_REQUESTS, an Interval <= 0 (one above MAX_INTERVAL counts as MAX_INTERVAL),
        a negative Remaining counts as 0, a pause is at most MAX_PAUSE."""
        remaining = _int(headers.get("x-hubspot-ratelimit-remaining"))
        maximum = _int(headers.get("x-hubspot-ratelimit-max"))
        interval_ms = _int(headers.get("x-hubspot-ratelimit-interval-milliseconds"))
        if remaining is None and status_code != 429:
            return
        with self._lock:
            now = self._clock()
            if (
                self.limit.follow_headers
                and maximum is not None
                and 1 <= maximum <= MAX_REQUESTS
                and interval_ms is not None
                and interval_ms > 0
            ):
                self._max, self._window = maximum, min(interval_ms / 1000, MAX_INTERVAL)
            if remaining is not None:
                self._count_others(now, max(remaining, 0))
            if status_code == 429:
                if now >= self._paused_until:  # once per pause: a full window answers 429 to all in flight
                    self._margin = min(self._margin + MARGIN_STEP, MAX_MARGIN)
                self._paused_until = max(self._paused_until, now + _pause(retry_after))
                self._narrowed_at = now
            elif self._margin > SAFETY_MARGIN:
                windows = max(now - self._narrowed_at, 0.0) / self._window
                self._margin = max(self._margin - NARROWING_PER_WINDOW * windows, SAFETY_MARGIN)
                self._narrowed_at = now
            self._trim()

    def _count_others(self, now: float, remaining: int) -> None:
        """Requests HubSpot counted that we did not send (another process, another client): count them as
        sent now. At most max_requests of them, inserted at once: the lock never loops per request."""
        sent = self._sent
        window = self._window * (1 + self._margin)
        upto = bisect.bisect_right(sent, now)
        ours = upto - bisect.bisect_right(sent, now - window)
        others = self._max - ours - remaining  # at most max: ours and remaining are >= 0
        if others > 0:
            sent[upto:upto] = [now] * others

    def _trim(self) -> None:
        # The max latest entries decide the next send time; as many older ones keep the count of this
        # window's sends for the Remaining header. Anything beyond is dropped, so memory stays bounded.
        excess = len(self._sent) - 2 * self._max
        if excess > 0:
            del self._sent[:excess]


def _pause(retry_after: float | None) -> float:
    """How long a 429 pauses everyone: its Retry-After when usable, capped at MAX_PAUSE."""
    if isinstance(retry_after, bool) or not isinstance(retry_after, (int, float)) or not retry_after >= 0:
        return DEFAULT_PAUSE  # absent, negative or NaN
    return min(float(retry_after), MAX_PAUSE)


_INTEGER = re.compile(r"([+-]?)([0-9]+)")
_HUGE = 10**18  # any integer header beyond this is nonsense anyway; clamping keeps int() cheap


def _int(value: object) -> int | None:
    """An integer header (ASCII digits, optional sign); None when absent or unreadable."""
    if not isinstance(value, str):
        return None
    match = _INTEGER.fullmatch(value.strip())
    if match is None:
        return None
    sign, digits = match.groups()
    number = int(digits) if len(digits) <= 18 else _HUGE
    return -number if sign == "-" else number
