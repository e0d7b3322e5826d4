"""Sending a prepared call: credentials, retries, error mapping, logging. One loop each for sync and async,
sharing every decision."""

from __future__ import annotations

import contextlib
import contextvars
import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import httpx

from ._adapter import PreparedRequest
from ._config import Settings
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    status_error,
)
from ._pacing import Pacer
from ._retry import RETRYABLE_STATUS, parse_retry_after
from ._version import __version__

T = TypeVar("T")
logger = logging.getLogger("hubspot_channels")
USER_AGENT = f"hubspot-channels-python/{__version__}"
_captured: contextvars.ContextVar[list[httpx.Response] | None] = contextvars.ContextVar(
    "hubspot_channels_captured", default=None
)


@dataclass(frozen=True, slots=True)
class Call(Generic[T]):
    """A request ready to send, how to read its success body, and whether repeating it is harmless."""

    request: PreparedRequest
    parse: Callable[[Any], T]
    idempotent: bool


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
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
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
        except ValueError:
            raise APIResponseValidationError(
                f"HTTP {response.status_code} from {call.request.operation} with a body that is not JSON",
                response=response,
            ) from None
    try:  # an empty body is None: fine for archive (204), an error for an operation that returns a resource
        return call.parse(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise APIResponseValidationError(
            f"HTTP {response.status_code} from {call.request.operation}: unexpected body ({exc!r})",
            response=response,
        ) from exc


def failure(response: httpx.Response) -> APIStatusError:
    captured = _captured.get()
    if captured is not None:
        captured.append(response)
    return status_error(response, retry_after=parse_retry_after(response.headers))


def retry_delay(call: Call[Any], error: APIError, retries_done: int, settings: Settings) -> float | None:
    """Seconds to wait before trying again, or None to give up and raise error."""
    if not call.idempotent or retries_done >= settings.retry.max_retries:
        return None
    if isinstance(error, APIStatusError):
        if error.status_code not in RETRYABLE_STATUS:
            return None  # a 502/503/504 may ask for a pause too, not only a 429
        return settings.retry.delay(retries_done + 1, parse_retry_after(error.response.headers))
    if isinstance(error, APIConnectionError):
        return settings.retry.backoff(retries_done + 1)
    return None


def observe(pacer: Pacer, settings: Settings, response: httpx.Response) -> None:
    retry_after = parse_retry_after(response.headers) if response.status_code == 429 else None
    if retry_after is not None and retry_after > settings.retry.max_retry_after:
        retry_after = None  # we raise instead of waiting that long; the client must not freeze for it
    pacer.observe(response.status_code, response.headers, retry_after)


def transport_error(exc: httpx.RequestError) -> APIConnectionError:
    """Every httpx request failure (timeouts, resets, undecodable bodies, redirect loops) in our tree; the
    text is redacted because some transports quote the whole URL, query string (API key) included."""
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"Request timed out ({type(exc).__name__})")
    return APIConnectionError(f"Connection error: {type(exc).__name__}: {_redact(str(exc))}")


def settled_by_retry(call: Call[Any], error: APIError, retries_done: int) -> bool:
    """A retried DELETE that finds nothing: the first attempt did it and only its answer was lost."""
    return (
        retries_done > 0
        and call.request.method == "DELETE"
        and isinstance(error, APIStatusError)
        and error.status_code == 404
    )


def log_attempt(call: Call[Any], status: int | str, started: float) -> None:
    if logger.isEnabledFor(logging.DEBUG):  # no query string (the API key) and no staging token in a log line
        elapsed = (time.perf_counter() - started) * 1000
        path = _STAGING_TOKEN_SEGMENT.sub(r"\1***", call.request.path)
        logger.debug("%s %s -> %s in %.1f ms", call.request.method, path, status, elapsed)


