"""One OpenTelemetry span per facade call (its retries inside it), with what an operator searches by: the
operation, the API version, the answer's status, the retries, HubSpot's correlation id, the channel.

No attribute carries a credential: the URL is given as its template (``url.template``) and its host, never
with its query (the developer API key) or a staging token path segment; error texts (status and exception
event) are scrubbed, since an exception from an event hook or a transport may quote the URL.
"""

from __future__ import annotations

import contextlib
import re
import traceback
from collections.abc import Awaitable, Callable, Iterator
from functools import cache
from typing import Any, TypeVar

import httpx
from opentelemetry import trace
from opentelemetry.trace import Span, SpanKind, Status, StatusCode, Tracer

from .. import _redact as redact
from .._attempts import Attempts
from .._engine import _captured, capture_responses
from .._exceptions import APIConnectionError, APIStatusError
from .._models import Channel
from .._registry import VERSIONS

T = TypeVar("T")

SPAN_PREFIX = "hubspot_channels"
OPERATION = "hubspot_channels.operation"
API_VERSION = "hubspot_channels.api_version"
RETRIES = "hubspot_channels.retries"
CORRELATION_ID = "hubspot_channels.correlation_id"
CHANNEL_ID = "hubspot_channels.channel_id"
CORRELATION_HEADER = "x-hubspot-correlation-id"
_PATH_PARAMETER = re.compile(r"\\\{(\w+)\\\}")


class SpanTracer:
    """The ``CallTracer`` (``_tracing``) a client's engine runs each call through once instrumented."""

    def __init__(self, tracer: Tracer) -> None:
        self.tracer = tracer

    def run_sync(self, attempt_until_done: Callable[[Attempts[T]], T], attempts: Attempts[T]) -> T:
        with self._span(attempts) as traced:
            result = attempt_until_done(attempts)
            traced.succeeded(attempts, result)
            return result

    async def run_async(
        self, attempt_until_done: Callable[[Attempts[T]], Awaitable[T]], attempts: Attempts[T]
    ) -> T:
        with self._span(attempts) as traced:
            result = await attempt_until_done(attempts)
            traced.succeeded(attempts, result)
            return result

    @contextlib.contextmanager
    def _span(self, attempts: Attempts[Any]) -> Iterator[_TracedCall]:
        request = attempts.call.request
        version = attempts.settings.api_version
        template, channel_id = _path_facts(version, request.operation, request.path)
        host, port = _server(attempts.settings.base_url)
        attributes: dict[str, str | int] = {
            OPERATION: request.operation,
            API_VERSION: version,
            "http.request.method": request.method,
            "server.address": host,
            "server.port": port,
        }
        if template is not None:
            attributes["url.template"] = template
        if channel_id is not None:
            attributes[CHANNEL_ID] = channel_id
        span = self.tracer.start_span(
            f"{SPAN_PREFIX} {request.operation}", kind=SpanKind.CLIENT, attributes=attributes
        )
        # Current while the attempts run: an instrumented httpx client's spans are its children.
        with (
            trace.use_span(span, end_on_exit=True, record_exception=False, set_status_on_exception=False),
            _responses_seen() as seen,
        ):
            try:
                yield _TracedCall(span, seen, named_channel=channel_id is not None)
            except Exception as exc:
                _failed(span, attempts, exc)
                raise
            except BaseException as exc:  # cancelled, asyncio.timeout, Ctrl-C: not a success either
                _stopped(span, attempts, exc)
                raise


@contextlib.contextmanager
def _responses_seen() -> Iterator[list[httpx.Response]]:
    """The call's raw responses, still handed on to a ``capture_responses()`` block the caller opened."""
    outer = _captured.get()
    with capture_responses() as seen:
        try:
            yield seen
        finally:
            if outer is not None:
                outer.extend(seen)


class _TracedCall:
    __slots__ = ("named_channel", "seen", "span")

    def __init__(self, span: Span, seen: list[httpx.Response], *, named_channel: bool) -> None:
        self.span, self.seen, self.named_channel = span, seen, named_channel

    def succeeded(self, attempts: Attempts[Any], result: object) -> None:
        span, seen = self.span, self.seen
        span.set_attribute(RETRIES, attempts.retries_done)
        if seen:  # the last answer is the one that settled the call
            _answer(span, seen[-1].status_code, seen[-1].headers.get(CORRELATION_HEADER))
        if not self.named_channel:  # e.g. create_channel: the channel is the result's
            channel_id = result.id if isinstance(result, Channel) else getattr(result, "channel_id", None)
            if isinstance(channel_id, str):
                span.set_attribute(CHANNEL_ID, channel_id)


def _failed(span: Span, attempts: Attempts[Any], exc: Exception) -> None:
    span.set_attribute(RETRIES, attempts.retries_done)
    span.set_attribute("error.type", type(exc).__name__)
    if isinstance(exc, APIStatusError):
        _answer(span, exc.status_code, exc.correlation_id)
    elif not isinstance(exc, APIConnectionError) and isinstance(
        response := getattr(exc, "response", None), httpx.Response
    ):  # an unreadable success body: its status and correlation id
        _answer(span, response.status_code, response.headers.get(CORRELATION_HEADER))
    # Scrubbed like the status: an exception from outside the package (an event hook, a transport, the
    # caller's code) may quote the request URL, ?hapikey= included, in its text or its chained ones.
    stacktrace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    span.record_exception(
        exc,
        attributes={
            "exception.message": redact.scrub(str(exc)),
            "exception.stacktrace": redact.scrub(stacktrace),
        },
    )
    span.set_status(Status(StatusCode.ERROR, redact.scrub(f"{type(exc).__name__}: {exc}")[:300]))


def _stopped(span: Span, attempts: Attempts[Any], exc: BaseException) -> None:
    """A call that was stopped rather than failed: how it ended, without an exception event (not an error of
    the call, and a stacktrace per cancelled call would be noise)."""
    span.set_attribute(RETRIES, attempts.retries_done)
    span.set_attribute("error.type", type(exc).__name__)
    span.set_status(Status(StatusCode.ERROR, f"stopped: {type(exc).__name__}"))


def _answer(span: Span, status: int, correlation_id: str | None) -> None:
    span.set_attribute("http.response.status_code", status)
    if correlation_id:
        span.set_attribute(CORRELATION_ID, redact.scrub(correlation_id)[:200])


@cache
def _server(base_url: str) -> tuple[str, int]:
    url = httpx.URL(base_url)
    return url.host, url.port or (443 if url.scheme == "https" else 80)


@cache
def _path_matcher(version: str, operation: str) -> tuple[str, re.Pattern[str], str | None] | None:
    """The operation's path template, a pattern reading its parameters, and the channel id's wire name."""
    facts = VERSIONS.get(version)
    endpoint = facts.endpoints.get(operation) if facts is not None else None
    if endpoint is None:
        return None
    pattern = _PATH_PARAMETER.sub(r"(?P<\1>[^/]+)", re.escape(endpoint.path))
    channel = next((wire for argument, wire in endpoint.path_params if argument == "channel_id"), None)
    return endpoint.path, re.compile(pattern + "$"), channel


def _path_facts(version: str, operation: str, path: str) -> tuple[str | None, str | None]:
    """The path's template and, when the path names one, the channel id."""
    matcher = _path_matcher(version, operation)
    if matcher is None:
        return None, None
    template, pattern, channel = matcher
    found = pattern.match(path) if channel is not None else None
    return template, (found[channel] if found is not None and channel is not None else None)
