"""A rate-limit budget kept outside this process, which ``rate_limit=`` accepts beside a ``RateLimit``.

HubSpot counts requests per app and account, whatever process or host sends them: pacing each process alone
overshoots by the number of processes. A ``SharedRateLimit`` (``hubspot_channels.redis.RedisRateLimit``) makes
the pacers that every client spends its budget through; the sync client takes ``sync_pacer()``, the async one
``async_pacer()`` (whose calls never block the event loop). This module imports no store client: the Redis
one lives in ``hubspot_channels.redis``, an optional extra.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping

from ._pacing import RateLimit


class SharedPacer(ABC):
    """What the sync engine asks a shared budget: ``reserve`` before each attempt, ``observe`` each answer.

    ``reserve`` returns the seconds to wait (0.0: send now; with ``within``, a slot that far off or later is
    not claimed and its wait is returned all the same, as is ``within`` itself when the store does not answer
    in that time), or raises ``RateLimiterUnavailableError`` when the budget cannot be reached and nothing
    may be sent. ``observe`` never raises: the answer is already in; with ``within`` (what is left of the
    call's deadline) it waits on the store at most that long.
    """

    limit: RateLimit

    @abstractmethod
    def reserve(self, within: float | None = None) -> float: ...

    @abstractmethod
    def observe(
        self,
        status_code: int,
        headers: Mapping[str, str],
        retry_after: float | None = None,
        *,
        within: float | None = None,
    ) -> None:
        """Correct the shared budget from an answer (Remaining, Max, Interval, a 429's Retry-After)."""

    @abstractmethod
    def close(self) -> None: ...

    @staticmethod
    def of(rate_limit: object) -> SharedPacer | None:
        """The sync pacer of a ``rate_limit=`` argument, None for a local one."""
        return rate_limit.sync_pacer() if isinstance(rate_limit, SharedRateLimit) else None


class AsyncSharedPacer(ABC):
    """The async twin of ``SharedPacer``: the same contract, awaited."""

    limit: RateLimit

    @abstractmethod
    async def reserve(self, within: float | None = None) -> float: ...

    @abstractmethod
    async def observe(
        self,
        status_code: int,
        headers: Mapping[str, str],
        retry_after: float | None = None,
        *,
        within: float | None = None,
    ) -> None: ...

    @abstractmethod
    async def aclose(self) -> None: ...

    @staticmethod
    def of(rate_limit: object) -> AsyncSharedPacer | None:
        """The async pacer of a ``rate_limit=`` argument, None for a local one."""
        return rate_limit.async_pacer() if isinstance(rate_limit, SharedRateLimit) else None


class SharedRateLimit(ABC):
    """A budget that several processes spend together; pass it as ``rate_limit=`` to either client.

    Each client makes its own pacer (its own connections) and closes it with the client.
    """

    limit: RateLimit

    @abstractmethod
    def sync_pacer(self) -> SharedPacer:
        """A new pacer for one sync client, with its own connections (the client closes it)."""

    @abstractmethod
    def async_pacer(self) -> AsyncSharedPacer:
        """A new pacer for one async client, with its own connections (the client closes it)."""
