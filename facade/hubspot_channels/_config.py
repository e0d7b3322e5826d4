"""Client settings: credentials (from arguments or the environment), base URL, version, timeouts."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Literal, get_args

import httpx

from ._exceptions import ConfigurationError
from ._retry import RetryPolicy

ApiVersion = Literal["2026-03", "2026-09", "v3"]
API_VERSIONS: tuple[str, ...] = get_args(ApiVersion)
DEFAULT_API_VERSION: ApiVersion = "2026-03"
DEFAULT_BASE_URL = "https://api.hubapi.com"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)

ENV_ACCESS_TOKEN = "HUBSPOT_ACCESS_TOKEN"
ENV_DEVELOPER_API_KEY = "HUBSPOT_DEVELOPER_API_KEY"
ENV_APP_ID = "HUBSPOT_APP_ID"


@dataclass(frozen=True, slots=True)
class Credentials:
    """The secrets a client uses; repr shows only which ones are set."""

    access_token: str | None = field(default=None, repr=False)
    developer_api_key: str | None = field(default=None, repr=False)
    app_id: str | None = None

    @classmethod
    def resolve(
        cls, access_token: str | None, developer_api_key: str | None, app_id: int | str | None
    ) -> Credentials:
        app = app_id if app_id is not None else os.environ.get(ENV_APP_ID)
        return cls(
            access_token=access_token or os.environ.get(ENV_ACCESS_TOKEN) or None,
            developer_api_key=developer_api_key or os.environ.get(ENV_DEVELOPER_API_KEY) or None,
            app_id=str(app).strip() if app not in (None, "") else None,
        )

    def __repr__(self) -> str:
        def shown(value: str | None) -> str:
            return "set" if value else "missing"

        return (
            f"Credentials(access_token={shown(self.access_token)}, "
            f"developer_api_key={shown(self.developer_api_key)}, app_id={self.app_id!r})"
        )

    def bearer_header(self) -> dict[str, str]:
        if not self.access_token:
            raise ConfigurationError(
                "This operation needs an OAuth access token: pass access_token=... "
                f"or set {ENV_ACCESS_TOKEN}."
            )
        return {"Authorization": f"Bearer {self.access_token}"}

    def developer_params(self) -> dict[str, str]:
        missing = [
            f"{name} (or {env})"
            for name, env, value in (
                ("developer_api_key", ENV_DEVELOPER_API_KEY, self.developer_api_key),
                ("app_id", ENV_APP_ID, self.app_id),
            )
            if not value
        ]
        if missing:
            raise ConfigurationError(
                "Channel operations need the app's developer API key and app id; missing: " + ", ".join(missing)
            )
        assert self.developer_api_key is not None and self.app_id is not None
        return {"hapikey": self.developer_api_key, "appId": self.app_id}


@dataclass(frozen=True, slots=True)
class Settings:
    credentials: Credentials
    base_url: str
    api_version: str
    timeout: httpx.Timeout
    retry: RetryPolicy

    def with_changes(self, *, timeout: float | httpx.Timeout | None, max_retries: int | None) -> Settings:
        changed = self
        if timeout is not None:
            changed = replace(changed, timeout=as_timeout(timeout))
        if max_retries is not None:
            changed = replace(changed, retry=replace(changed.retry, max_retries=check_retries(max_retries)))
        return changed


def check_version(version: str) -> str:
    if version not in API_VERSIONS:
        raise ConfigurationError(
            f"Unknown API version {version!r}; available: {', '.join(API_VERSIONS)}"
        )
    return version


def check_retries(max_retries: int) -> int:
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ConfigurationError(f"max_retries must be a whole number >= 0, got {max_retries!r}")
    return max_retries


def as_timeout(timeout: float | httpx.Timeout) -> httpx.Timeout:
    return timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
