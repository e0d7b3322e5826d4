"""The I/O of one refresh job (``_oauth_refresh``): the token endpoint's exchange and the ``on_refresh`` hook,
written once per side since the sync side must call and the async side may await."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from . import _redact as redact
from ._engine import CONSTANT_HEADERS
from ._exceptions import ConfigurationError
from ._oauth import OAuthRefreshError, TokenSet, parse_token_answer

# Sent per request, like an API call's: the same User-Agent whether the client is the facade's or the caller's.
_HEADERS = CONSTANT_HEADERS


@dataclass(frozen=True, slots=True)
class Received:
    """An exchange's tokens and when, on the OAuthRefresh's clock, they are due and expired."""

    tokens: TokenSet
    due: float
    expires: float


def exchange_sync(http: httpx.Client, url: str, form: dict[str, str]) -> TokenSet:
    return _answered(form["refresh_token"], lambda: http.post(url, data=form, headers=_HEADERS))


async def exchange_async(http: httpx.AsyncClient, url: str, form: dict[str, str]) -> TokenSet:
    try:
        answer: httpx.Response | Exception = await http.post(url, data=form, headers=_HEADERS)
    except httpx.HTTPError as exc:
        answer = exc
    return _answered(form["refresh_token"], lambda: answer)


def _answered(refresh_token: str, post: Callable[[], httpx.Response | Exception]) -> TokenSet:
    """The tokens of one exchange, or its OAuthRefreshError; raised outside any ``except`` block, so that no
    httpx exception (whose request holds the form body) is chained to it."""
    try:
        answer: httpx.Response | Exception = post()
    except httpx.HTTPError as exc:
        answer = exc
    if isinstance(answer, Exception):
        raise _unreachable(answer)
    return parse_token_answer(answer.status_code, answer.content, refresh_token)


def _unreachable(exc: Exception) -> OAuthRefreshError:
    detail = redact.scrub(str(exc))[:200]
    return OAuthRefreshError(
        f"The token endpoint could not be reached ({type(exc).__name__}: {detail})", reason="connection"
    )


def hook_sync(hook: Callable[[TokenSet], Any] | None, tokens: TokenSet) -> OAuthRefreshError | None:
    """None when the hook stored the tokens (or there is none), else the error the callers raise."""
    if hook is None:
        return None
    try:
        result = hook(tokens)
        if inspect.isawaitable(result):
            _close(result)
            raise ConfigurationError("on_refresh of a sync client must be a plain function, not a coroutine")
    except Exception as exc:  # noqa: BLE001 - reported to the callers, the tokens kept for the next try
        return hook_failed(exc)
    return None


async def hook_async(hook: Callable[[TokenSet], Any] | None, tokens: TokenSet) -> OAuthRefreshError | None:
    if hook is None:
        return None
    try:
        result = hook(tokens)
        if inspect.isawaitable(result):
            await result
    except Exception as exc:  # noqa: BLE001
        return hook_failed(exc)
    return None


def hook_failed(exc: Exception) -> OAuthRefreshError:
    error = OAuthRefreshError(
        f"on_refresh failed ({type(exc).__name__}): the new tokens are kept and offered to it again on the "
        "next call",
        reason="hook_failed",
    )
    error.__cause__ = exc  # the hook's own error, as it raised it
    return error


def is_async_hook(hook: object) -> bool:
    """An ``async def`` hook (or a callable object whose ``__call__`` is one): refused by a sync client."""
    return inspect.iscoroutinefunction(hook) or inspect.iscoroutinefunction(getattr(hook, "__call__", None))  # noqa: B004


def _close(result: Any) -> None:
    close = getattr(result, "close", None)
    if callable(close):
        close()
