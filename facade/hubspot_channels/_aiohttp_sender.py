"""The native aiohttp path of the async engine: ``transports.AiohttpClient`` sends each attempt straight
through one ``aiohttp.ClientSession`` (the one its ``AiohttpTransport`` owns), without building an
``httpx.Request`` or going through httpx's client, and gives the core what the httpx exchange gives it (see
``_sender``): the same bytes on the wire (URL, JSON body, headers), the body read under ``_transfer``'s
limits (size cap counted while decoding, one gzip/deflate layer named on any Content-Encoding line, the
deadline checked between chunks), aiohttp's failures as the httpx errors they correspond to.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import aiohttp
import httpx
from yarl import URL

from . import _transfer as transfer
from ._transfer import Exchange, finish, refused_encoding
from .transports import AiohttpTransport, as_httpx_error, attempt_context, client_timeout

if TYPE_CHECKING:
    from ._attempts import Attempts

# What httpx sends besides the engine's headers (User-Agent, Accept, credentials): only the encodings the
# exchange decodes (one layer), so brotli or zstd is never asked for even when installed.
_ACCEPT_ENCODING = "gzip, deflate"
# A URL already percent-encoded the way httpx would leave it (the codec quotes each path argument whole):
# sent as it is; anything else (a base URL with a space, non-ASCII) goes through httpx's own encoding.
_ENCODED_URL = re.compile(r"https?://[A-Za-z0-9\-._~%!$&'()*+,;=:@/\[\]]+")


class _Unread(httpx.AsyncByteStream):
    """Not a ByteStream: httpx.Response would read that through its decoders at once (a third of the cost
    of building it); the body is set by ``_transfer.finish``."""

    async def __aiter__(self) -> AsyncIterator[bytes]:
        return
        yield


_UNREAD = _Unread()


class LazyRequestResponse(httpx.Response):
    """An httpx.Response whose ``request`` (what an error or ``capture_responses()`` may look at) is built
    when first read, not on every call."""

    def __init__(self, status: int, headers: Any, method: str, url: str) -> None:
        super().__init__(status, headers=headers, stream=_UNREAD)
        self._method, self._url = method, url

    @property
    def request(self) -> httpx.Request:
        if self._request is None:
            self._request = httpx.Request(self._method, self._url)
        return self._request

    @request.setter
    def request(self, value: httpx.Request) -> None:
        self._request = value


async def send_attempt(transport: AiohttpTransport, attempts: Attempts[Any]) -> Exchange:
    call = attempts.call
    prepared = call.request
    timeout = _client_timeout(attempts.timeout())  # also starts the attempt's clock (logged)
    url = _encoded_url(attempts.url, attempts.params)
    headers = attempts.headers | {"Accept-Encoding": _ACCEPT_ENCODING}
    body: bytes | None = None
    if prepared.json is not None:  # what httpx's json= sends, byte for byte
        body = json.dumps(prepared.json, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
        headers["Content-Type"] = "application/json"
    try:
        answer = await transport.session().request(
            prepared.method,
            URL(url, encoded=True),
            headers=headers,
            data=body,
            allow_redirects=False,
            timeout=timeout,
            trace_request_ctx=attempt_context(),
        )
    except Exception as exc:  # mapped to httpx's tree, or re-raised as it is
        mapped = as_httpx_error(exc, None)
        if mapped is exc:
            raise
        raise mapped from exc
    response = LazyRequestResponse(answer.status, answer.raw_headers, prepared.method, url)
    done = False
    try:
        exchange = await _read_body(answer, response, attempts, prepared.operation)
        done = True
        return exchange
    except Exception as exc:  # a failed read (reset, timeout) as httpx's; the deadline's own error as it is
        mapped = as_httpx_error(exc, None)
        if mapped is exc:
            raise
        raise mapped from exc
    finally:
        if done and answer.content.at_eof():
            answer.release()  # the connection goes back to the pool
        else:
            answer.close()  # a body not read to its end (cancelled, too large, failed): the connection goes


async def _read_body(
    answer: aiohttp.ClientResponse, response: httpx.Response, attempts: Attempts[Any], operation: str
) -> Exchange:
    chunks: list[bytes] = []
    decoder = None
    lines = answer.headers.getall("Content-Encoding", ())  # aiohttp's header lookup: cheaper than httpx's
    if lines:  # every line, joined, as httpx reads them
        if refused_encoding(response):
            return finish(response, chunks, "undecodable")
        decoder = _decoder(lines)
    limit = transfer.MAX_RESPONSE_BYTES  # looked up here: a test may lower it
    deadline = attempts.deadline
    size = 0
    content = answer.content
    while True:
        raw = await content.readany()
        if not raw:
            break
        try:
            chunk = raw if decoder is None else decoder.decode(raw, limit - size + 1)
        except zlib.error:
            return finish(response, chunks, "undecodable")
        size += len(chunk)
        if size > limit:
            return finish(response, chunks, "too_large")
        chunks.append(chunk)
        if deadline is not None and deadline.remaining() <= 0:
            raise deadline.exceeded(operation)
    if decoder is not None:
        try:
            tail = decoder.flush()
        except zlib.error:
            return finish(response, chunks, "undecodable")
        size += len(tail)
        if size > limit:
            return finish(response, chunks, "too_large")
        chunks.append(tail)
    return finish(response, chunks, None)


class _Decoder:
    """One gzip or deflate layer, its output capped per chunk (``max_length``): a bomb stops at the limit
    instead of being inflated whole first. deflate is zlib-wrapped or raw, as httpx accepts both."""

    def __init__(self, wbits: int, raw_fallback: bool) -> None:
        self._inflate = zlib.decompressobj(wbits)
        self._raw_fallback = raw_fallback
        self._started = False

    def decode(self, data: bytes, max_length: int) -> bytes:
        try:
            out = self._inflate.decompress(data, max_length)
        except zlib.error:
            if not self._raw_fallback or self._started:
                raise
            self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self._inflate.decompress(data, max_length)
        self._started = True
        return out  # max_length reached (input left unconsumed) is past the limit: the caller stops there

    def flush(self) -> bytes:
        return self._inflate.flush()


def _decoder(lines: list[str]) -> _Decoder | None:
    """The one layer refused_encoding let through, whichever line names it; identity and blanks are none."""
    for line in lines:
        for layer in line.split(","):
            encoding = layer.strip().lower()
            if encoding in ("gzip", "x-gzip"):
                return _Decoder(zlib.MAX_WBITS | 16, raw_fallback=False)
            if encoding == "deflate":
                return _Decoder(zlib.MAX_WBITS, raw_fallback=True)
    return None


_last_timeout: tuple[httpx.Timeout | None, aiohttp.ClientTimeout] = (None, aiohttp.ClientTimeout())


def _client_timeout(timeout: httpx.Timeout) -> aiohttp.ClientTimeout:
    """Without a deadline every attempt has the settings' own Timeout: mapped once, not on each call."""
    global _last_timeout  # a one-entry cache: a race only maps once more
    last, mapped = _last_timeout
    if timeout is not last:
        mapped = client_timeout(timeout)
        _last_timeout = (timeout, mapped)
    return mapped


def _encoded_url(url: str, params: dict[str, Any] | None) -> str:
    if params is None and _ENCODED_URL.fullmatch(url):
        return url
    return str(httpx.URL(url, params=params))
