"""OAuthRefresh: a portal's refresh token exchanged for access tokens, one exchange at a time.

Single flight across threads, tasks and event loops, sync and async clients alike: the first caller that
needs a new token claims the refresh (a ``concurrent.futures.Future`` under a short lock) and starts it as a
job of its own (a worker thread, or a task on the caller's event loop); every caller, the one that started it
included, waits for that future and uses the token it gives. Cancelling or interrupting a caller ends only its
wait: the exchange, once sent, is applied and handed to ``on_refresh`` whatever happens to the caller, so a
rotated refresh token is never lost. So one object may be shared by any number of clients, ``with_options()``
clones and portal clients, sync or async.
"""

from __future__ import annotations

import concurrent.futures
import contextvars
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import httpx

from . import _redact as redact
from ._config import check_seconds
from ._exceptions import ConfigurationError
from ._oauth import TOKEN_PATH, OAuthRefreshError, TokenSet, check_token, token_form
from ._oauth_jobs import Received, exchange_async, exchange_sync, hook_async, hook_sync

if TYPE_CHECKING:  # at run time imported where an async wait needs it: sync programs never load asyncio
    import asyncio

logger = logging.getLogger("hubspot_channels")
DEFAULT_MARGIN = 300.0  # refresh this long before expiry (at most half the lifetime)
RETRY_AFTER_FAILURE = 10.0  # s: a failed early refresh is tried again this much later, the held token used
TRANSIENT = frozenset({"server_error", "connection", "unreadable"})  # worth falling back on the held token
_AGAIN = object()  # the job was cancelled before it settled (its event loop closed): claim it again
_CLAIMS = 3  # claims per token asked for: a refresh cancelled that often is an error, never a loop

RefreshHook = Callable[[TokenSet], None | Awaitable[None]]
TimeLeft = Callable[[], float]


class TokenWaitExpired(Exception):
    """The call's deadline ended while it waited for a refresh (the engine raises DeadlineExceededError)."""


