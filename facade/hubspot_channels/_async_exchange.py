"""One exchange: send the request streamed, then read its body under the limits of ``_transfer`` (size cap,
one decodable layer, the deadline checked between chunks). Raises only httpx.RequestError (no answer) or
DeadlineExceededError; an event hook's raise_for_status() still gives the answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

from . import _transfer as transfer
from ._transfer import Exchange, finish, hooked, refused_encoding

if TYPE_CHECKING:
    from ._engine import Deadline


async def read_body(response: httpx.Response, deadline: Deadline | None, operation: str) -> Exchange:
    chunks: list[bytes] = []
    size = 0
    if refused_encoding(response):
        await response.aclose()
        return finish(response, chunks, "undecodable")
    try:
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > transfer.MAX_RESPONSE_BYTES:  # looked up here: a test may lower it
                return finish(response, chunks, "too_large")
            chunks.append(chunk)
            if deadline is not None and deadline.remaining() <= 0:
                raise deadline.exceeded(operation)
    except httpx.DecodingError:
        return finish(response, chunks, "undecodable")
    finally:
        await response.aclose()
    return finish(response, chunks, None)


async def exchange(
    http: httpx.AsyncClient, request: httpx.Request, deadline: Deadline | None, operation: str
) -> Exchange:
    try:
        response = await http.send(request, stream=True)
    except httpx.HTTPStatusError as exc:  # an event hook's raise_for_status(): the answer is still an answer
        return hooked(exc.response)
    return await read_body(response, deadline, operation)
