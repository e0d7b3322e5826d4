"""Adversarial review of the native aiohttp path (transports.AiohttpClient): each defect found, as a strict
xfail, against raw socket servers on 127.0.0.1 and compared with the httpx path on the same server."""

from __future__ import annotations

import asyncio
import gc
import gzip
import json
import socket
import threading
import warnings
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, Self

import httpx
import pytest

aiohttp = pytest.importorskip("aiohttp")

from hubspot_channels import APIConnectionError, AsyncCustomChannelsClient
from hubspot_channels.transports import AiohttpClient
from tests.support.facade_helpers import APP_ID, DEV_KEY, TOKEN, message_json

# --- a raw-socket server that writes whatever bytes a handler gives ------------------------------------------

Handler = Callable[[socket.socket, int, bytes, bytes], bool]


class Sock:
    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[tuple[bytes, bytes]] = []
        self.connections = 0
        self.open_connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(512)
        self.listener.settimeout(0.2)
        self.base_url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                continue
            with self._lock:
                self.connections += 1
                self.open_connections.add(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        buf = b""
        try:
            while not self._stop.is_set():
                while b"\r\n\r\n" not in buf:
                    data = conn.recv(65536)
                    if not data:
                        return
                    buf += data
                head, buf = buf.split(b"\r\n\r\n", 1)
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                while len(buf) < length:
                    data = conn.recv(65536)
                    if not data:
                        return
                    buf += data
                body, buf = buf[:length], buf[length:]
                with self._lock:
                    index = len(self.requests)
                    self.requests.append((head, body))
                if not self.handler(conn, index, head, body):
                    return
        except OSError:
            return
        finally:
            with self._lock:
                self.open_connections.discard(conn)
            try:
                conn.close()
            except OSError:
                pass

    def close(self) -> None:
        self._stop.set()
        self.listener.close()
        with self._lock:
            for conn in list(self.open_connections):
                try:
                    conn.close()
                except OSError:
                    pass

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


MESSAGE = message_json()
BODY = json.dumps(MESSAGE).encode()


def head(extra: bytes = b"", length: int | None = None, body: bytes = BODY) -> bytes:
    size = len(body) if length is None else length
    return (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        + extra
        + b"Content-Length: %d\r\n\r\n" % size
        + body
    )


def always(data: bytes, keep: bool = True) -> Callable[[socket.socket, int, bytes, bytes], bool]:
    def handler(conn: socket.socket, index: int, head: bytes, body: bytes) -> bool:
        conn.sendall(data)
        return keep

    return handler


def http_for(sender: str) -> httpx.AsyncClient:
    return AiohttpClient() if sender == "native" else httpx.AsyncClient()


def run(sender: str, base_url: str, call: Callable[[AsyncCustomChannelsClient], Awaitable[Any]]) -> Any:
    async def body() -> Any:
        async with http_for(sender) as http:
            client = AsyncCustomChannelsClient(
                access_token=TOKEN, developer_api_key=DEV_KEY, app_id=APP_ID, base_url=base_url,
                http_client=http, timeout=5.0,
            )  # fmt: skip
            return await call(client)

    return asyncio.run(asyncio.wait_for(body(), 30))  # a hang detector, not a performance bound


async def get_message(client: AsyncCustomChannelsClient) -> Any:
    return await client.messages.get(1200, "m1")


@pytest.fixture
def server_factory() -> Iterator[Callable[..., Sock]]:
    servers: list[Sock] = []

    def make(handler: Callable[[socket.socket, int, bytes, bytes], bool]) -> Sock:
        servers.append(Sock(handler))
        return servers[-1]

    yield make
    for server in servers:
        server.close()


# --- F1: aiohttp 3.9 (allowed by the extra's aiohttp>=3.9) lacks ConnectionTimeoutError ----------------------


def test_f1_a_failure_on_aiohttp_3_9_is_a_typed_error(
    server_factory: Callable[..., Sock], monkeypatch: pytest.MonkeyPatch
) -> None:
    # aiohttp 3.9.5 (pip download aiohttp==3.9.5) has neither ConnectionTimeoutError nor SocketTimeoutError;
    # removing the name reproduces that module's surface here. Confirmed with the real 3.9.5 wheel:
    # PYTHONPATH=<3.9.5> ... -> builtins.AttributeError: module aiohttp has no attribute ConnectionTimeoutError
    monkeypatch.delattr(aiohttp, "ConnectionTimeoutError", raising=False)  # absent already on 3.9
    server = server_factory(always(b"", keep=False))  # closes before the headers: a retryable failure
    with pytest.raises(APIConnectionError):
        run("native", server.base_url, get_message)


def test_f1_the_declared_minimum_is_what_the_code_needs() -> None:
    """Companion: the floor stays 3.9, so the mapping looks 3.10's names up (test above, and the unit tests in
    test_aiohttp_sender_fixes.py)."""
    from tests.support.paths import REPO

    assert 'aiohttp = ["aiohttp>=3.9"]' in (REPO / "pyproject.toml").read_text()


# --- F2: a closed AiohttpClient keeps sending and leaks a fresh session ---------------------------------------


def test_f2_a_closed_client_refuses_to_send_and_leaks_nothing(server_factory: Callable[..., Sock]) -> None:
    server = server_factory(always(head()))

    async def call_after_close() -> None:
        http = AiohttpClient()
        client = AsyncCustomChannelsClient(access_token=TOKEN, base_url=server.base_url, http_client=http)
        async with http:
            await get_message(client)
        assert http.is_closed
        with pytest.raises(RuntimeError, match="closed"):  # what httpx.AsyncClient does once closed
            await get_message(client)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        asyncio.run(call_after_close())
        gc.collect()
    assert not [w for w in caught if "nclosed" in str(w.message)], [str(w.message) for w in caught]


# --- F3: response headers httpx reads are a protocol error (and retries) on the native path ------------------

BIG_HEADERS = {
    "one header of 10 KB": b"Content-Security-Policy: " + b"a" * 10_000 + b"\r\n",
    "150 headers": b"".join(b"X-Trace-%d: v\r\n" % i for i in range(150)),
}


@pytest.mark.parametrize("sender", ["httpx", "native"])
@pytest.mark.parametrize("shape", list(BIG_HEADERS))
def test_f3_large_response_headers_are_read(
    server_factory: Callable[..., Sock], sender: str, shape: str
) -> None:
    server = server_factory(always(head(BIG_HEADERS[shape])))
    assert run(sender, server.base_url, get_message).id == MESSAGE["id"]
    assert len(server.requests) == 1


# --- F4: Content-Encoding taken from the first header line only -----------------------------------------------


def test_f4_control_httpx_decodes_a_gzip_named_on_a_second_header_line(
    server_factory: Callable[..., Sock],
) -> None:
    compressed = gzip.compress(BODY)
    extra = b"Content-Encoding: identity\r\nContent-Encoding: gzip\r\n"
    server = server_factory(always(head(extra, body=compressed)))
    assert run("httpx", server.base_url, get_message).id == MESSAGE["id"]


def test_f4_native_decodes_a_gzip_named_on_a_second_header_line(server_factory: Callable[..., Sock]) -> None:
    compressed = gzip.compress(BODY)
    extra = b"Content-Encoding: identity\r\nContent-Encoding: gzip\r\n"
    server = server_factory(always(head(extra, body=compressed)))
    assert run("native", server.base_url, get_message).id == MESSAGE["id"]


# --- F5: a Content-Length shorter than the body sent -----------------------------------------------------------

C_PARSER = aiohttp.http_parser.HttpResponseParser is not aiohttp.http_parser.HttpResponseParserPy


def test_f5_control_httpx_short_content_length_is_one_attempt(server_factory: Callable[..., Sock]) -> None:
    """The server declares 5 bytes less than it sends: httpx reads the declared length once (the JSON is cut:
    a validation error, one attempt); the native path must not turn it into a retried protocol error."""
    server = server_factory(always(head(length=len(BODY) - 5)))
    with pytest.raises(Exception) as caught:
        run("httpx", server.base_url, get_message)
    assert not isinstance(caught.value, APIConnectionError)
    assert len(server.requests) == 1


@pytest.mark.xfail(
    C_PARSER,  # aiohttp's pure-Python parser keeps the excess as the next answer's start: it passes there
    strict=True,
    reason="F5 (not fixed, aiohttp's parser): bytes after the declared Content-Length that are not an HTTP "
    "status line make aiohttp's C parser (llhttp) raise inside the same feed, discarding the answer it had "
    "just parsed: no answer reaches the sender, only a 'Bad status line' indistinguishable from a garbage "
    "first status line (retried on httpx too). Getting the answer back would mean replacing aiohttp's "
    "protocol or parser (private API). httpx reads the declared length: one attempt, a validation error",
)
def test_f5_native_short_content_length_is_one_attempt(server_factory: Callable[..., Sock]) -> None:
    server = server_factory(always(head(length=len(BODY) - 5)))
    with pytest.raises(Exception) as caught:
        run("native", server.base_url, get_message)
    assert not isinstance(caught.value, APIConnectionError), caught.value
    assert len(server.requests) == 1
