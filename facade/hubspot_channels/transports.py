"""Optional HTTP transports: they need the ``aiohttp`` extra, ``pip install 'hubspot-channels[aiohttp]'``.

httpx's own async connection pool slows down sharply with many requests in flight (the bench table's raw
``httpx.AsyncClient`` row at concurrency 50); aiohttp's pool does not. ``AiohttpClient`` is
the fast path: the async client hands it each attempt and it sends it through aiohttp directly (no
``httpx.Request``, no httpx client machinery), everything else (retries, errors, limits, pacing) the same::

    from hubspot_channels import AsyncCustomChannelsClient
    from hubspot_channels.transports import AiohttpClient

    async with AiohttpClient() as http:
        client = AsyncCustomChannelsClient(http_client=http)
        await client.messages.update_statuses(updates, concurrency=50)

``AiohttpTransport`` is the same aiohttp session as an httpx transport, for an ``httpx.AsyncClient`` of your
own (``httpx.AsyncClient(transport=AiohttpTransport())``): httpx still builds and reads every request.

The aiohttp session is created on the first request, in the event loop that makes it; use one client or
transport per event loop. Each request is sent once: aiohttp's own resend of an idempotent request whose
kept-alive connection dropped is turned off, so the client's retry policy is the only one and the server sees
exactly the attempts it decided.

One difference from httpx remains: a server sending more bytes than its Content-Length, the excess not an HTTP
status line, makes aiohttp's parser drop the answer it had read; that attempt fails as a protocol error (an
idempotent call is retried) where httpx reads the declared length (a cut body, one attempt).
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import httpx

from ._sender import AttemptSender

try:
    import aiohttp
    from yarl import URL
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "hubspot_channels.transports (AiohttpClient, AiohttpTransport) needs aiohttp: pip install 'hubspot-channels[aiohttp]'"
    ) from exc

if TYPE_CHECKING:
    from ._attempts import Attempts
    from ._transfer import Exchange

__all__ = ["AiohttpClient", "AiohttpTransport"]

_ATTEMPTS = "hubspot_channels_attempts"

# What httpx (httpcore's h11) reads: a header block of up to 100 KiB, however many lines. aiohttp limits each
# line and the count instead (8190 bytes, 128 headers by default, where h11 reads a 10 KB CSP or 150 trace
# headers): one line may be as long as httpx's whole block, and the count caps the sum at ~100 MB.
MAX_FIELD_SIZE = 100 * 1024
MAX_HEADERS = 1000
CLOSED = "Cannot send a request, as the client has been closed."  # httpx's words for the same misuse
_SESSION_PARAMETERS = frozenset(inspect.signature(aiohttp.ClientSession.__init__).parameters)


def _header_limits(max_field_size: int, max_headers: int) -> dict[str, Any]:
    limits: dict[str, Any] = {"max_line_size": max_field_size, "max_field_size": max_field_size}
    if "max_headers" in _SESSION_PARAMETERS:  # aiohttp >= 3.13.4; older ones read up to 32768 headers
        limits["max_headers"] = max_headers
    return limits


class _ResendRefused(Exception):
    """aiohttp was about to send a request a second time."""


class AiohttpTransport(httpx.AsyncBaseTransport):
    """An ``httpx.AsyncBaseTransport`` that sends through an ``aiohttp.ClientSession``.

    ``limit`` caps open connections (aiohttp's connector limit); ``keepalive_timeout`` is how long an idle
    connection is kept; ``max_field_size`` (bytes of one header line) and ``max_headers`` bound an answer's
    headers (defaults: what httpx reads). Timeouts come from httpx (the client's or the call's), mapped to
    aiohttp's. Once closed it opens no new session.
    """

    def __init__(
        self,
        *,
        limit: int = 100,
        keepalive_timeout: float = 15.0,
        max_field_size: int = MAX_FIELD_SIZE,
        max_headers: int = MAX_HEADERS,
    ) -> None:
        self._limit = limit
        self._keepalive_timeout = keepalive_timeout
        self._header_limits = _header_limits(max_field_size, max_headers)
        self._session: aiohttp.ClientSession | None = None
        self._closed = False

    def session(self) -> aiohttp.ClientSession:
        """The aiohttp session, opened on first use in the running event loop; none once closed."""
        session = self._session
        if session is None or session.closed:
            if self._closed:  # a fresh session here would never be closed (leaked connector, sockets)
                raise RuntimeError(CLOSED)
            session = self._session = self._open()
        return session

    def _open(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(limit=self._limit, keepalive_timeout=self._keepalive_timeout)
        # The client decodes Content-Encoding itself, under its size limit, so aiohttp must not
        session = aiohttp.ClientSession(
            connector=connector,
            auto_decompress=False,
            cookie_jar=aiohttp.DummyCookieJar(),
            **self._header_limits,
        )
        if not _disable_own_retry(
            session
        ):  # older aiohttp: a trace refuses its resend (and costs every call)
            guard = _one_connection_per_request()
            guard.freeze()
            session.trace_configs.append(guard)
        return session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        session = self.session()
        content = await request.aread()
        try:
            answer = await session.request(
                request.method,
                URL(str(request.url), encoded=True),  # keep httpx's percent-encoding of path segments as is
                headers=request.headers.multi_items(),
                data=content or None,
                allow_redirects=False,
                timeout=_timeout(request.extensions.get("timeout")),
                trace_request_ctx=attempt_context(),
            )
        except Exception as exc:  # mapped to httpx's tree, or re-raised as it is
            mapped = as_httpx_error(exc, request)
            if mapped is exc:
                raise
            raise mapped from exc
        version = answer.version
        return httpx.Response(
            status_code=answer.status,
            headers=answer.raw_headers,
            # Streamed, not read here: the client reads it under its own limits (size, deadline) and decodes
            # Content-Encoding itself, so an undecodable body keeps its status.
            stream=_Body(answer, request),
            request=request,
            extensions={"http_version": f"HTTP/{version.major}.{version.minor}".encode()} if version else {},
        )

    async def aclose(self) -> None:
        self._closed = True
        if self._session is not None:
            await self._session.close()
            self._session = None


class _Body(httpx.AsyncByteStream):
    """aiohttp's response body as an httpx stream; closing it gives the connection back (or drops it when
    the body was not read to the end)."""

    def __init__(self, answer: aiohttp.ClientResponse, request: httpx.Request) -> None:
        self._answer = answer
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._answer.content.iter_chunked(_CHUNK):
                yield chunk
        except Exception as exc:  # mapped to httpx's tree, or re-raised as it is
            mapped = as_httpx_error(exc, self._request)
            if mapped is exc:
                raise
            raise mapped from exc

    async def aclose(self) -> None:
        if self._answer.content.at_eof():
            self._answer.release()
        else:
            self._answer.close()


_CHUNK = 64 * 1024


def as_httpx_error(exc: Exception, request: httpx.Request | None) -> Exception:
    """aiohttp's failure as the httpx error of the same meaning (connect errors stay "never sent")."""
    if isinstance(exc, _ResendRefused):
        return httpx.RemoteProtocolError(
            "aiohttp: the connection closed before an answer (not resent here: the client's retries decide)",
            request=request,
        )
    if _timed_out_connecting(exc):  # connect, or the wait for a pooled connection: unsent
        return httpx.ConnectTimeout(f"aiohttp: timed out connecting ({type(exc).__name__})", request=request)
    if isinstance(exc, TimeoutError):
        return httpx.ReadTimeout(f"aiohttp: timed out ({type(exc).__name__})", request=request)
    if isinstance(exc, aiohttp.ClientConnectorError):
        return httpx.ConnectError(f"aiohttp: {exc}", request=request)
    if isinstance(exc, aiohttp.ClientPayloadError):
        return httpx.ReadError(f"aiohttp: {exc}", request=request)
    if isinstance(
        exc, aiohttp.ClientResponseError
    ):  # its str() quotes the URL, query string (API key) included
        return httpx.RemoteProtocolError(f"aiohttp: {type(exc).__name__}: {exc.message}", request=request)
    if isinstance(exc, aiohttp.ClientError):  # disconnects, malformed answers
        return httpx.RemoteProtocolError(f"aiohttp: {type(exc).__name__}: {exc}", request=request)
    return exc


