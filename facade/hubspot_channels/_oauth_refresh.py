"""OAuthRefresh: a portal's refresh token exchanged for access tokens, one exchange at a time.

Single flight across threads, tasks and event loops, sync and async clients alike: the first caller that
needs a new token claims the refresh (a ``concurrent.futures.Future`` under a short lock); every other caller
waits for that future (a thread blocks on it, a task awaits it through ``asyncio.wrap_future``) and then reads
the new token. So one object may be shared by any number of clients, ``with_options()`` clones and portal
clients, sync or async.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import inspect
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from . import _redact as redact
from ._exceptions import ConfigurationError
from ._oauth import TOKEN_PATH, OAuthRefreshError, TokenSet, check_token, parse_token_answer, token_form

logger = logging.getLogger("hubspot_channels")
DEFAULT_MARGIN = 300.0  # refresh this long before expiry (at most half the lifetime)
_AGAIN = object()  # the refreshing caller was cancelled: a waiter claims the refresh itself

RefreshHook = Callable[[TokenSet], None | Awaitable[None]]


class OAuthRefresh:
    """Access tokens for one installed portal, refreshed at HubSpot's token endpoint
    (``POST /oauth/2026-03/token`` on the client's base URL, form-encoded) ``margin`` seconds before they
    expire and once when HubSpot answers 401. Pass it as ``access_token=`` to either client.

    ``on_refresh(tokens)`` is called once per refresh with the new ``TokenSet``, before any caller uses it:
    store ``tokens.refresh_token`` there, since HubSpot may rotate it (an async client may pass an async
    hook). ``access_token`` / ``expires_in``: a token you already hold, used until it is due. ``token_url``:
    an absolute URL instead of the client's base URL + ``token_path``. ``clock``: the monotonic clock the
    expiry is judged on (injectable for tests). The repr shows no secret.
    """

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        refresh_token: str,
        on_refresh: RefreshHook | None = None,
        access_token: str | None = None,
        expires_in: float | None = None,
        margin: float = DEFAULT_MARGIN,
        token_path: str = TOKEN_PATH,
        token_url: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client_id = check_token(client_id, "client_id")
        secret = check_token(client_secret, "client_secret")
        refresh = check_token(refresh_token, "refresh_token")
        redact.register([secret, refresh, access_token if isinstance(access_token, str) else None])
        redact.install_log_filters()
        if isinstance(margin, bool) or not isinstance(margin, (int, float)) or not 0 <= margin <= 3600:
            raise ConfigurationError(f"margin must be seconds from 0 to 3600, got {margin!r}")
        if not token_path.startswith("/"):
            raise ConfigurationError("token_path must start with '/'")
        self.margin = float(margin)
        self.token_path = token_path
        self.token_url = token_url
        self.on_refresh = on_refresh
        self.clock = clock
        self.refreshes = 0  # exchanges that gave a token (for monitoring)
        self._secret = secret
        self._refresh_token = refresh
        self._lock = threading.Lock()  # held for microseconds, never across I/O: fine in async code too
        self._inflight: concurrent.futures.Future[object] | None = None
        self._token: str | None = None
        self._due = 0.0  # on clock: refresh from then on
        if access_token is not None:
            self._token = check_token(access_token, "access_token")
            self._due = clock() + self._usable_for(float(expires_in) if expires_in is not None else 1800.0)

    def __repr__(self) -> str:
        return f"OAuthRefresh(client_id={self.client_id!r}, refreshes={self.refreshes})"

    def _usable_for(self, expires_in: float) -> float:
        return expires_in - min(self.margin, expires_in / 2)

    def _url(self, base_url: str) -> str:
        return self.token_url or base_url + self.token_path

    # -- claiming ---------------------------------------------------------------------------------------------

    def _claim(self, failed: str | None) -> tuple[str | None, concurrent.futures.Future[object] | None, bool]:
        """(token to use, or the refresh to wait for / to carry out, whether this caller carries it out)."""
        with self._lock:
            token = self._token
            if token is not None and token != failed and self.clock() < self._due:
                return token, None, False
            inflight = self._inflight
            if inflight is not None:
                return None, inflight, False
            inflight = self._inflight = concurrent.futures.Future()
            inflight.set_running_or_notify_cancel()  # a waiter's cancellation can no longer cancel it
            return None, inflight, True

    def _begin(self, base_url: str) -> tuple[str, dict[str, str]]:
        return self._url(base_url), token_form(self.client_id, self._secret, self._refresh_token)

    def _apply(self, tokens: TokenSet) -> None:
        redact.register([tokens.access_token, tokens.refresh_token])
        with self._lock:
            self._token = tokens.access_token
            self._refresh_token = tokens.refresh_token
            self._due = self.clock() + self._usable_for(tokens.expires_in)
            self.refreshes += 1
        logger.debug("OAuth access token refreshed (valid for %.0f s)", tokens.expires_in)

    def _settle(self, inflight: concurrent.futures.Future[object], outcome: object) -> None:
        with self._lock:
            if self._inflight is inflight:
                self._inflight = None
        if not inflight.done():
            inflight.set_result(outcome)

    @staticmethod
    def _waited(outcome: object) -> None:
        if isinstance(outcome, OAuthRefreshError):
            raise outcome._again()

    # -- sync -------------------------------------------------------------------------------------------------

    def token_sync(self, http: httpx.Client, base_url: str, failed: str | None = None) -> str:
        """A usable access token (the one that got a 401 as ``failed``: a newer one), refreshing when due."""
        while True:
            token, inflight, owner = self._claim(failed)
            if token is not None:
                return token
            assert inflight is not None
            if not owner:
                outcome = inflight.result()
                if outcome is not _AGAIN:
                    self._waited(outcome)
                    failed = None
                continue
            self._refresh_sync(http, base_url, inflight)
            failed = None

    def _refresh_sync(
        self, http: httpx.Client, base_url: str, inflight: concurrent.futures.Future[object]
    ) -> None:
        outcome: object = _AGAIN
        applied = False
        try:
            url, form = self._begin(base_url)
            tokens = _answered(
                url, form["refresh_token"], lambda: http.post(url, data=form, headers=_HEADERS)
            )
            self._apply(tokens)
            applied = True
            if self.on_refresh is not None:
                result = self.on_refresh(tokens)
                if inspect.isawaitable(result):
                    _close(result)
                    raise ConfigurationError("on_refresh of a sync client must be a plain function")
        except OAuthRefreshError as error:
            outcome = error
            raise
        finally:  # waiters: the new token, the same error, or (cancelled, interrupted) claim it themselves
            self._settle(inflight, None if applied else outcome)

    # -- async ------------------------------------------------------------------------------------------------

    async def token_async(self, http: httpx.AsyncClient, base_url: str, failed: str | None = None) -> str:
        """The same for an async client: waiting never blocks the event loop."""
        while True:
            token, inflight, owner = self._claim(failed)
            if token is not None:
                return token
            assert inflight is not None
            if not owner:
                # shield: a waiter's cancellation must not cancel the refresh others wait for
                outcome = await asyncio.shield(asyncio.wrap_future(inflight))
                if outcome is not _AGAIN:
                    self._waited(outcome)
                    failed = None
                continue
            await self._refresh_async(http, base_url, inflight)
            failed = None

    async def _refresh_async(
        self, http: httpx.AsyncClient, base_url: str, inflight: concurrent.futures.Future[object]
    ) -> None:
        outcome: object = _AGAIN
        applied = False
        try:
            url, form = self._begin(base_url)
            response = await _posted_async(http, url, form)
            tokens = _answered(url, form["refresh_token"], lambda: response)
            self._apply(tokens)
            applied = True
            if self.on_refresh is not None:
                result = self.on_refresh(tokens)
                if inspect.isawaitable(result):
                    await result
        except OAuthRefreshError as error:
            outcome = error
            raise
        finally:
            self._settle(inflight, None if applied else outcome)


_HEADERS = {"Accept": "application/json"}


async def _posted_async(
    http: httpx.AsyncClient, url: str, form: dict[str, str]
) -> httpx.Response | Exception:
    try:
        return await http.post(url, data=form, headers=_HEADERS)
    except httpx.HTTPError as exc:
        return exc


def _answered(url: str, refresh_token: str, post: Callable[[], httpx.Response | Exception]) -> TokenSet:
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


def _close(result: Any) -> None:
    close = getattr(result, "close", None)
    if callable(close):
        close()
