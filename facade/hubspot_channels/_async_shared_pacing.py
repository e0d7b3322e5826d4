"""The pacer a ``SharedRateLimit`` makes for each client (``_shared_pacing`` says what a shared budget is),
one interface per kind of client: the async one's calls never block the event loop. The async interface is
the source of the sync one (scripts/unasync.py)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping

from ._pacing import RateLimit


class AsyncSharedPacer(ABC):
    """What the engine asks a shared budget: ``reserve`` before each attempt, ``observe`` each answer.

    ``reserve`` returns the seconds to wait (0.0: send now; with ``within``, a slot that far off or later is
    not claimed and its wait is returned all the same, as is ``within`` itself when the store does not answer
    in that time), or raises ``RateLimiterUnavailableError`` when the budget cannot be reached and nothing
    may be sent (``RateLimitBacklogError`` when the first free send time lies more than ``MAX_WAIT`` ahead:
    nothing claimed). ``observe`` never raises: the answer is already in; with ``within`` (what is left of the
    call's deadline) it waits on the store at most that long.
    """

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
    ) -> None:
        """Correct the shared budget from an answer (Remaining, Max, Interval, a 429's Retry-After)."""

    @abstractmethod
    async def aclose(self) -> None: ...

    @staticmethod
    def of(rate_limit: object) -> AsyncSharedPacer | None:
        """The pacer of a ``rate_limit=`` argument for this kind of client, None for a local one."""
        from ._shared_pacing import SharedRateLimit  # which names both pacers: imported once they exist

        return rate_limit.async_pacer() if isinstance(rate_limit, SharedRateLimit) else None