class RedactQuerySecrets(logging.Filter):
    """httpx logs every request URL at INFO: channel operations carry the developer API key there, and
    staging-token operations the account token."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_redact(arg) for arg in record.args)
        return True


def _redact(arg: object) -> object:
    text = str(arg) if isinstance(arg, (str, httpx.URL)) else None
    if text is None or ("hapikey=" not in text and "/channel-account-staging-tokens/" not in text):
        return arg
    return _STAGING_TOKEN_SEGMENT.sub(r"\1***", _HAPIKEY.sub(r"\1***", text))


_HAPIKEY = re.compile(r"(hapikey=)[^&\s\"]*")
_STAGING_TOKEN_SEGMENT = re.compile(r"(/channel-account-staging-tokens/)[^/]+")
logging.getLogger("httpx").addFilter(RedactQuerySecrets())


def log_retry(call: Call[Any], error: APIError, delay: float | None, retries_done: int) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        decision = f"retry {retries_done + 1} in {delay:.2f} s" if delay is not None else "no retry"
        logger.debug("%s failed (%s): %s", call.request.operation, type(error).__name__, decision)


class SyncEngine:
    """pacer: the client's shared rate-limit budget, or None (then pacing costs one attribute test)."""

    def __init__(self, http: httpx.Client, settings: Settings, pacer: Pacer | None = None) -> None:
        self.http = http
        self.settings = settings
        self.pacer = pacer

    def run(self, call: Call[T]) -> T:
        url, params, headers = request_parts(call, self.settings)
        request = call.request
        pacer = self.pacer
        retries_done = 0
        while True:
            if pacer is not None:
                wait = pacer.reserve()
                if wait > 0:
                    time.sleep(wait)
            started = time.perf_counter()
            try:
                response = self.http.request(
                    request.method, url, params=params, json=request.json, headers=headers,
                    timeout=self.settings.timeout,
                )  # fmt: skip
            except httpx.RequestError as exc:
                log_attempt(call, type(exc).__name__, started)
                error: APIError = transport_error(exc)
                cause: BaseException | None = exc
            else:
                log_attempt(call, response.status_code, started)
                if pacer is not None:
                    observe(pacer, self.settings, response)
                if response.is_success:
                    return finish(call, response)
                error, cause = failure(response), None
                if settled_by_retry(call, error, retries_done):
                    return call.parse(None)
            delay = retry_delay(call, error, retries_done, self.settings)
            log_retry(call, error, delay, retries_done)
            if delay is None:
                raise error from cause
            time.sleep(delay)
            retries_done += 1


class AsyncEngine:
    def __init__(self, http: httpx.AsyncClient, settings: Settings, pacer: Pacer | None = None) -> None:
        self.http = http
        self.settings = settings
        self.pacer = pacer

    async def run(self, call: Call[T]) -> T:
        url, params, headers = request_parts(call, self.settings)
        request = call.request
        pacer = self.pacer
        retries_done = 0
        while True:
            if pacer is not None:
                wait = pacer.reserve()
                if wait > 0:
                    import asyncio  # here, not at the top: sync-only programs never pay for importing asyncio

                    await asyncio.sleep(wait)
            started = time.perf_counter()
            try:
                response = await self.http.request(
                    request.method, url, params=params, json=request.json, headers=headers,
                    timeout=self.settings.timeout,
                )  # fmt: skip
            except httpx.RequestError as exc:
                log_attempt(call, type(exc).__name__, started)
                error: APIError = transport_error(exc)
                cause: BaseException | None = exc
            else:
                log_attempt(call, response.status_code, started)
                if pacer is not None:
                    observe(pacer, self.settings, response)
                if response.is_success:
                    return finish(call, response)
                error, cause = failure(response), None
                if settled_by_retry(call, error, retries_done):
                    return call.parse(None)
            delay = retry_delay(call, error, retries_done, self.settings)
            log_retry(call, error, delay, retries_done)
            if delay is None:
                raise error from cause
            import asyncio  # here, not at the top: sync-only programs never pay for importing asyncio

            await asyncio.sleep(delay)
            retries_done += 1
