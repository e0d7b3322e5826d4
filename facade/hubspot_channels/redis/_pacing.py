"""``RedisRateLimit``: one HubSpot budget (app + account) that every process and host spends together.

Each reservation is one atomic script on the Redis server (``_scripts.RESERVE``): the same sliding log as the
local ``Pacer``, on the server's clock, so N processes never hold more than ``max_requests`` sends in any
window between them, and each learns at once when to send, without polling. Every answer's
``X-HubSpot-RateLimit-*`` headers and a 429's ``Retry-After`` are written back (``_scripts.OBSERVE``):
a pause or a spent window holds every process.

When Redis cannot be reached the call is refused with ``RateLimiterUnavailableError`` before anything is sent
(fail closed), unless a ``fallback`` budget is given: then this process paces itself locally at that budget
(your share, e.g. 1/N of the account's limit for N processes) until Redis answers again. Either way one
warning is logged when Redis goes away and one line when it is back; Redis is probed again at most once
per ``PROBE_INTERVAL`` seconds meanwhile.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import redis.asyncio

import redis

from .. import _redact as redact
from .._exceptions import ConfigurationError, RateLimitBacklogError, RateLimiterUnavailableError
from .._pacing import MAX_INTERVAL, MAX_REQUESTS, MAX_WAIT, SAFETY_MARGIN, Pacer, RateLimit, _int, _pause
from .._pacing import as_rate_limit as _as_rate_limit
from .._shared_pacing import SharedRateLimit

if TYPE_CHECKING:
    from ._pacers import AsyncRedisPacer, RedisPacer

logger = logging.getLogger("hubspot_channels.redis")
DEFAULT_NAMESPACE = "hubspot-channels"
PROBE_INTERVAL = 1.0  # seconds between attempts to reach Redis again after it failed
# Seconds of slack on top of the local Pacer's SAFETY_MARGIN: between reserving a slot and HubSpot counting
# the request lie sleeps, threads and processes on busy cores; a late request must not land in the next
# window of HubSpot's count. Negligible against 10 s windows, it matters in the tests' 1 s ones.
DEFAULT_JITTER = 0.05
DEFAULT_SOCKET_TIMEOUT = 2.0  # seconds: a Redis that hangs fails the call soon, not never
MIN_COMMAND_TIMEOUT = 0.25  # seconds a Redis command may take however little is left of the call's deadline
STORE_ERRORS = (redis.RedisError, OSError)
# A budget's keys outlive its last reservation by a minute (_scripts.keep): a pacer that reserved less than
# this long ago knows its state must still be there, and tells the script which epoch it saw.
KNOWN_FOR = 60.0
REFUSED_ERRORS = (redis.AuthenticationError, redis.exceptions.NoPermissionError)
_KEY_PART = re.compile(r"[A-Za-z0-9_.-]{1,64}")


def key_part(name: str, value: object) -> str:
    """An id as it appears in a key: digits or a short word (no braces, spaces or colons)."""
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not _KEY_PART.fullmatch(str(value)):
        raise ConfigurationError(
            f"{name} must be an int or a short id of letters, digits, _ . -, got {value!r}"
        )
    return str(value)


class RedisRateLimit(SharedRateLimit):
    """HubSpot's limit for one app and account, shared over Redis; pass it as ``rate_limit=``.

    ``connection``: a URL (``redis://host:6379/0``; each client opens and closes its own connections), or a
    ``redis.Redis`` (sync clients) / ``redis.asyncio.Redis`` (async clients) you own. ``limit``: a
    ``RateLimit``, a tier name or "auto" (HubSpot's headers set the budget, learned once for everyone).
    ``fallback``: None to refuse calls while Redis is unreachable (``RateLimiterUnavailableError``), or the
    local budget to pace this process at meanwhile (its share: the account's limit divided by the processes).
    ``jitter``: seconds each window is widened by, against sends that leave later than their slot.

    Keys (a hash tag keeps both on one Redis Cluster slot)::

        {namespace}:ratelimit:{<app_id>:<account_id>}:log    sorted set of send times (ms, server clock)
        {namespace}:ratelimit:{<app_id>:<account_id>}:state  hash: paused_until, max, window, seq, epoch,
                                                             widened, widened_at (the widened margin)

    Both expire a minute after their last reservation or pause.
    """

    def __init__(
        self,
        connection: str | redis.Redis | redis.asyncio.Redis,
        *,
        app_id: int | str,
        account_id: int | str,
        limit: RateLimit | str = "auto",
        fallback: RateLimit | None = None,
        namespace: str = DEFAULT_NAMESPACE,
        jitter: float = DEFAULT_JITTER,
    ) -> None:
        if not isinstance(connection, (str, redis.Redis, redis.asyncio.Redis)):
            raise ConfigurationError(
                "connection must be a URL, a redis.Redis or a redis.asyncio.Redis, "
                f"got {type(connection).__name__}"
            )
        self._connection = connection
        checked = _as_rate_limit(limit)
        if checked is None:
            raise ConfigurationError("limit must be a RateLimit or a tier name, not None")
        self.limit = checked
        if fallback is not None and not isinstance(fallback, RateLimit):
            raise ConfigurationError(f"fallback must be a RateLimit or None, got {fallback!r}")
        self.fallback = fallback
        if (
            isinstance(jitter, bool)
            or not isinstance(jitter, (int, float))
            or not 0 <= jitter <= MAX_INTERVAL
        ):
            raise ConfigurationError(f"jitter must be seconds from 0 to {MAX_INTERVAL:g}, got {jitter!r}")
        self.jitter = float(jitter)
        base = f"{key_part('namespace', namespace)}:ratelimit:{{{key_part('app_id', app_id)}:"
        base += f"{key_part('account_id', account_id)}}}"
        self.keys = (base + ":log", base + ":state")

    def __repr__(self) -> str:  # never the URL: it may carry a password
        return f"RedisRateLimit(keys={self.keys!r}, limit={self.limit!r}, fallback={self.fallback!r})"

    def sync_pacer(self) -> RedisPacer:
        connection = self._connection
        from ._pacers import RedisPacer  # the pacers build on _Budget below

        if isinstance(connection, str):
            return RedisPacer(self, redis.Redis.from_url(connection, **_timeouts()), owned=True)
        if not isinstance(connection, redis.Redis):
            raise ConfigurationError("a sync client needs a URL or a redis.Redis, not a redis.asyncio.Redis")
        return RedisPacer(self, connection, owned=False)

    def async_pacer(self) -> AsyncRedisPacer:
        connection = self._connection
        from ._pacers import AsyncRedisPacer

        if isinstance(connection, str):
            return AsyncRedisPacer(self, redis.asyncio.Redis.from_url(connection, **_timeouts()), owned=True)
        if not isinstance(connection, redis.asyncio.Redis):
            raise ConfigurationError(
                "an async client needs a URL or a redis.asyncio.Redis, not a redis.Redis"
            )
        return AsyncRedisPacer(self, connection, owned=False)


def _timeouts() -> dict[str, Any]:
    return {"socket_timeout": DEFAULT_SOCKET_TIMEOUT, "socket_connect_timeout": DEFAULT_SOCKET_TIMEOUT}


class _Budget:
    """What the sync and async pacers share: the script arguments, reading results, and Redis outages."""

    def __init__(self, shared: RedisRateLimit) -> None:
        self.limit = shared.limit
        self.keys = list(shared.keys)
        limit = shared.limit
        follow = int(limit.follow_headers)
        self._fixed = [limit.max_requests, limit.interval * 1000, SAFETY_MARGIN, follow, shared.jitter * 1000]
        self._fallback = Pacer(shared.fallback) if shared.fallback is not None else None
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._last_error: BaseException | None = None  # what the calls refused meanwhile are told
        self._probe_at = 0.0
        self._epoch = ""  # of the budget's state, as the last reservation saw it
        self._epoch_seen_at = -math.inf  # monotonic

    def reserve_args(self, within: float | None) -> list[Any]:
        within_ms = -1.0 if within is None else max(within, 0.0) * 1000
        known = self._epoch if time.monotonic() - self._epoch_seen_at < KNOWN_FOR else ""
        return [*self._fixed, within_ms, MAX_WAIT * 1000, known]

    @staticmethod
    def command_timeout(within: float | None) -> float | None:
        """How long one Redis command may take when the call's deadline is nearer than the socket timeout
        (None: the socket timeout bounds it already). At least MIN_COMMAND_TIMEOUT: ``within=0`` asks for a
        slot free now, and a round trip on a busy host takes milliseconds."""
        if within is None or within >= DEFAULT_SOCKET_TIMEOUT:
            return None
        return max(within, MIN_COMMAND_TIMEOUT)

    @staticmethod
    def out_of_time(within: float) -> float:
        """The wait that makes the engine raise DeadlineExceededError: Redis did not answer in time."""
        return max(within, 0.001)

    def observe_args(
        self, status_code: int, headers: Mapping[str, str], retry_after: float | None
    ) -> list[Any]:
        maximum = _int(headers.get("x-hubspot-ratelimit-max"))
        interval_ms = _int(headers.get("x-hubspot-ratelimit-interval-milliseconds"))
        remaining = _int(headers.get("x-hubspot-ratelimit-remaining"))
        learned = maximum is not None and 1 <= maximum <= MAX_REQUESTS and interval_ms is not None
        learned = learned and interval_ms is not None and interval_ms > 0
        return [
            *self._fixed,
            maximum if learned else "",
            min(interval_ms, MAX_INTERVAL * 1000) if learned and interval_ms is not None else "",
            max(remaining, 0) if remaining is not None else "",
            _pause(retry_after) * 1000 if status_code == 429 else "",
        ]

    @staticmethod
    def needs_observing(status_code: int, headers: Mapping[str, str]) -> bool:
        return status_code == 429 or "x-hubspot-ratelimit-remaining" in headers

    def wait(self, result: object) -> float:
        """The script's wait (ms, as text) in seconds, within 0..MAX_WAIT whatever came back; remembers the
        state's epoch it reported. RateLimitBacklogError when the script found no slot within MAX_WAIT."""
        parts = result if isinstance(result, list) and 2 <= len(result) <= 3 else [result, b""]
        wait, epoch = parts[0], parts[1]
        if isinstance(epoch, bytes) and epoch:
            self._epoch, self._epoch_seen_at = epoch.decode(errors="replace"), time.monotonic()
        try:
            seconds = float(wait.decode() if isinstance(wait, bytes) else str(wait)) / 1000
        except ValueError:
            seconds = 0.0
        if len(parts) == 3 and parts[2] == b"backlog":  # nothing claimed: no slot within MAX_WAIT
            limit = self.limit
            raise RateLimitBacklogError(
                f"the shared rate limit {self.keys[0]} ({limit.max_requests} per {limit.interval:g} s) is "
                f"booked {seconds:.0f} s ahead, beyond MAX_WAIT ({MAX_WAIT:g} s); nothing was sent: "
                "send fewer calls at once"
            )
        return min(max(seconds, 0.0), MAX_WAIT) if math.isfinite(seconds) else 0.0

    def store_skipped(self) -> bool:
        """True while Redis failed less than PROBE_INTERVAL ago: do not wait on it again yet."""
        return self._down_since is not None and time.monotonic() < self._probe_at

    def reached(self) -> None:
        if self._down_since is not None:
            with self._lock:
                if self._down_since is not None:
                    outage = time.monotonic() - self._down_since
                    self._down_since = None
                    logger.warning(
                        "shared rate limit %s: Redis reachable again after %.1f s", self.keys[0], outage
                    )

    def failed(self, error: BaseException | None) -> None:
        now = time.monotonic()
        with self._lock:
            self._probe_at = now + PROBE_INTERVAL
            self._last_error = error
            if self._down_since is None:
                self._down_since = now
                then = (
                    "pacing locally at " + repr(self._fallback.limit) if self._fallback else "refusing calls"
                )
                logger.warning(
                    "shared rate limit %s: %s (%s); %s", self.keys[0], _outage(error), _describe(error), then
                )

    def refuse(self, within: float | None, error: BaseException | None = None) -> float:
        """Redis is unreachable: the fallback's wait, or RateLimiterUnavailableError (nothing sent)."""
        if self._fallback is not None:
            return self._fallback.reserve(within)
        problem = _problem(error if error is not None else self._last_error)
        raise RateLimiterUnavailableError(
            f"the shared rate limit {self.keys[0]} {problem} ({_describe(error)}); nothing was sent"
        ) from None

    def observe_locally(
        self, status_code: int, headers: Mapping[str, str], retry_after: float | None
    ) -> None:
        if self._fallback is not None:
            self._fallback.observe(status_code, headers, retry_after)


def _problem(error: BaseException | None) -> str:
    if isinstance(error, REFUSED_ERRORS):  # reached, but it refused the credentials or the ACL permissions
        return "was refused by Redis (check its password, user and ACL permissions)"
    if isinstance(error, redis.ResponseError):  # reached, but the script failed there
        return "failed on Redis (its script answered an error)"
    return "cannot reach Redis"


def _outage(error: BaseException | None) -> str:
    if isinstance(error, REFUSED_ERRORS):
        return "Redis refused access"
    return "Redis script failed" if isinstance(error, redis.ResponseError) else "Redis unreachable"


def _describe(error: BaseException | None) -> str:
    if error is None:
        return f"it failed less than {PROBE_INTERVAL:g} s ago"
    return redact.scrub(f"{type(error).__name__}: {error}")[:200]
