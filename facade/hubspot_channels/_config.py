"""Client settings: credentials (from arguments or the environment), base URL, version, timeouts."""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field, replace

import httpx

from . import _redact as redact
from ._exceptions import ConfigurationError
from ._registry import API_VERSIONS as API_VERSIONS  # noqa: PLC0414  (re-exported: the registry's versions)
from ._registry import DEFAULT_API_VERSION as DEFAULT_API_VERSION  # noqa: PLC0414
from ._registry import ApiVersion as ApiVersion  # noqa: PLC0414
from ._retry import RetryPolicy

DEFAULT_BASE_URL = "https://api.hubapi.com"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)

ENV_ACCESS_TOKEN = "HUBSPOT_ACCESS_TOKEN"
ENV_DEVELOPER_API_KEY = "HUBSPOT_DEVELOPER_API_KEY"
ENV_APP_ID = "HUBSPOT_APP_ID"


@dataclass(frozen=True, slots=True)
class Credentials:
    """The secrets a client uses; repr shows only which ones are set. ``token_provider`` is a callable or an
    ``OAuthRefresh`` given as ``access_token=``: the engine asks it for each call's token."""

    access_token: str | None = field(default=None, repr=False)
    developer_api_key: str | None = field(default=None, repr=False)
    app_id: str | None = None
    token_provider: object | None = field(default=None, repr=False, compare=False)

    @classmethod
    def resolve(
        cls, access_token: object, developer_api_key: str | None, app_id: int | str | None
    ) -> Credentials:
        token, provider = _token_or_provider(access_token)
        return cls(
            access_token=token,
            developer_api_key=_secret(developer_api_key, "developer_api_key", ENV_DEVELOPER_API_KEY),
            app_id=_app_id(app_id),
            token_provider=provider,
        )

    def for_portal(self, access_token: object) -> Credentials:
        """These credentials with another portal's token (a string, a provider or an OAuthRefresh); the
        environment is not read: a portal client is always given its token."""
        if access_token is None or access_token == "":
            raise ConfigurationError(
                "for_portal needs the portal's access_token (a token, provider or OAuthRefresh)"
            )
        token, provider = _token_or_provider(access_token)
        return replace(self, access_token=token, token_provider=provider)

    def secrets(self) -> tuple[str, ...]:
        return tuple(value for value in (self.access_token, self.developer_api_key) if value)

    def __repr__(self) -> str:
        def shown(value: str | None) -> str:
            return "set" if value else "missing"

        token = (
            shown(self.access_token) if self.token_provider is None else type(self.token_provider).__name__
        )
        return (
            f"Credentials(access_token={token}, "
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
                "Channel operations need the app's developer API key and app id; missing: "
                + ", ".join(missing)
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
    deadline: float | None = None  # seconds for a whole call, retries included; None: no overall bound

    def with_changes(
        self, *, timeout: float | httpx.Timeout | None, max_retries: int | None, deadline: float | None = None
    ) -> Settings:
        changed = self
        if deadline is not None:
            changed = replace(changed, deadline=check_seconds(deadline, "deadline"))
        if timeout is not None:
            changed = replace(changed, timeout=as_timeout(timeout))
        if max_retries is not None:
            changed = replace(changed, retry=replace(changed.retry, max_retries=check_retries(max_retries)))
        return changed


def _token_or_provider(value: object) -> tuple[str | None, object | None]:
    """(static token, provider): a callable or an OAuthRefresh (anything with ``token_sync``) is a provider."""
    if value is not None and not isinstance(value, str) and (callable(value) or hasattr(value, "token_sync")):
        return None, value
    return _secret(value, "access_token", ENV_ACCESS_TOKEN), None


def _secret(value: object, name: str, env: str) -> str | None:
    """A credential as given or from env; refused (never echoed) unless it is visible ASCII only: a token
    read from a file often ends in a newline, which would break the header and print it in errors."""
    source = name
    if value is None or value == "":
        value, source = os.environ.get(env) or None, env
        if value is None:
            return None
    if not isinstance(value, str):
        raise ConfigurationError(f"{source} must be a string, got {type(value).__name__}")
    for position, char in enumerate(value):
        if not "!" <= char <= "~":
            raise ConfigurationError(
                f"{source} contains {_describe(char, position, len(value))}; tokens and keys are visible "
                "ASCII only (strip the newline or spaces a file or secret mount may add)"
            )
    return value


def _describe(char: str, position: int, length: int) -> str:
    kind = {"\n": "a newline", "\r": "a carriage return", " ": "a space", "\t": "a tab"}.get(char)
    if kind is None:
        kind = "a control character" if char.isascii() else "a non-ASCII character"
    where = (
        "at the end"
        if position == length - 1
        else "at the start"
        if position == 0
        else f"at position {position}"
    )
    return f"{kind} {where}"


def _app_id(value: object) -> str | None:
    source = "app_id"
    if value is None or value == "":
        value, source = os.environ.get(ENV_APP_ID) or None, ENV_APP_ID
        if value is None:
            return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ConfigurationError(f"{source} must be a number, got {type(value).__name__}")
    text = str(value).strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 19 and int(text) > 0):
        raise ConfigurationError(f"{source} must be the app's numeric id (digits only), got {text[:30]!r}")
    return text


