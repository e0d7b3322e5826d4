"""What the sync and async clients share: settings from arguments and environment, pacing, properties."""

from __future__ import annotations

import os
from dataclasses import replace

import httpx

from . import _redact as redact
from ._adapter import Adapter
from ._calls import Calls
from ._config import (
    DEFAULT_BASE_URL,
    Credentials,
    Settings,
    as_timeout,
    check_base_url,
    check_retries,
    check_seconds,
    check_version,
)
from ._exceptions import ConfigurationError
from ._pacing import Pacer, RateLimit, as_rate_limit
from ._retry import RetryPolicy
from ._shared_pacing import AsyncSharedPacer, SharedPacer, SharedRateLimit

ENV_BASE_URL = "HUBSPOT_BASE_URL"
DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=50)


def client_settings(
    access_token: object,  # a token, a token provider or an OAuthRefresh
    developer_api_key: str | None,
    app_id: int | str | None,
    api_version: str,
    base_url: str | None,
    timeout: float | httpx.Timeout,
    max_retries: int,
    deadline: float | None,
) -> Settings:
    credentials = Credentials.resolve(access_token, developer_api_key, app_id)
    redact.register(credentials.secrets(), pinned=True)  # long-lived: never forgotten by the masking
    redact.install_log_filters()
    return Settings(
        credentials=credentials,
        base_url=check_base_url(base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL),
        api_version=check_version(api_version),
        timeout=as_timeout(timeout),
        retry=RetryPolicy(max_retries=check_retries(max_retries)),
        deadline=check_seconds(deadline, "deadline", allow_none=True),
    )


def portal_settings(settings: Settings, access_token: object) -> Settings:
    """A portal client's settings: this client's, with the portal's token."""
    credentials = settings.credentials.for_portal(access_token)
    redact.register(credentials.secrets(), pinned=True)
    return replace(settings, credentials=credentials)


def portal_pacing(
    pacer: Pacer | None, shared: object, rate_limit: RateLimit | SharedRateLimit | str | None
) -> Pacer | None:
    """A portal's own local budget (HubSpot counts per app and account): ``rate_limit`` when given, else a
    fresh pacer of this client's limit. A budget shared with other processes is keyed by account, so a
    portal of such a client must be given its own."""
    if rate_limit is not None:
        return make_pacer(rate_limit)
    if shared is not None:
        raise ConfigurationError(
            "this client's rate limit is shared by account (SharedRateLimit): pass the portal's own as "
            "for_portal(..., rate_limit=...), e.g. RedisRateLimit(..., account_id=<portal id>)"
        )
    return Pacer(pacer.limit) if pacer is not None else None


def make_pacer(rate_limit: RateLimit | SharedRateLimit | str | None) -> Pacer | None:
    if isinstance(rate_limit, SharedRateLimit):
        return None  # paced by the client's shared pacer instead
    limit = as_rate_limit(rate_limit)
    return Pacer(limit) if limit is not None else None


class _ClientBase:
    _settings: Settings
    _calls: Calls
    _pacer: Pacer | None  # one budget for the client and every with_options() clone of it
    _shared: SharedPacer | AsyncSharedPacer | None  # or one kept outside the process

    def _init_common(self, settings: Settings) -> None:
        self._settings = settings
        self._calls = Calls(Adapter(settings.api_version))

    @property
    def rate_limit(self) -> RateLimit | None:
        """The pacing budget (None: no client-side pacing; 429s are still retried)."""
        pacer = self._pacer or self._shared
        return pacer.limit if pacer is not None else None

    @property
    def api_version(self) -> str:
        return self._settings.api_version

    @property
    def base_url(self) -> str:
        return self._settings.base_url

    def __repr__(self) -> str:  # credentials are never shown
        return f"{type(self).__name__}(base_url={self.base_url!r}, api_version={self.api_version!r})"
