"""The bearer token of each request when ``access_token=`` is a provider or an ``OAuthRefresh``: written by
hand once per side (the engines, generated one from the other, import ``AsyncTokenSource`` /
``TokenSource`` by name), since the sync side must call and the async side may await.

The settings a call is sent with carry the token; they are rebuilt only when the token changes, so a
steady token costs one comparison per call.
"""

from __future__ import annotations

import inspect
from dataclasses import replace

import httpx

from . import _redact as redact
from ._config import Settings
from ._exceptions import ConfigurationError
from ._oauth import check_token
from ._oauth_jobs import is_async_hook
from ._oauth_refresh import OAuthRefresh, TimeLeft

PROVIDED = "the token provider's answer"


class _Source:
    __slots__ = ("_last", "provider", "settings")

    def __init__(self, settings: Settings, provider: object) -> None:
        self.settings = settings
        self.provider = provider
        self._last: tuple[str, Settings] | None = None

    def settings_for(self, token: str) -> Settings:
        """The settings to send a call with under token (its Credentials carry it as the access token)."""
        last = self._last
        if last is not None and last[0] == token:
            return last[1]
        credentials = replace(self.settings.credentials, access_token=token)
        settings = replace(self.settings, credentials=credentials)
        self._last = (token, settings)
        return settings

    def _accepted(self, value: object) -> str:
        last = self._last
        if last is not None and value == last[0]:
            return last[0]
        token = check_token(value, PROVIDED)
        redact.register([token])
        return token


class TokenSource(_Source):
    """Tokens for the sync engine: a plain callable is called per call; an OAuthRefresh refreshes when due."""

    __slots__ = ()

    @classmethod
    def of(cls, settings: Settings) -> TokenSource | None:
        provider = settings.credentials.token_provider
        if isinstance(provider, OAuthRefresh) and is_async_hook(provider.on_refresh):
            # refused now: at the first refresh the rotated token could not be stored
            raise ConfigurationError(
                "the sync client needs a plain on_refresh function (it cannot await a coroutine); "
                "use AsyncCustomChannelsClient for an async hook"
            )
        return cls(settings, provider) if provider is not None else None

    def token(self, http: httpx.Client, failed: str | None = None, time_left: TimeLeft | None = None) -> str:
        """``time_left``: what is left of the call's deadline, bounding an OAuthRefresh's wait."""
        provider = self.provider
        if isinstance(provider, OAuthRefresh):
            return provider.token_sync(http, self.settings.base_url, failed, time_left)
        assert callable(provider)
        value = provider()
        if inspect.isawaitable(value):
            close = getattr(value, "close", None)
            if callable(close):
                close()  # no "coroutine was never awaited" warning on top of the error
            raise ConfigurationError(
                "the sync client needs a sync token provider (a function returning the token); "
                "use AsyncCustomChannelsClient for an async one"
            )
        return self._accepted(value)


class AsyncTokenSource(_Source):
    """Tokens for the async engine: a callable's answer is awaited when it is awaitable."""

    __slots__ = ()

    @classmethod
    def of(cls, settings: Settings) -> AsyncTokenSource | None:
        provider = settings.credentials.token_provider
        return cls(settings, provider) if provider is not None else None

    async def token(
        self, http: httpx.AsyncClient, failed: str | None = None, time_left: TimeLeft | None = None
    ) -> str:
        provider = self.provider
        if isinstance(provider, OAuthRefresh):
            return await provider.token_async(http, self.settings.base_url, failed, time_left)
        assert callable(provider)
        value = provider()
        if inspect.isawaitable(value):
            value = await value
        return self._accepted(value)
