"""The decisions of sending a prepared call: credentials, retries, error mapping, logging. The per-call loop
over them is ``_attempts.Attempts`` (no I/O); the drivers that step it are ``_async_engine`` (the source) and
``_sync_engine`` (generated from it)."""

from __future__ import annotations

import contextlib
import contextvars
import logging
import time
import weakref
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import httpx

from . import _redact as redact
from . import _transfer as transfer
from ._call import Call as Call  # noqa: PLC0414  (re-exported: resources and drivers import it from here)
from ._config import Settings
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    DeadlineExceededError,
    RequestValidationError,
    status_error,
)
from ._pacing import MAX_PAUSE, Pacer
from ._response_fields import ResponseShapeError
from ._retry import RETRYABLE_STATUS, parse_retry_after
from ._transfer import Exchange
from ._version import __version__

T = TypeVar("T")
logger = logging.getLogger("hubspot_channels")
USER_AGENT = f"hubspot-channels-python/{__version__}"
# Sent on every request, whatever the call: set once on an httpx client the facade makes (httpx merges each
# request's own headers into the client's one by one, a few microseconds each), sent per request otherwise.
CONSTANT_HEADERS = {"User-Agent": USER_AGENT, "Accept": "application/json"}
_CARRYING_CONSTANT_HEADERS: weakref.WeakSet[httpx.Client | httpx.AsyncClient] = weakref.WeakSet()
HttpClient = TypeVar("HttpClient", httpx.Client, httpx.AsyncClient)


def with_constant_headers(http: HttpClient) -> HttpClient:
    """http (a client the facade made, no one else's) carrying CONSTANT_HEADERS itself."""
    http.headers.update(CONSTANT_HEADERS)
    _CARRYING_CONSTANT_HEADERS.add(http)
    return http


_captured: contextvars.ContextVar[list[httpx.Response] | None] = contextvars.ContextVar(
    "hubspot_channels_captured", default=None
)


@contextlib.contextmanager
def capture_responses() -> Iterator[list[httpx.Response]]:
    """Collect the raw httpx responses of the calls made inside the block (this thread or task only)."""
    responses: list[httpx.Response] = []
    token = _captured.set(responses)
    try:
        yield responses
    finally:
        _captured.reset(token)


def request_parts(call: Call[Any], settings: Settings) -> tuple[str, dict[str, Any] | None, dict[str, str]]:
    """URL, query and headers; raises ConfigurationError (nothing sent) when a credential is missing."""
    request = call.request
    headers = dict(CONSTANT_HEADERS)
    params = dict(request.params) if request.params else None
    if request.auth == "bearer":
        headers.update(settings.credentials.bearer_header())
    else:
        params = (params or {}) | settings.credentials.developer_params()
    return settings.base_url + request.path, params, headers


def finish(call: Call[T], response: httpx.Response) -> T:
    """The parsed success body (None for 204), or the error to raise."""
    captured = _captured.get()
    if captured is not None:
        captured.append(response)
    data: Any = None
    if response.status_code != 204 and response.content:
        try:
            data = response.json()
        except (ValueError, RecursionError):  # RecursionError: JSON nested thousands deep
            raise _unreadable(call, response, "with a body that is not JSON it can read") from None
    try:  # an empty body is None: fine for archive (204), an error for an operation that returns a resource
        return call.parse(data)
    except ResponseShapeError as exc:
        raise _unreadable(call, response, f"with an invalid body: {exc}", field=exc.field) from None
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError, RecursionError) as exc:
        detail = redact.scrub(f"{type(exc).__name__}: {exc}")[:300]
        raise _unreadable(call, response, f"with an unexpected body ({detail})") from None


def _unreadable(
    call: Call[Any], response: httpx.Response, problem: str, field: str | None = None
) -> APIResponseValidationError:
    return APIResponseValidationError(
        f"HTTP {response.status_code} from {call.request.operation} {problem}",
        response=redact.response(response),
        field=field,
    )


def build_request(
    http: httpx.Client | httpx.AsyncClient,
    call: Call[Any],
    url: str,
    params: Any,
    headers: dict[str, str],
    timeout: httpx.Timeout,
) -> httpx.Request:
    request = call.request
    if http in _CARRYING_CONSTANT_HEADERS:  # the client sends them: only the call's own (credentials)
        headers = {name: value for name, value in headers.items() if name not in CONSTANT_HEADERS}
    try:
        return http.build_request(
            request.method, url, params=params, json=request.json, headers=headers, timeout=timeout
        )
    except httpx.InvalidURL as exc:  # e.g. longer than httpx allows; nothing was sent
        raise RequestValidationError(
            f"{request.operation}: the request URL is invalid ({exc})"[:200]
        ) from None


def answer_error(call: Call[Any], exchange: Exchange) -> APIError:
    """The error for an answer that is not a readable success: its status error (an error status keeps its
    meaning even when its body cannot be decoded), or an unreadable or oversized body."""
    response = exchange.response
    if exchange.problem == "too_large":
        limit = transfer.MAX_RESPONSE_BYTES // (1024 * 1024)
        return _unreadable(call, response, f"with a body larger than {limit} MiB decoded")
    if response.is_success:
        encoding = response.headers.get("content-encoding", "")[:30]
        return _unreadable(
            call, response, f"with a body that cannot be decoded (Content-Encoding {encoding!r})"
        )
    return failure(response)


def failure(response: httpx.Response) -> APIStatusError:
    captured = _captured.get()
    if captured is not None:
        captured.append(response)
    return status_error(redact.response(response), retry_after=parse_retry_after(response.headers))


