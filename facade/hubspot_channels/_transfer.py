"""One HTTP exchange, read with limits: the body's decoded size is capped (a 300 KB gzip bomb must not take a
gigabyte), an undecodable body keeps its status (a 429 with broken gzip is still a 429), an event hook's
``raise_for_status()`` keeps the response, and a ``deadline`` bounds the whole exchange.

The engine's retry loop calls ``send`` / ``send_async``; they raise only httpx.RequestError (no answer),
DeadlineExceededError, or return an ``Exchange``.
"""

from __future__ import annotations

import contextvars
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from ._engine import Deadline

MAX_RESPONSE_BYTES = 64 * 1024 * 1024  # decoded; HubSpot's largest page of messages is a few MB


@dataclass(slots=True)
class Exchange:
    """The response, its body read (or emptied), and what went wrong reading it, if anything."""

    response: httpx.Response
    problem: str | None = None  # "undecodable" or "too_large"


def _finish(response: httpx.Response, chunks: list[bytes], problem: str | None) -> Exchange:
    # The same assignment httpx's own Response.read() makes; the body is kept only when it is whole.
    response._content = b"".join(chunks) if problem is None else b""
    return Exchange(response, problem)


# One layer of these at most: each raw chunk is decoded whole before its size can be counted, so a second
# layer (gzip inside gzip) or brotli/zstd (ratios past a million) would let a few KB allocate gigabytes.
_DECODABLE = frozenset({"", "identity", "gzip", "x-gzip", "deflate"})


def _refused_encoding(response: httpx.Response) -> bool:
    layers = [layer.strip().lower() for layer in response.headers.get("content-encoding", "").split(",")]
    layers = [layer for layer in layers if layer not in ("", "identity")]
    return len(layers) > 1 or any(layer not in _DECODABLE for layer in layers)


def _read(response: httpx.Response, deadline: Deadline | None, operation: str) -> Exchange:
    chunks: list[bytes] = []
    size = 0
    if _refused_encoding(response):
        response.close()
        return _finish(response, chunks, "undecodable")
    try:
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > MAX_RESPONSE_BYTES:
                return _finish(response, chunks, "too_large")
            chunks.append(chunk)
            if deadline is not None and deadline.remaining() <= 0:
                raise deadline.exceeded(operation)
    except httpx.DecodingError:
        return _finish(response, chunks, "undecodable")
    finally:
        response.close()
    return _finish(response, chunks, None)


async def _aread(response: httpx.Response, operation: str) -> Exchange:
    chunks: list[bytes] = []
    size = 0
    if _refused_encoding(response):
        await response.aclose()
        return _finish(response, chunks, "undecodable")
    try:
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > MAX_RESPONSE_BYTES:
                return _finish(response, chunks, "too_large")
            chunks.append(chunk)
    except httpx.DecodingError:
        return _finish(response, chunks, "undecodable")
    finally:
        await response.aclose()
    return _finish(response, chunks, None)


def _exchange(
    http: httpx.Client, request: httpx.Request, deadline: Deadline | None, operation: str
) -> Exchange:
    try:
        response = http.send(request, stream=True)
    except httpx.HTTPStatusError as exc:  # an event hook's raise_for_status(): the answer is still an answer
        return _hooked(exc.response)
    return _read(response, deadline, operation)


def _hooked(response: httpx.Response) -> Exchange:
    """httpx closed the stream when the hook raised: the status and headers stand, the body is gone."""
    if not response.is_stream_consumed:
        response._content = b""  # the assignment Response.read() makes
    return Exchange(response)


def send(http: httpx.Client, request: httpx.Request, deadline: Deadline | None, operation: str) -> Exchange:
    if deadline is None:
        return _exchange(http, request, None, operation)
    # Read timeouts apply per read: a server trickling the status line and headers byte by byte never trips
    # them. The exchange runs in a helper thread (in the caller's context: hooks see its context variables)
    # so that the caller is released at the deadline whatever the server does. The thread closes the answer
    # as soon as httpx hands it over (the deadline has passed by then); against a server that keeps
    # trickling its headers, it and its pooled connection stay until the server stops or a read times out.
    outcome: Future[Exchange] = Future()
    context = contextvars.copy_context()

    def work() -> None:
        try:
            outcome.set_result(context.run(_exchange, http, request, deadline, operation))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            outcome.set_exception(exc)

    threading.Thread(target=work, name="hubspot-channels-deadline", daemon=True).start()
    try:
        return outcome.result(timeout=max(deadline.remaining(), 0.0))
    except TimeoutError:
        raise deadline.exceeded(operation) from None


async def send_async(
    http: httpx.AsyncClient, request: httpx.Request, deadline: Deadline | None, operation: str
) -> Exchange:
    if deadline is None:
        return await _aexchange(http, request, operation)
    import asyncio

    try:
        return await asyncio.wait_for(_aexchange(http, request, operation), max(deadline.remaining(), 0.0))
    except TimeoutError:
        raise deadline.exceeded(operation) from None


async def _aexchange(http: httpx.AsyncClient, request: httpx.Request, operation: str) -> Exchange:
    try:
        response = await http.send(request, stream=True)
    except httpx.HTTPStatusError as exc:
        return _hooked(exc.response)
    return await _aread(response, operation)
