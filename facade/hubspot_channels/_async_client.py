"""The client: its engine, its resources, its lifecycle (shared parts in ``_client_base``)."""

from __future__ import annotations

from types import TracebackType
from typing import Self, TypeVar

import httpx

from ._async_engine import AsyncEngine
from ._async_resources import AsyncChannelAccounts, AsyncChannels, AsyncMessages, AsyncStagingTokens
from ._client_base import (
    DEFAULT_LIMITS,
    _ClientBase,
    client_settings,
    make_pacer,
    portal_pacing,
    portal_settings,
)
from ._config import DEFAULT_API_VERSION, DEFAULT_TIMEOUT, ApiVersion, Settings
from ._engine import Call, with_constant_headers
from ._oauth import AsyncTokenProvider
from ._oauth_refresh import OAuthRefresh
from ._pacing import RateLimit
from ._retry import DEFAULT_MAX_RETRIES
from ._shared_pacing import AsyncSharedPacer, SharedRateLimit

T = TypeVar("T")


class AsyncCustomChannelsClient(_ClientBase):
    """Client of HubSpot's Custom Channels API (the sync and async clients have the same resources and
    methods; the async ones are awaited). Credentials come from the arguments or HUBSPOT_ACCESS_TOKEN,
    HUBSPOT_DEVELOPER_API_KEY and HUBSPOT_APP_ID. Pass ``http_client`` to use your own ``httpx.AsyncClient``
    (transport, proxies, hooks), ``rate_limit`` (a ``RateLimit``, a tier name such as "professional", or
    "auto") to pace every call of this client inside HubSpot's limit instead of collecting 429s, or a
    ``SharedRateLimit`` (``hubspot_channels.redis.RedisRateLimit``) to share one budget with other processes
    (the client closes the pacer it makes of it). ``timeout``
    bounds each network step (connect, each read); ``deadline`` (seconds) bounds a whole call, retries and a
    trickled answer included. ``access_token`` may also be a function returning the token (called for each
    call; the async client's may be a coroutine function) or an ``OAuthRefresh``, refreshed before expiry and once on a 401;
    ``for_portal()`` gives a client of another portal on the same connections."""

    def __init__(
        self,
        *,
        access_token: str | AsyncTokenProvider | OAuthRefresh | None = None,
        developer_api_key: str | None = None,
        app_id: int | str | None = None,
        api_version: ApiVersion = DEFAULT_API_VERSION,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.AsyncClient | None = None,
        rate_limit: RateLimit | SharedRateLimit | str | None = None,
        deadline: float | None = None,
    ) -> None:
        settings = client_settings(
            access_token, developer_api_key, app_id, api_version, base_url, timeout, max_retries, deadline
        )
        self._pacer = make_pacer(rate_limit)
        self._shared: AsyncSharedPacer | None = AsyncSharedPacer.of(rate_limit)
        self._owns_http = http_client is None
        self._owns_shared = True
        http = http_client or with_constant_headers(
            httpx.AsyncClient(timeout=settings.timeout, limits=DEFAULT_LIMITS)
        )
        self._attach(settings, http)

    def _attach(self, settings: Settings, http: httpx.AsyncClient) -> None:
        self._init_common(settings)
        self._http = http
        self._engine = AsyncEngine(http, settings, self._pacer, shared=self._shared)
        self.channels = AsyncChannels(self)
        self.channel_accounts = AsyncChannelAccounts(self)
        self.staging_tokens = AsyncStagingTokens(self)
        self.messages = AsyncMessages(self)

    async def _run(self, call: Call[T]) -> T:
        return await self._engine.run(call)

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        deadline: float | None = None,
    ) -> AsyncCustomChannelsClient:
        """A client sharing this one's connections, with other timeout, retry or deadline settings."""
        clone = object.__new__(AsyncCustomChannelsClient)
        clone._owns_http = clone._owns_shared = False
        clone._pacer, clone._shared = self._pacer, self._shared
        changes = self._settings.with_changes(timeout=timeout, max_retries=max_retries, deadline=deadline)
        clone._attach(changes, self._http)
        clone._engine.tracer = self._engine.tracer  # an instrumented client's clones are traced too
        return clone

    def for_portal(
        self,
        access_token: str | AsyncTokenProvider | OAuthRefresh,
        *,
        rate_limit: RateLimit | SharedRateLimit | str | None = None,
    ) -> AsyncCustomChannelsClient:
        """A client of another installed portal: its token (a string, a provider or an ``OAuthRefresh``) and
        its own rate-limit budget (HubSpot counts per account: ``rate_limit``, or this client's limit anew),
        on this client's connection pool, version, timeouts, retries and developer key. Cheap (no new pool or
        transport); closing it leaves the pool open for the others."""
        portal = object.__new__(AsyncCustomChannelsClient)
        portal._pacer = portal_pacing(self._pacer, self._shared, rate_limit)
        portal._shared = AsyncSharedPacer.of(rate_limit)
        portal._owns_http, portal._owns_shared = False, portal._shared is not None
        portal._attach(portal_settings(self._settings, access_token), self._http)
        portal._engine.tracer = self._engine.tracer  # an instrumented client's portals are traced too
        return portal

    async def aclose(self) -> None:
        """Close the HTTP client this client created (one passed in as ``http_client`` stays open)."""
        if self._owns_http:
            await self._http.aclose()
        if self._owns_shared and self._shared is not None:
            await self._shared.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