def retry_delay(call: Call[Any], error: APIError, retries_done: int, settings: Settings) -> float | None:
    """Seconds to wait before trying again, or None to give up and raise error."""
    if not call.idempotent or retries_done >= settings.retry.max_retries:
        return None
    if isinstance(error, APIStatusError):
        if error.status_code not in RETRYABLE_STATUS:
            return None  # a 502/503/504 may ask for a pause too, not only a 429
        return settings.retry.delay(retries_done + 1, parse_retry_after(error.response.headers))
    if isinstance(error, APIConnectionError) and not isinstance(error, DeadlineExceededError):
        return settings.retry.backoff(retries_done + 1)
    return None


def observation(response: httpx.Response) -> tuple[int, httpx.Headers, float | None]:
    """What a pacer (local or shared) learns from an answer: status, headers, a 429's Retry-After clamped to
    ``MAX_PAUSE``. ``max_retry_after`` only decides whether this caller waits or raises (``retry_delay``):
    a longer Retry-After (a daily limit) must pause every caller the longest, never fall back to a second."""
    retry_after = parse_retry_after(response.headers) if response.status_code == 429 else None
    if retry_after is not None:
        retry_after = min(retry_after, MAX_PAUSE)
    return response.status_code, response.headers, retry_after


def observe(pacer: Pacer, response: httpx.Response) -> None:
    pacer.observe(*observation(response))


def transport_error(exc: httpx.RequestError) -> tuple[APIConnectionError, BaseException | None]:
    """Every httpx request failure (timeouts, resets, undecodable bodies, redirect loops) in our tree, and
    the cause to chain: none when any exception of the chain would print a credential in a traceback."""
    if isinstance(exc, httpx.TimeoutException):
        error: APIConnectionError = APITimeoutError(f"Request timed out ({type(exc).__name__})")
    else:
        error = APIConnectionError(f"Connection error: {type(exc).__name__}: {redact.scrub(str(exc))[:500]}")
    return error, (None if redact.chain_leaks(exc) or _request_leaks(exc) else exc)


def _request_leaks(exc: httpx.RequestError) -> bool:
    """httpx's exception keeps the request: its URL carries the developer API key (error reporters read it)."""
    try:
        url = str(exc.request.url)
    except RuntimeError:  # an exception built without a request
        return False
    return redact.contains_secret(url)


# Failures after which HubSpot may have carried the request out although we got no answer: anything but
# "could not connect"; and gateway errors, which can come after the backend did its work. A 429 or 503
# says the request was not processed.
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)
_MAYBE_PROCESSED_STATUS = frozenset({502, 504})


def may_have_been_applied(error: APIError, cause: BaseException | None) -> bool:
    if isinstance(error, APIStatusError):
        return error.status_code in _MAYBE_PROCESSED_STATUS
    return isinstance(error, APIConnectionError) and not isinstance(cause, _NEVER_SENT)


def settled_by_retry(call: Call[Any], error: APIError, maybe_applied: bool) -> bool:
    """A retried DELETE that finds nothing after an attempt that may have reached HubSpot: that attempt
    did it and only its answer was lost. After a 429 or 503 a 404 means there was nothing to delete."""
    return (
        maybe_applied
        and call.request.method == "DELETE"
        and isinstance(error, APIStatusError)
        and error.status_code == 404
    )


DEADLINE_SLACK = 0.05  # seconds


class Deadline:
    """The end of a whole call (``Settings.deadline``), on the monotonic clock."""

    __slots__ = ("clock", "ends", "seconds")

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.clock = clock
        self.ends = clock() + seconds

    def remaining(self) -> float:
        return self.ends - self.clock()

    def timeout(self, timeout: httpx.Timeout) -> httpx.Timeout:
        """Each network step bounded by what is left of the call."""
        left = max(self.remaining(), 0.001)

        def bound(part: float | None) -> float:
            return left if part is None else min(part, left)

        return httpx.Timeout(
            connect=bound(timeout.connect), read=bound(timeout.read), write=bound(timeout.write),
            pool=bound(timeout.pool),
        )  # fmt: skip

    def spent(self) -> bool:
        """Nothing (to within a scheduling hiccup) is left: a timeout now is the deadline's, not a step's."""
        return self.remaining() <= DEADLINE_SLACK

    def exceeded(self, operation: str) -> DeadlineExceededError:
        return DeadlineExceededError(f"{operation} did not finish within its deadline of {self.seconds:g} s")


def start_deadline(settings: Settings, clock: Callable[[], float] = time.monotonic) -> Deadline | None:
    return Deadline(settings.deadline, clock) if settings.deadline is not None else None


def within_deadline(delay: float | None, deadline: Deadline | None) -> float | None:
    """The retry delay, or None (give up now) when waiting would end past the deadline."""
    if delay is None or deadline is None:
        return delay
    return delay if delay < deadline.remaining() else None


def log_attempt(call: Call[Any], status: int | str, started: float) -> None:
    if logger.isEnabledFor(logging.DEBUG):  # no query string (the API key) and no staging token in a log line
        elapsed = (time.perf_counter() - started) * 1000
        logger.debug(
            "%s %s -> %s in %.1f ms", call.request.method, redact.scrub(call.request.path), status, elapsed
        )


def log_retry(call: Call[Any], error: APIError, delay: float | None, retries_done: int) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        decision = f"retry {retries_done + 1} in {delay:.2f} s" if delay is not None else "no retry"
        logger.debug("%s failed (%s): %s", call.request.operation, type(error).__name__, decision)
