"""One HTTP exchange, read with limits: the body's decoded size is capped (a 300 KB gzip bomb must not take a
gigabyte), an undecodable body keeps its status (a 429 with broken gzip is still a 429), an event hook's
``raise_for_status()`` keeps the response, and a ``deadline`` bounds the whole exchange.

What both sides share lives here; reading the stream is ``_async_exchange`` (the source) and its generated
``_sync_exchange``; the deadline around one exchange is ``_driver_io`` (a helper thread / ``asyncio.wait_for``).
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

MAX_RESPONSE_BYTES = 64 * 1024 * 1024  # decoded; HubSpot's largest page of messages is a few MB


@dataclass(slots=True)
class Exchange:
    """The response, its body read (or emptied), and what went wrong reading it, if anything."""

    response: httpx.Response
    problem: str | None = None  # "undecodable" or "too_large"


def finish(response: httpx.Response, chunks: list[bytes], problem: str | None) -> Exchange:
    # The same assignment httpx's own Response.read() makes; the body is kept only when it is whole.
    response._content = b"".join(chunks) if problem is None else b""
    return Exchange(response, problem)


# One layer of these at most: each raw chunk is decoded whole before its size can be counted, so a second
# layer (gzip inside gzip) or brotli/zstd (ratios past a million) would let a few KB allocate gigabytes.
_DECODABLE = frozenset({"", "identity", "gzip", "x-gzip", "deflate"})


def refused_encoding(response: httpx.Response) -> bool:
    layers = [layer.strip().lower() for layer in response.headers.get("content-encoding", "").split(",")]
    layers = [layer for layer in layers if layer not in ("", "identity")]
    return len(layers) > 1 or any(layer not in _DECODABLE for layer in layers)


def hooked(response: httpx.Response) -> Exchange:
    """httpx closed the stream when the hook raised: the status and headers stand, the body is gone."""
    if not response.is_stream_consumed:
        response._content = b""  # the assignment Response.read() makes
    return Exchange(response)
