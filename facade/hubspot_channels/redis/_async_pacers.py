"""The pacers of a ``RedisRateLimit``: each reservation and correction is one script call on the Redis
server (``_scripts``), bounded by what is left of the call's deadline (``_pacer_io``, by hand for each
side); what they share (arguments, results, outages) is ``_pacing._Budget``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .._shared_pacing import AsyncSharedPacer
from . import _scripts
from ._pacer_io import AsyncBoundedScripts, AsyncRedisClient, DeadlineFirst
from ._pacing import STORE_ERRORS, _Budget

if TYPE_CHECKING:
    from ._pacing import RedisRateLimit


class AsyncRedisPacer(AsyncSharedPacer, _Budget):
    """The pacer of a ``RedisRateLimit`` for one ``AsyncCustomChannelsClient``, on its own connections
    (redis-py pools them: the sync pacer is thread-safe, the async one never blocks the event loop)."""

    def __init__(self, shared: RedisRateLimit, client: AsyncRedisClient, *, owned: bool) -> None:
        _Budget.__init__(self, shared)
        self._client, self._owned = client, owned
        self._scripts = AsyncBoundedScripts(self.keys)
        self._reserve = client.register_script(_scripts.RESERVE)
        self._observe = client.register_script(_scripts.OBSERVE)

    async def reserve(self, within: float | None = None) -> float:
        if self.store_skipped():
            return self.refuse(within)
        try:
            result = await self._scripts.run(self._reserve, self.reserve_args(within), within)
        except DeadlineFirst:
            return self.out_of_time(within or 0.0)
        except STORE_ERRORS as error:
            self.failed(error)
            return self.refuse(within, error)
        self.reached()
        return self.wait(result)

    async def observe(
        self,
        status_code: int,
        headers: Mapping[str, str],
        retry_after: float | None = None,
        *,
        within: float | None = None,
    ) -> None:
        self.observe_locally(status_code, headers, retry_after)
        if not self.needs_observing(status_code, headers) or self.store_skipped():
            return
        args = self.observe_args(status_code, headers, retry_after)
        try:
            await self._scripts.run(self._observe, args, within)
        except DeadlineFirst:
            return  # the answer is in and the deadline near: not waited for (the script may still run)
        except STORE_ERRORS as error:
            self.failed(error)  # logged; the next reserve probes Redis again or refuses
        else:
            self.reached()

    async def aclose(self) -> None:
        await self._scripts.aclose()
        if self._owned:
            await self._client.aclose()
