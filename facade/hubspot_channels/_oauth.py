"""OAuth pieces without I/O: the token set, the token endpoint's answer read into it, its typed errors.

The single-flight refresh is ``_oauth_refresh.OAuthRefresh``; what the engines call per request is in
``_oauth_io``. Nothing here ever puts a token, refresh token or client secret in a message or a repr.
"""

from __future__ import annotations

import json
import math
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from . import _redact as redact
from ._exceptions import APIError, ConfigurationError

TokenProvider: TypeAlias = Callable[[], str]
AsyncTokenProvider: TypeAlias = Callable[[], str | Awaitable[str]]

TOKEN_PATH = "/oauth/2026-03/token"  # date-versioned; /oauth/v1/token is deprecated on 2027-02-16
DEFAULT_EXPIRES_IN = 1800.0  # HubSpot's documented lifetime, used when an answer does not say
MAX_EXPIRES_IN = 86_400.0
MAX_TOKEN_LENGTH = 8192  # HubSpot says "allow up to 300": far more is a broken answer, not a token


class OAuthRefreshError(APIError):
    """The token endpoint did not give a new access token. ``reason`` names the problem:

    - "invalid_grant": the refresh token is unknown, revoked or already rotated (reinstall the app);
    - "invalid_client": the client id or secret is wrong;
    - "rejected": another 4xx;
    - "server_error": a 5xx (transient: a later call tries again);
    - "unreadable": an answer that is not JSON or has no usable access token;
    - "connection": no answer at all;
    - "hook_failed": the exchange worked but ``on_refresh`` raised (its exception is the ``__cause__``): the
      new tokens are kept and offered to the hook again on the next call.

    ``status_code``, ``error_code`` (HubSpot's ``status``/``error`` field) and ``correlation_id`` are set when
    the endpoint answered. The message never contains a token or the client secret.
    """

    def __init__(
        self,
        message: str,
        *,
        reason: str,
        status_code: int | None = None,
        error_code: str | None = None,
        correlation_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.status_code = status_code
        self.error_code = error_code
        self.correlation_id = correlation_id

    def _again(self) -> OAuthRefreshError:
        """A fresh copy for another caller waiting on the same refresh (one exception object, one traceback)."""
        again = OAuthRefreshError(
            str(self),
            reason=self.reason,
            status_code=self.status_code,
            error_code=self.error_code,
            correlation_id=self.correlation_id,
        )
        again.__cause__ = self.__cause__  # a failed hook's own error
        return again


@dataclass(frozen=True, slots=True)
class TokenSet:
    """What a refresh gave: pass it to your store in ``on_refresh`` (the refresh token may have rotated).
    ``expires_in`` is in seconds from when the answer arrived; the repr shows no token."""

    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_in: float
    token_type: str | None = None
    hub_id: int | None = None


def check_token(value: object, source: str) -> str:
    """A bearer token that is safe in a header: a non-empty string of visible ASCII; never echoed."""
    if not isinstance(value, str):
        raise ConfigurationError(f"{source} must be a string, got {type(value).__name__}")
    if not value:
        raise ConfigurationError(f"{source} is empty")
    if len(value) > MAX_TOKEN_LENGTH:
        raise ConfigurationError(f"{source} is {len(value)} characters long (at most {MAX_TOKEN_LENGTH})")
    for position, char in enumerate(value):
        if not "!" <= char <= "~":
            raise ConfigurationError(
                f"{source} contains a space, control or non-ASCII character at position {position}"
            )
    return value


def _first(data: Mapping[str, Any], *names: str) -> Any:
    # the legacy endpoint spells fields access_token / expires_in, newer references accessToken / expiresIn
    for name in names:
        if name in data:
            return data[name]
    return None


def lifetime(value: object) -> float:
    """expires_in as seconds above 0 and at most a day; anything else (missing, zero, negative, text that is
    no number, a bool, NaN) is HubSpot's documented 30 minutes: a wrong guess only costs one 401 refresh."""
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return DEFAULT_EXPIRES_IN
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return DEFAULT_EXPIRES_IN
    try:
        seconds = float(value)
    except OverflowError:
        return DEFAULT_EXPIRES_IN
    if not math.isfinite(seconds) or seconds <= 0:
        return DEFAULT_EXPIRES_IN
    return min(seconds, MAX_EXPIRES_IN)


def _hub_id(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 19:
        return int(value)
    return None


def _text(value: object, limit: int = 200) -> str | None:
    return redact.scrub(value)[:limit] if isinstance(value, str) and value else None


def parse_token_answer(status: int, body: bytes, refresh_token: str) -> TokenSet:
    """The token set of a token-endpoint answer, or the OAuthRefreshError it stands for. ``refresh_token`` is
    the one sent: kept when the answer does not rotate it."""
    try:
        data: Any = json.loads(body) if body else None
    except (ValueError, RecursionError):
        data = None
    fields: Mapping[str, Any] = data if isinstance(data, dict) else {}
    if not 200 <= status < 300:
        raise _refused(status, fields, readable=isinstance(data, dict))
    if not isinstance(data, dict):
        raise OAuthRefreshError(
            f"The token endpoint answered {status} with a body that is not a JSON object",
            reason="unreadable",
            status_code=status,
        )
    access = _first(fields, "access_token", "accessToken")
    try:
        access = check_token(access, "the access token in the token endpoint's answer")
    except ConfigurationError as exc:
        raise OAuthRefreshError(
            f"The token endpoint answered {status} without a usable access token ({exc})",
            reason="unreadable",
            status_code=status,
        ) from None
    rotated = _first(fields, "refresh_token", "refreshToken")
    if isinstance(rotated, str) and rotated and rotated.isascii() and rotated.isprintable():
        refresh_token = rotated
    token_type = _first(fields, "token_type", "tokenType")
    return TokenSet(
        access_token=access,
        refresh_token=refresh_token,
        expires_in=lifetime(_first(fields, "expires_in", "expiresIn")),
        token_type=token_type[:40] if isinstance(token_type, str) else None,
        hub_id=_hub_id(_first(fields, "hub_id", "hubId")),
    )


_INVALID_GRANT = {"invalid_grant", "BAD_REFRESH_TOKEN", "BAD_AUTH_CODE", "EXPIRED_REFRESH_TOKEN"}
_INVALID_CLIENT = {"invalid_client", "BAD_CLIENT_ID", "BAD_CLIENT_SECRET", "unauthorized_client"}


def _refused(status: int, fields: Mapping[str, Any], *, readable: bool) -> OAuthRefreshError:
    codes = [value for value in (fields.get("status"), fields.get("error")) if isinstance(value, str)]
    code = next((c for c in codes if c != "error"), None)
    reason = (
        "server_error"
        if status >= 500
        else "invalid_grant"
        if any(c in _INVALID_GRANT for c in codes)
        else "invalid_client"
        if any(c in _INVALID_CLIENT for c in codes)
        else "rejected"
    )
    what = {
        "invalid_grant": "refused the refresh token (unknown, revoked or already rotated: the portal may "
        "have to install the app again)",
        "invalid_client": "refused the app's client id or secret",
        "server_error": "failed on HubSpot's side (a later call tries again)",
        "rejected": "refused the refresh",
    }[reason]
    detail = _text(fields.get("message")) or _text(fields.get("error_description"))
    shown = f" ({_text(code, 60)})" if code else ""
    message = f"The token endpoint {what}: HTTP {status}{shown}"
    if detail:
        message += f": {detail}"
    elif not readable:
        message += ", with a body that is not JSON"
    return OAuthRefreshError(
        message,
        reason=reason,
        status_code=status,
        error_code=_text(code, 60),
        correlation_id=_text(fields.get("correlationId"), 80),
    )


def token_form(client_id: str, client_secret: str, refresh_token: str) -> dict[str, str]:
    """The form body of a refresh: every parameter in the body, none in the URL (which logs may show)."""
    return {
        "grant_type": "refresh_token",
        "client_id": client_id,
        "client_secret": client_secret,
        "refresh_token": refresh_token,
    }