def _timed_out_connecting(exc: Exception) -> bool:
    """aiohttp >= 3.10 has ConnectionTimeoutError; 3.9 (which the extra allows) raises ServerTimeoutError for
    both steps, told apart only by its words. Looked up on each failure, not on each call."""
    connection_timeout = getattr(aiohttp, "ConnectionTimeoutError", None)
    if connection_timeout is not None:
        return isinstance(exc, connection_timeout)
    return isinstance(exc, aiohttp.ServerTimeoutError) and str(exc).startswith("Connection timeout")


def _timeout(spec: Any) -> aiohttp.ClientTimeout:
    """httpx's per-request timeout extension ({connect, read, write, pool}) as aiohttp's."""
    if not isinstance(spec, dict):
        return aiohttp.ClientTimeout(total=None)
    return aiohttp.ClientTimeout(
        total=None, connect=spec.get("pool"), sock_connect=spec.get("connect"), sock_read=spec.get("read")
    )


def client_timeout(timeout: httpx.Timeout) -> aiohttp.ClientTimeout:
    """An httpx.Timeout as aiohttp's (aiohttp has no write timeout), the same mapping as ``_timeout``."""
    return aiohttp.ClientTimeout(
        total=None, connect=timeout.pool, sock_connect=timeout.connect, sock_read=timeout.read
    )


