"""The I/O of the drivers that sync and async genuinely do differently, so it is written by hand, not
generated: sending one attempt and sleeping.

How each side reads the answer under its limits (a deadline: a helper thread for sync, ``asyncio.wait_for``
for async) is in ``_transfer``. Both sends return the httpx.RequestError of a failed
attempt instead of raising it: the core (``_attempts``) decides what it means. The default sleeps look up
``time.sleep`` / ``asyncio.sleep`` at each call, so a test replacing those is obeyed.
"""

from __future__ import annotations

import time
from typing import Any

import httpx

from . import _transfer as transfer
from ._attempts import Attempts
from ._engine import build_request
from ._transfer import Exchange


def sleep_sync(seconds: float) -> None:
    time.sleep(seconds)


async def sleep_async(seconds: float) -> None:
    import asyncio  # here, not at the top: sync-only programs never pay for importing asyncio

    await asyncio.sleep(seconds)


def send_sync(http: httpx.Client, attempts: Attempts[Any]) -> Exchange | httpx.RequestError:
    call = attempts.call
    built = build_request(http, call, attempts.url, attempts.params, attempts.headers, attempts.timeout())
    try:
        return transfer.send(http, built, attempts.deadline, call.request.operation)
    except httpx.RequestError as exc:
        return exc


async def send_async(http: httpx.AsyncClient, attempts: Attempts[Any]) -> Exchange | httpx.RequestError:
    call = attempts.call
    built = build_request(http, call, attempts.url, attempts.params, attempts.headers, attempts.timeout())
    try:
        return await transfer.send_async(http, built, attempts.deadline, call.request.operation)
    except httpx.RequestError as exc:
        return exc