_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def check_base_url(value: object) -> str:
    """An http(s) URL of a host, with an optional path prefix; nothing that would misroute every call
    (a query or fragment swallows the API path, user:password@ replaces the Bearer token)."""
    if not isinstance(value, str):
        raise ConfigurationError(f"base_url must be a string, got {type(value).__name__}")
    if any(not "!" <= char <= "~" or char == "\\" for char in value):
        raise ConfigurationError(
            "base_url must not contain spaces, backslashes, control or non-ASCII characters"
        )
    if _BAD_ESCAPE.search(value) or any(
        part in (".", "..") for part in value.split("//", 1)[-1].split("/")[1:]
    ):
        raise ConfigurationError("base_url must not contain '.' or '..' segments or a malformed %-escape")
    try:
        url = httpx.URL(value)
        port = url.port
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        raise ConfigurationError(f"base_url is not a valid URL ({exc})") from None
    problem = None
    if url.scheme not in ("http", "https"):
        problem = "must start with http:// or https://"
    elif not url.host:
        problem = "has no host"
    elif url.userinfo:
        problem = "must not contain user:password@ (credentials go in access_token / developer_api_key)"
    elif url.query or "?" in value:
        problem = "must not contain a query string"
    elif url.fragment or "#" in value:
        problem = "must not contain a fragment"
    elif port is not None and not 0 < port < 65536:
        problem = "has an invalid port"
    if problem is not None:
        raise ConfigurationError(f"base_url {problem}; got {_shown_url(value, url)!r}")
    return value.rstrip("/")


def _shown_url(value: str, url: httpx.URL) -> str:
    """A refused base URL as its error quotes it: without user:password@, query or fragment (any of them may
    hold a key, e.g. ?hapikey=), and scrubbed of the secrets the package knows."""
    if url.userinfo:
        return f"{url.scheme}://***@{url.host}"
    head = re.split(r"[?#]", value, maxsplit=1)[0]
    return redact.scrub(head) + ("..." if head != value else "")


def check_version(version: str) -> str:
    if version not in API_VERSIONS:
        raise ConfigurationError(f"Unknown API version {version!r}; available: {', '.join(API_VERSIONS)}")
    return version


MAX_RETRIES_LIMIT = 100


def check_retries(max_retries: int) -> int:
    if (
        isinstance(max_retries, bool)
        or not isinstance(max_retries, int)
        or not 0 <= max_retries <= MAX_RETRIES_LIMIT
    ):
        raise ConfigurationError(
            f"max_retries must be a whole number from 0 to {MAX_RETRIES_LIMIT}, got {max_retries!r}"
        )
    return max_retries


def as_timeout(timeout: float | httpx.Timeout) -> httpx.Timeout:
    """A positive finite number of seconds, or an httpx.Timeout whose parts are such numbers (or None)."""
    if isinstance(timeout, httpx.Timeout):
        for part in ("connect", "read", "write", "pool"):
            check_seconds(getattr(timeout, part), f"timeout.{part}", allow_none=True)
        return timeout
    return httpx.Timeout(check_seconds(timeout, "timeout"))


MAX_SECONDS = 86_400.0  # a day: longer is a mistake, and the OS's timers overflow on values like 1e300


def check_seconds(value: object, name: str, *, allow_none: bool = False) -> float | None:
    if value is None and allow_none:
        return None
    seconds = _finite(value)
    if seconds is None or not 0 < seconds <= MAX_SECONDS:
        shown = repr(value) if len(repr(value)) <= 40 else f"{repr(value)[:40]}..."
        raise ConfigurationError(
            f"{name} must be a number of seconds above 0 and at most {MAX_SECONDS:g}, got {shown}"
        )
    return seconds


def _finite(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:  # an int like 10**400
        return None
    return number if math.isfinite(number) else None