class OAuthRefresh:
    """Access tokens for one installed portal, refreshed at HubSpot's token endpoint
    (``POST /oauth/2026-03/token`` on the client's base URL, form-encoded) ``margin`` seconds before they
    expire and once when HubSpot answers 401. Pass it as ``access_token=`` to either client.

    ``on_refresh(tokens)`` is called once per refresh with the new ``TokenSet``, before any caller uses it:
    store ``tokens.refresh_token`` there, since HubSpot may rotate it (an async client may pass an async
    hook; a sync client refuses one). When it raises, the call fails with ``OAuthRefreshError(reason=
    "hook_failed")`` (the hook's exception is its ``__cause__``), the new tokens are kept, and the next call
    offers them to the hook again, until it returns. A failed refresh inside the margin (a 5xx, no answer)
    falls back on the held token while it is valid, and is tried again ``RETRY_AFTER_FAILURE`` s later.
    ``access_token`` / ``expires_in``: a token you already hold, used until it is due. ``token_url``: an
    absolute URL instead of the client's base URL + ``token_path``. ``clock``: the monotonic clock the expiry
    is judged on (injectable for tests). The repr shows no secret.
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
        held = check_token(access_token, "access_token") if access_token is not None else None
        lifetime = check_seconds(expires_in, "expires_in", allow_none=True)
        redact.register([secret, refresh], pinned=True)  # long-lived: never forgotten by the masking
        redact.register([held])
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
        self._jobs: set[asyncio.Task[None]] = set()  # the running async jobs (the loop keeps weak references)
        self._token = held
        self._due = self._expires = 0.0  # on clock: refresh from then on; HubSpot refuses it from then on
        self._pending: Received | None = None  # tokens received, not yet stored by the hook: not used yet
        if held is not None:
            now = clock()
            seconds = lifetime if lifetime is not None else 1800.0
            self._due, self._expires = now + self._usable_for(seconds), now + seconds

    def __repr__(self) -> str:
        return f"OAuthRefresh(client_id={self.client_id!r}, refreshes={self.refreshes})"

    def _usable_for(self, expires_in: float) -> float:
        return expires_in - min(self.margin, expires_in / 2)

    def _url(self, base_url: str) -> str:
        return self.token_url or base_url + self.token_path

    # -- claiming and waiting -------------------------------------------------------------------------------

    def _claim(self, failed: str | None) -> tuple[str | None, concurrent.futures.Future[object] | None, bool]:
        """(token to use, or the refresh to wait for, whether this caller must start it)."""
        with self._lock:
            now = self.clock()
            token = self._token
            if self._pending is None and token is not None and token != failed and now < self._due:
                return token, None, False
            inflight = self._inflight
            if inflight is not None:
                return None, inflight, False
            inflight = self._inflight = concurrent.futures.Future()
            inflight.set_running_or_notify_cancel()  # a waiter's cancellation can no longer cancel it
            return None, inflight, True

    def _outcome(self, outcome: object, failed: str | None) -> str:
        """The token a settled refresh gave (used even if already due: one refresh per call, never a loop),
        the held token after a transient failure while it is valid, or the refresh's error."""
        if isinstance(outcome, str):
            return outcome
        if isinstance(outcome, OAuthRefreshError):
            if outcome.reason in TRANSIENT:
                with self._lock:
                    token = self._token
                    if token is not None and token != failed and self.clock() < self._expires:
                        return token
            raise outcome._again()
        assert isinstance(outcome, BaseException)
        raise outcome  # not the endpoint's answer (a closed client, say): as the HTTP client raised it

    # -- the job's steps (the same on both sides) -----------------------------------------------------------

    def _request(self, base_url: str) -> tuple[str, dict[str, str]] | Received:
        """What the job does: store tokens a failed hook left pending, or exchange the refresh token."""
        with self._lock:
            if self._pending is not None:
                return self._pending
            refresh_token = self._refresh_token
        return self._url(base_url), token_form(self.client_id, self._secret, refresh_token)

    def _received(self, tokens: TokenSet) -> Received:
        """Keep an answer at once (HubSpot has retired the old refresh token): pending until the hook stores
        it. Its lifetime counts from now, when the answer arrived."""
        redact.register([tokens.access_token])
        with self._lock:
            now = self.clock()
            previous, self._refresh_token = self._refresh_token, tokens.refresh_token
            received = self._pending = Received(
                tokens, now + self._usable_for(tokens.expires_in), now + tokens.expires_in
            )
            self.refreshes += 1
        if previous != tokens.refresh_token:
            redact.register([tokens.refresh_token], pinned=True)
            redact.unpin([previous])  # dead at HubSpot: still masked, no longer kept for ever
        logger.debug("OAuth access token refreshed (valid for %.0f s)", tokens.expires_in)
        return received

    def _publish(self, received: Received) -> str:
        """The hook stored it: from now on callers use it."""
        with self._lock:
            if self._pending is received:
                self._pending = None
                self._token, self._due, self._expires = (
                    received.tokens.access_token,
                    received.due,
                    received.expires,
                )
        return received.tokens.access_token

    def _failed(self, error: OAuthRefreshError) -> OAuthRefreshError:
        if error.reason in TRANSIENT:
            with self._lock:
                now = self.clock()
                if self._token is not None and now < self._expires:
                    self._due = min(now + RETRY_AFTER_FAILURE, self._expires)
                    left = self._expires - now
                    logger.warning(
                        "OAuth refresh failed (%s); the held access token (valid %.0f s more) is used meanwhile",
                        error.reason,
                        left,
                    )
        return error

    def _settle(self, inflight: concurrent.futures.Future[object], outcome: object) -> None:
        with self._lock:
            if self._inflight is inflight:
                self._inflight = None
        if not inflight.done():
            inflight.set_result(outcome)

    # -- sync -------------------------------------------------------------------------------------------------

    def token_sync(
        self,
        http: httpx.Client,
        base_url: str,
        failed: str | None = None,
        time_left: TimeLeft | None = None,
    ) -> str:
        """A usable access token (the one that got a 401 as ``failed``: a newer one), refreshing when due;
        ``time_left``: what is left of the call's deadline, which bounds the wait (TokenWaitExpired)."""
        for _ in range(_CLAIMS):
            token, inflight, start = self._claim(failed)
            if token is not None:
                return token
            assert inflight is not None
            if start:  # in a thread of its own: an interrupted caller (Ctrl-C) cannot stop it part-way
                context = contextvars.copy_context()
                job = threading.Thread(
                    target=context.run,
                    args=(self._job_sync, http, base_url, inflight),
                    name="hubspot-channels-oauth-refresh",
                    daemon=True,
                )
                job.start()
            try:
                outcome = inflight.result(timeout=None if time_left is None else max(time_left(), 0.0))
            except concurrent.futures.TimeoutError:
                raise TokenWaitExpired from None
            if outcome is not _AGAIN:
                return self._outcome(outcome, failed)
        raise _cancelled()

    def _job_sync(
        self, http: httpx.Client, base_url: str, inflight: concurrent.futures.Future[object]
    ) -> None:
        outcome: object = _AGAIN
        try:
            step = self._request(base_url)
            received = step if isinstance(step, Received) else self._received(exchange_sync(http, *step))
            problem = hook_sync(self.on_refresh, received.tokens)
            outcome = problem if problem is not None else self._publish(received)
        except OAuthRefreshError as error:
            outcome = self._failed(error)
        except Exception as exc:  # noqa: BLE001 - handed to the callers, who raise it
            outcome = exc
        finally:
            self._settle(inflight, outcome)

    # -- async ------------------------------------------------------------------------------------------------

    async def token_async(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        failed: str | None = None,
        time_left: TimeLeft | None = None,
    ) -> str:
        """The same for an async client: waiting never blocks the event loop."""
        for _ in range(_CLAIMS):
            token, inflight, start = self._claim(failed)
            if token is not None:
                return token
            assert inflight is not None
            import asyncio  # only when waiting for a refresh (see the top); a look-up once loaded

            if start:  # a task of its own: cancelling the caller cancels its wait, never the exchange
                job = asyncio.get_running_loop().create_task(self._job_async(http, base_url, inflight))
                self._jobs.add(job)
                job.add_done_callback(self._jobs.discard)
            waited = asyncio.shield(asyncio.wrap_future(inflight))
            try:
                outcome = await asyncio.wait_for(waited, None if time_left is None else max(time_left(), 0.0))
            except TimeoutError:
                raise TokenWaitExpired from None
            if outcome is not _AGAIN:
                return self._outcome(outcome, failed)
        raise _cancelled()

    async def _job_async(
        self, http: httpx.AsyncClient, base_url: str, inflight: concurrent.futures.Future[object]
    ) -> None:
        outcome: object = _AGAIN
        try:
            step = self._request(base_url)
            if isinstance(step, Received):
                received = step
            else:
                received = self._received(await exchange_async(http, *step))
            problem = await hook_async(self.on_refresh, received.tokens)
            outcome = problem if problem is not None else self._publish(received)
        except OAuthRefreshError as error:
            outcome = self._failed(error)
        except Exception as exc:  # noqa: BLE001 - handed to the callers, who raise it
            outcome = exc
        finally:  # cancelled (its event loop closed): _AGAIN, a waiter starts it anew
            self._settle(inflight, outcome)


def _cancelled() -> OAuthRefreshError:
    return OAuthRefreshError(
        f"The token refresh was cancelled {_CLAIMS} times before it finished (its event loop closed?)",
        reason="connection",
    )