def attempt_context() -> dict[str, list[int]]:
    """The trace context in which the guard (when installed) counts one request's connections."""
    return {_ATTEMPTS: [0]}


def _disable_own_retry(session: aiohttp.ClientSession) -> bool:
    """aiohttp (>= 3.9) resends GET, PUT, DELETE... once when the connection drops; it must not, or a retried
    archive looks like a first attempt. The private flag (recent aiohttp) is the one its own test client clears;
    older versions are held by _one_connection_per_request."""
    if hasattr(session, "_retry_connection"):
        session._retry_connection = False
        return True
    return False


def _one_connection_per_request() -> aiohttp.TraceConfig:
    """Refuse a second connection for one request: that is aiohttp resending it."""

    async def taken(session: aiohttp.ClientSession, context: Any, params: object) -> None:
        attempts = (context.trace_request_ctx or {}).get(_ATTEMPTS)
        if attempts is None:
            return
        attempts[0] += 1
        if attempts[0] > 1:
            raise _ResendRefused

    trace = aiohttp.TraceConfig()
    trace.on_connection_create_start.append(taken)
    trace.on_connection_reuseconn.append(taken)
    return trace


class AiohttpClient(AttemptSender):
    """The async client's native aiohttp path: pass it as ``http_client`` and every call of
    ``AsyncCustomChannelsClient`` goes straight through one ``aiohttp.ClientSession``, without httpx's
    request machinery, which ``AiohttpTransport`` under httpx still runs (more CPU per call).

    It is an ``httpx.AsyncClient`` on an ``AiohttpTransport`` (its options), so what still needs an httpx
    client (an ``OAuthRefresh``'s token requests) shares the same session. Timeouts, retries, the deadline,
    the body limits and the errors are the client's, as on httpx; httpx's own features (event hooks, auth,
    mounts, proxies) do not apply to the facade's calls. Close it (``async with`` or ``aclose()``) to close
    the session; a closed one refuses calls as httpx's does (RuntimeError). Use one per event loop.
    """

    def __init__(
        self,
        *,
        limit: int = 100,
        keepalive_timeout: float = 15.0,
        max_field_size: int = MAX_FIELD_SIZE,
        max_headers: int = MAX_HEADERS,
    ) -> None:
        from ._aiohttp_sender import send_attempt  # here: it imports this module

        self._aiohttp = AiohttpTransport(
            limit=limit,
            keepalive_timeout=keepalive_timeout,
            max_field_size=max_field_size,
            max_headers=max_headers,
        )
        self._send_attempt = send_attempt
        super().__init__(transport=self._aiohttp)

    async def send_attempt(self, attempts: Attempts[Any]) -> Exchange:
        if self.is_closed:  # what httpx.AsyncClient.send raises; the engine passes it on as it does httpx's
            raise RuntimeError(CLOSED)
        return await self._send_attempt(self._aiohttp, attempts)
