"""The I/O of the drivers that sync and async genuinely do differently, so it is written by hand, not
generated: sending one attempt and sleeping.

Under a deadline the sync send reads the streamed body itself, checking the clock between chunks; the async
one bounds the whole exchange with ``asyncio.wait_for``. Both return the httpx.RequestError of a failed
attempt instead of raising it: the core (``_attempts``) decides what it means. The default sleeps look up
``time.sleep`` / ``asyncio.sleep`` at each call, so a test replacing those is obeyed.
"""

from __future__ import annotations

import time
from typing import Any

import httpx

from ._attempts import Attempts
from ._engine import _read_until


def sleep_sync(seconds: float) -> None:
    time.sleep(seconds)


async def sleep_async(seconds: float) -> None:
    import asyncio  # here, not at the top: sync-only programs never pay for importing asyncio

    await asyncio.sleep(seconds)


def send_sync(http: httpx.Client, attempts: Attempts[Any]) -> httpx.Response | httpx.RequestError:
    request = attempts.call.request
    deadline = attempts.deadline
    try:
        if deadline is None:
            return http.request(
                request.method, attempts.url, params=attempts.params, json=request.json,
                headers=attempts.headers, timeout=attempts.timeout(),
            )  # fmt: skip
        built = http.build_request(
            request.method, attempts.url, params=attempts.params, json=request.json,
            headers=attempts.headers, timeout=attempts.timeout(),
        )  # fmt: skip
        return _read_until(http.send(built, stream=True), deadline, request.operation)
    except httpx.RequestError as exc:
        return exc


async def send_async(http: httpx.AsyncClient, attempts: Attempts[Any]) -> httpx.Response | httpx.RequestError:
    request = attempts.call.request
    deadline = attempts.deadline
    sending = http.request(
        request.method, attempts.url, params=attempts.params, json=request.json, headers=attempts.headers,
        timeout=attempts.timeout(),
    )  # fmt: skip
    try:
        if deadline is None:
            return await sending
        import asyncio  # here, not at the top: sync-only programs never pay for importing asyncio

        try:
            return await asyncio.wait_for(sending, max(deadline.remaining(), 0.0))
        except TimeoutError:
            raise deadline.exceeded(request.operation) from None
    except httpx.RequestError as exc:
        return exc
