"""The fake over real HTTP: an ASGI app, served by uvicorn on a background thread or the CLI."""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import anyio
import anyio.lowlevel
import anyio.to_thread
import uvicorn

from ._app import App, Pending
from ._control import CONTROL_BODY_LIMIT, CONTROL_PREFIX, too_large
from ._http import Incoming, Outgoing, error_response
from ._validation import ResponseValidationError

if TYPE_CHECKING:
    from ._fake import FakeHubSpot

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Dropper = Callable[[Scope], bool]


class AsgiApp:
    """ASGI 3 application. `dropper` closes a request's connection; `serve()` sets one for uvicorn."""

    def __init__(self, app: App, dropper: Dropper | None = None) -> None:
        self._app = app
        self.dropper = dropper

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        limit = CONTROL_BODY_LIMIT if _is_control(scope["path"]) else None
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            chunks.append(chunk)
            size += len(chunk)
            if limit is not None and size > limit:  # answer now: reading on would hold it all in memory
                await _send(send, too_large(limit))
                return
            if not message.get("more_body", False):
                break
        pending = self._app.start(_incoming(scope, b"".join(chunks)))
        if pending.delay:
            # Waiting on receive() instead of sleeping notices a client that gives up: such a
            # request is never processed, as with the in-process transport.
            with anyio.move_on_after(pending.delay):
                while (await receive())["type"] != "http.disconnect":
                    pass
                self._app.abandon(pending, "client disconnected during delay")
                return
        # On a worker thread: a handler may block (an agent reply POSTs its webhook, and the receiver
        # may call this fake back meanwhile), and the event loop must go on serving other requests.
        out = await anyio.to_thread.run_sync(self._finish, pending)
        if out.drop is not None:
            await self._drop(scope)
            return
        await _send(send, out)

    def _finish(self, pending: Pending) -> Outgoing:
        try:
            return self._app.finish(pending)
        except ResponseValidationError as exc:
            print(f"hubspot_channels.testing: {exc}", file=sys.stderr)
            return error_response(500, "INTERNAL_ERROR", f"hubspot_channels.testing bug: {exc}")

    async def _drop(self, scope: Scope) -> None:
        if self.dropper is not None and self.dropper(scope):
            # Let the event loop run connection_lost before returning, so that the server
            # sees a disconnected client and does not try to answer 500.
            for _ in range(3):
                await anyio.lowlevel.checkpoint()
            return
        # A server we do not control: an error before the response start is the closest thing.
        raise ConnectionAbortedError("hubspot_channels.testing: dropped connection (fault)")


async def _send(send: Send, out: Outgoing) -> None:
    headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in out.headers]
    await send({"type": "http.response.start", "status": out.status, "headers": headers})
    await send({"type": "http.response.body", "body": out.body})


def _is_control(path: str) -> bool:
    return path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/")


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def _incoming(scope: Scope, body: bytes) -> Incoming:
    headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
    host = headers.get("host")
    if host is None:
        server_host, server_port = scope.get("server") or ("127.0.0.1", 80)
        host = f"{server_host}:{server_port}"
    return Incoming.build(
        scope["method"],
        scope["path"],
        scope.get("query_string", b"").decode("latin-1"),
        headers,
        body,
        f"{scope.get('scheme', 'http')}://{host}",
        raw_path=scope.get("raw_path") or b"",
    )


def _uvicorn_dropper(server: uvicorn.Server) -> Dropper:
    def drop(scope: Scope) -> bool:
        client = scope.get("client")
        for connection in list(server.server_state.connections):
            if client is not None and tuple(getattr(connection, "client", None) or ()) == tuple(client):
                connection.transport.abort()  # RST-close: the client gets no response at all
                return True
        return False

    return drop


class _Server(uvicorn.Server):
    """uvicorn's server, calling `on_started` once it listens (and, on the main thread, handles signals)."""

    def __init__(self, config: uvicorn.Config, on_started: Callable[[], None] | None) -> None:
        super().__init__(config)
        self._on_started = on_started

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started and self._on_started is not None:
            self._on_started()


def make_server(
    fake: FakeHubSpot, host: str, port: int, *, on_started: Callable[[], None] | None = None
) -> tuple[uvicorn.Server, socket.socket, str]:
    """A uvicorn server for `fake` on a socket bound now (port 0: a free one), and its base URL.

    `on_started` runs on the server's loop once it accepts connections (what a banner waits for).
    OSError (OverflowError for a port past 65535) when the address cannot be bound.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except BaseException:
        sock.close()
        raise
    asgi = AsgiApp(fake._app)
    config = uvicorn.Config(
        asgi,
        http="h11",
        loop="asyncio",
        lifespan="off",
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=2,
    )
    server = _Server(config, on_started)
    asgi.dropper = _uvicorn_dropper(server)
    bound_port = sock.getsockname()[1]
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    return server, sock, f"http://{shown}:{bound_port}"


@contextmanager
def serve(
    fake: FakeHubSpot, *, host: str = "127.0.0.1", port: int = 0, startup_timeout: float = 10.0
) -> Iterator[str]:
    server, sock, base_url = make_server(fake, host, port)
    # uvicorn installs no signal handlers off the main thread, so it runs fine here.
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="fake-hubspot", daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            raise RuntimeError(f"the fake HubSpot server did not start on {base_url}")
        time.sleep(0.005)
    try:
        yield base_url
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
