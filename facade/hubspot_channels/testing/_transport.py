"""httpx transports that answer from the fake in-process: no socket, no port."""

from __future__ import annotations

import time

import anyio
import httpx

from ._app import App, Pending
from ._http import Incoming, Outgoing


def _incoming(request: httpx.Request, body: bytes) -> Incoming:
    url = request.url
    port = f":{url.port}" if url.port is not None else ""
    return Incoming.build(
        request.method,
        url.path,
        url.query.decode("ascii"),
        dict(request.headers),
        body,
        f"{url.scheme}://{url.host}{port}",
        raw_path=url.raw_path.partition(b"?")[0],
    )


def _read_timeout(request: httpx.Request) -> float | None:
    timeout = request.extensions.get("timeout", {})
    value = timeout.get("read") if isinstance(timeout, dict) else None
    return float(value) if value is not None else None


def _response(request: httpx.Request, out: Outgoing) -> httpx.Response:
    if out.drop == "read":
        raise httpx.ReadError("[fake] connection reset while reading the response", request=request)
    if out.drop is not None:
        # httpcore's own wording for a peer that closed without answering.
        raise httpx.RemoteProtocolError("Server disconnected without sending a response.", request=request)
    return httpx.Response(out.status, headers=out.headers, content=out.body, request=request)


def _timed_out(app: App, pending: Pending, request: httpx.Request) -> httpx.ReadTimeout:
    # Like a client that stopped waiting: the fake never processes the request.
    app.abandon(pending, "client read timeout during delay")
    return httpx.ReadTimeout("[fake] read timed out (delay fault)", request=request)


class FakeTransport(httpx.BaseTransport):
    """Honours the client's read timeout for delay faults, as a real socket would."""

    def __init__(self, app: App) -> None:
        self._app = app

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        pending = self._app.start(_incoming(request, request.read()))
        if pending.delay:
            limit = _read_timeout(request)
            if limit is not None and pending.delay > limit:
                time.sleep(limit)
                raise _timed_out(self._app, pending, request)
            time.sleep(pending.delay)
        return _response(request, self._app.finish(pending))


class AsyncFakeTransport(httpx.AsyncBaseTransport):
    def __init__(self, app: App) -> None:
        self._app = app

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        pending = self._app.start(_incoming(request, await request.aread()))
        if pending.delay:
            limit = _read_timeout(request)
            if limit is not None and pending.delay > limit:
                await anyio.sleep(limit)
                raise _timed_out(self._app, pending, request)
            await anyio.sleep(pending.delay)
        # finish() is synchronous and takes a few ms at most (validation + state change).
        return _response(request, self._app.finish(pending))
