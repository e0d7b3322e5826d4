"""The clients: ``CustomChannelsClient`` (sync) and ``AsyncCustomChannelsClient``."""

from __future__ import annotations

import os
from types import TracebackType
from typing import Self, TypeVar

import httpx

from . import _redact as redact
from ._adapter import Adapter
from ._async_resources import AsyncChannelAccounts, AsyncChannels, AsyncMessages, AsyncStagingTokens
from ._calls import Calls
from ._config import (
    DEFAULT_API_VERSION,
    DEFAULT_BASE_URL,
    DEFAULT_TIMEOUT,
    ApiVersion,
    Credentials,
    Settings,
    as_timeout,
    check_base_url,
    check_retries,
    check_seconds,
    check_version,
)
from ._engine import AsyncEngine, Call, SyncEngine
from ._pacing import Pacer, RateLimit, as_rate_limit
from ._resources import ChannelAccounts, Channels, Messages, StagingTokens
from ._retry import DEFAULT_MAX_RETRIES, RetryPolicy

T = TypeVar("T")
ENV_BASE_URL = "HUBSPOT_BASE_URL"
DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=50)


def _settings(
    access_token: str | None,
    developer_api_key: str | None,
    app_id: int | str | None,
    api_version: str,
    base_url: str | None,
    timeout: float | httpx.Timeout,
    max_retries: int,
    deadline: float | None,
) -> Settings:
    credentials = Credentials.resolve(access_token, developer_api_key, app_id)
    redact.register(credentials.secrets())
    redact.install_log_filters()
    return Settings(
        credentials=credentials,
        base_url=check_base_url(base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL),
        api_version=check_version(api_version),
        timeout=as_timeout(timeout),
        retry=RetryPolicy(max_retries=check_retries(max_retries)),
        deadline=check_seconds(deadline, "deadline", allow_none=True),
    )


def _make_pacer(rate_limit: RateLimit | str | None) -> Pacer | None:
    limit = as_rate_limit(rate_limit)
    return Pacer(limit) if limit is not None else None


class _ClientBase:
    _settings: Settings
    _calls: Calls
    _pacer: Pacer | None  # one budget for the client and every with_options() clone of it

    def _init_common(self, settings: Settings) -> None:
        self._settings = settings
        self._calls = Calls(Adapter(settings.api_version))

    @property
    def rate_limit(self) -> RateLimit | None:
        """The pacing budget (None: no client-side pacing; 429s are still retried)."""
        return self._pacer.limit if self._pacer is not None else None

    @property
    def api_version(self) -> str:
        return self._settings.api_version

    @property
    def base_url(self) -> str:
        return self._settings.base_url

    def __repr__(self) -> str:  # credentials are never shown
        return f"{type(self).__name__}(base_url={self.base_url!r}, api_version={self.api_version!r})"


class CustomChannelsClient(_ClientBase):
    """Sync client. Credentials come from the arguments or HUBSPOT_ACCESS_TOKEN, HUBSPOT_DEVELOPER_API_KEY
        and HUBSPOT_APP_ID. Pass ``http_client`` to use your own ``httpx.Client`` (transport, proxies, hooks),
        ``rate_limit`` (a ``RateLimit``, a tier name such as "professional", or "auto") to pace every call of
        this client inside HubSpot's limit instead of collecting 429s. ``timeout`` bounds each network step
    (connect, each read); ``deadline`` (seconds) bounds a whole call, retries and a trickled answer included."""

    def __init__(
        self,
        *,
        access_token: str | None = None,
        developer_api_key: str | None = None,
        app_id: int | str | None = None,
        api_version: ApiVersion = DEFAULT_API_VERSION,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.Client | None = None,
        rate_limit: RateLimit | str | None = None,
        deadline: float | None = None,
    ) -> None:
        settings = _settings(
            access_token, developer_api_key, app_id, api_version, base_url, timeout, max_retries, deadline
        )
        self._pacer = _make_pacer(rate_limit)
        self._owns_http = http_client is None
        http = http_client or httpx.Client(timeout=settings.timeout, limits=DEFAULT_LIMITS)
        self._attach(settings, http)

    def _attach(self, settings: Settings, http: httpx.Client) -> None:
        self._init_common(settings)
        self._http = http
        self._engine = SyncEngine(http, settings, self._pacer)
        self.channels = Channels(self)
        self.channel_accounts = ChannelAccounts(self)
        self.staging_tokens = StagingTokens(self)
        self.messages = Messages(self)

    def _run(self, call: Call[T]) -> T:
        return self._engine.run(call)

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        deadline: float | None = None,
    ) -> CustomChannelsClient:
        """A client sharing this one's connections, with other timeout, retry or deadline settings."""
        clone = object.__new__(CustomChannelsClient)
        clone._owns_http = False
        clone._pacer = self._pacer
        changes = self._settings.with_changes(timeout=timeout, max_retries=max_retries, deadline=deadline)
        clone._attach(changes, self._http)
        return clone

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class AsyncCustomChannelsClient(_ClientBase):
    """Async client: the same resources and methods as CustomChannelsClient, awaited."""

    def __init__(
        self,
        *,
        access_token: str | None = None,
        developer_api_key: str | None = None,
        app_id: int | str | None = None,
        api_version: ApiVersion = DEFAULT_API_VERSION,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.AsyncClient | None = None,
        rate_limit: RateLimit | str | None = None,
        deadline: float | None = None,
    ) -> None:
        settings = _settings(
            access_token, developer_api_key, app_id, api_version, base_url, timeout, max_retries, deadline
        )
        self._pacer = _make_pacer(rate_limit)
        self._owns_http = http_client is None
        http = http_client or httpx.AsyncClient(timeout=settings.timeout, limits=DEFAULT_LIMITS)
        self._attach(settings, http)

    def _attach(self, settings: Settings, http: httpx.AsyncClient) -> None:
        self._init_common(settings)
        self._http = http
        self._engine = AsyncEngine(http, settings, self._pacer)
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
        clone = object.__new__(AsyncCustomChannelsClient)
        clone._owns_http = False
        clone._pacer = self._pacer
        changes = self._settings.with_changes(timeout=timeout, max_retries=max_retries, deadline=deadline)
        clone._attach(changes, self._http)
        return clone

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
