"""The I/O of the drivers that sync and async genuinely do differently, so it is written by hand, not
generated: sending one attempt and sleeping.

Bounding one exchange by a deadline is here too (a helper thread for sync, ``asyncio.wait_for`` for
async); the exchange itself is ``_async_exchange`` and its generated ``_sync_exchange``. Both sends return the httpx.RequestError of a failed
attempt instead of raising it: the core (``_attempts``) decides what it means. The default sleeps look up
``time.sleep`` / ``asyncio.sleep`` at each call, so a test replacing those is obeyed.
"""

from __future__ import annotations

import contextvars
import threading
import time
from collections.abc import Coroutine
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

import httpx

from ._async_exchange import exchange as exchange_async
from ._attempts import Attempts
from ._engine import build_request
from ._sender import AttemptSender
from ._sync_exchange import exchange as exchange_sync
from ._transfer import Exchange

if TYPE_CHECKING:
    from ._engine import Deadline


def sleep_sync(seconds: float) -> None:
    time.sleep(seconds)


async def sleep_async(seconds: float) -> None:
    import asyncio  # here, not at the top: sync-only programs never pay for importing asyncio

    await asyncio.sleep(seconds)


def send_sync(http: httpx.Client, attempts: Attempts[Any]) -> Exchange | httpx.RequestError:
    call = attempts.call
    built = build_request(http, call, attempts.url, attempts.params, attempts.headers, attempts.timeout())
    try:
        return bounded_sync(http, built, attempts.deadline, call.request.operation)
    except httpx.RequestError as exc:
        return exc


async def send_async(http: httpx.AsyncClient, attempts: Attempts[Any]) -> Exchange | httpx.RequestError:
    call = attempts.call
    if isinstance(http, AttemptSender):  # it sends the attempt itself (transports.AiohttpClient)
        try:
            return await within_async(http.send_attempt(attempts), attempts.deadline, call.request.operation)
        except httpx.RequestError as exc:
            return exc
    built = build_request(http, call, attempts.url, attempts.params, attempts.headers, attempts.timeout())
    try:
        return await bounded_async(http, built, attempts.deadline, call.request.operation)
    except httpx.RequestError as exc:
        return exc


def bounded_sync(
    http: httpx.Client, request: httpx.Request, deadline: Deadline | None, operation: str
) -> Exchange:
    if deadline is None:
        return exchange_sync(http, request, None, operation)
    # Read timeouts apply per read: a server trickling the status line and headers byte by byte never trips
    # them. The exchange runs in a helper thread (in the caller's context: hooks see its context variables)
    # so that the caller is released at the deadline whatever the server does. The thread closes the answer
    # as soon as httpx hands it over (the deadline has passed by then); against a server that keeps
    # trickling its headers, it and its pooled connection stay until the server stops or a read times out.
    outcome: Future[Exchange] = Future()
    context = contextvars.copy_context()

    def work() -> None:
        try:
            outcome.set_result(context.run(exchange_sync, http, request, deadline, operation))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            outcome.set_exception(exc)

    threading.Thread(target=work, name="hubspot-channels-deadline", daemon=True).start()
    try:
        return outcome.result(timeout=max(deadline.remaining(), 0.0))
    except TimeoutError:
        raise deadline.exceeded(operation) from None


async def bounded_async(
    http: httpx.AsyncClient, request: httpx.Request, deadline: Deadline | None, operation: str
) -> Exchange:
    if deadline is None:
        return await exchange_async(http, request, None, operation)
    import asyncio

    try:
        return await asyncio.wait_for(
            exchange_async(http, request, deadline, operation), max(deadline.remaining(), 0.0)
        )
    except TimeoutError:
        raise deadline.exceeded(operation) from None


async def within_async(
    exchange: Coroutine[Any, Any, Exchange], deadline: Deadline | None, operation: str
) -> Exchange:
    """An AttemptSender's exchange bounded by the call's deadline, as bounded_async bounds httpx's."""
    if deadline is None:
        return await exchange
    import asyncio

    try:
        return await asyncio.wait_for(exchange, max(deadline.remaining(), 0.0))
    except TimeoutError:
        raise deadline.exceeded(operation) from None
