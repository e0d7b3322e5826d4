"""A rate-limit budget kept outside this process, which ``rate_limit=`` accepts beside a ``RateLimit``.

HubSpot counts requests per app and account, whatever process or host sends them: pacing each process alone
overshoots by the number of processes. A ``SharedRateLimit`` (``hubspot_channels.redis.RedisRateLimit``) makes
the pacers that every client spends its budget through; the sync client takes ``sync_pacer()``, the async one
``async_pacer()`` (whose calls never block the event loop). This module imports no store client: the Redis
one lives in ``hubspot_channels.redis``, an optional extra.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from ._async_shared_pacing import AsyncSharedPacer
from ._pacing import RateLimit
from ._sync_shared_pacing import SharedPacer

__all__ = ["AsyncSharedPacer", "SharedPacer", "SharedRateLimit"]  # the pacers: generated, imported from here


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
