"""Optional HTTP transports. ``AiohttpTransport`` needs the ``aiohttp`` extra: ``pip install hubspot-channels[aiohttp]``.

httpx's own async connection pool slows down sharply with many requests in flight (at 50 concurrent status
updates it manages a few hundred a second on a small machine); aiohttp's pool does not. Plug it in under the
async client, everything else (retries, errors, pacing) stays the same::

    import httpx
    from hubspot_channels import AsyncCustomChannelsClient
    from hubspot_channels.transports import AiohttpTransport

    async with httpx.AsyncClient(transport=AiohttpTransport()) as http:
        client = AsyncCustomChannelsClient(http_client=http)
        await client.messages.update_statuses(updates, concurrency=50)

The transport's aiohttp session is created on the first request, in the event loop that makes it; use one
transport per event loop. It sends each request once: aiohttp's own resend of an idempotent request whose
kept-alive connection dropped is turned off, so the client's retry policy is the only one and the server sees
exactly the attempts it decided.
"""

from __future__ import annotations

from typing import Any

import httpx

try:
    import aiohttp
    from yarl import URL
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "hubspot_channels.transports.AiohttpTransport needs aiohttp: pip install 'hubspot-channels[aiohttp]'"
    ) from exc

__all__ = ["AiohttpTransport"]

_ATTEMPTS = "hubspot_channels_attempts"


class _ResendRefused(Exception):
    """aiohttp was about to send a request a second time."""


class AiohttpTransport(httpx.AsyncBaseTransport):
    """An ``httpx.AsyncBaseTransport`` that sends through an ``aiohttp.ClientSession``.

    ``limit`` caps open connections (aiohttp's connector limit); ``keepalive_timeout`` is how long an idle
    connection is kept. Timeouts come from httpx (the client's or the call's), mapped to aiohttp's.
    """

    def __init__(self, *, limit: int = 100, keepalive_timeout: float = 15.0) -> None:
        self._limit = limit
        self._keepalive_timeout = keepalive_timeout
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(limit=self._limit, keepalive_timeout=self._keepalive_timeout)
        # httpx decodes Content-Encoding itself (the Response gets the raw headers), so aiohttp must not
        session = aiohttp.ClientSession(
            connector=connector,
            auto_decompress=False,
            cookie_jar=aiohttp.DummyCookieJar(),
            trace_configs=[_one_connection_per_request()],
        )
        _disable_own_retry(session)
        return session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        session = self._session
        if session is None or session.closed:
            session = self._session = self._open()
        content = await request.aread()
        try:
            async with session.request(
                request.method,
                URL(str(request.url), encoded=True),  # keep httpx's percent-encoding of path segments as is
                headers=request.headers.multi_items(),
                data=content or None,
                allow_redirects=False,
                timeout=_timeout(request.extensions.get("timeout")),
                trace_request_ctx={_ATTEMPTS: [0]},
            ) as answer:
                body = await answer.read()
                return httpx.Response(
                    status_code=answer.status,
                    headers=answer.raw_headers,
                    content=body,
                    request=request,
                    extensions={
                        "http_version": f"HTTP/{answer.version.major}.{answer.version.minor}".encode()
                    }
                    if answer.version
                    else {},
                )
        except _ResendRefused as exc:
            raise httpx.RemoteProtocolError(
                "aiohttp: the connection closed before an answer (not resent here: the client's retries decide)",
                request=request,
            ) from exc
        except TimeoutError as exc:
            raise httpx.ReadTimeout(f"aiohttp: timed out ({type(exc).__name__})", request=request) from exc
        except aiohttp.ClientConnectorError as exc:
            raise httpx.ConnectError(f"aiohttp: {exc}", request=request) from exc
        except aiohttp.ClientPayloadError as exc:
            raise httpx.ReadError(f"aiohttp: {exc}", request=request) from exc
        except (
            aiohttp.ClientResponseError
        ) as exc:  # its str() quotes the URL, query string (API key) included
            raise httpx.RemoteProtocolError(
                f"aiohttp: {type(exc).__name__}: {exc.message}", request=request
            ) from exc
        except aiohttp.ClientError as exc:  # disconnects, malformed answers
            raise httpx.RemoteProtocolError(f"aiohttp: {type(exc).__name__}: {exc}", request=request) from exc

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def _timeout(spec: Any) -> aiohttp.ClientTimeout:
    """httpx's per-request timeout extension ({connect, read, write, pool}) as aiohttp's."""
    if not isinstance(spec, dict):
        return aiohttp.ClientTimeout(total=None)
    return aiohttp.ClientTimeout(
        total=None, connect=spec.get("pool"), sock_connect=spec.get("connect"), sock_read=spec.get("read")
    )


def _disable_own_retry(session: aiohttp.ClientSession) -> None:
    """aiohttp (>= 3.9) resends GET, PUT, DELETE... once when the connection drops; it must not, or a retried
    archive looks like a first attempt. The private flag (recent aiohttp) is the one its own test client clears;
    older versions are held by _one_connection_per_request."""
    if hasattr(session, "_retry_connection"):
        session._retry_connection = False


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
