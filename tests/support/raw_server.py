"""A scripted HTTP/1.1 server on 127.0.0.1 built on raw sockets, for fault tests: each request it receives
gets the next ``Reply`` of its script (the last one repeats), or what a callable script returns for it.

A reply can answer normally, or misbehave the way networks and gateways do: close before or after the
headers, reset the connection (SO_LINGER 0), send less body than Content-Length promised, stall, trickle a
chunked body. Every request is recorded (method, path, query, headers, body) so tests assert the attempts.

It stops by itself: daemon threads, socket timeouts, bounded stalls, and ``close()`` (or leaving the
``with`` block) wakes everything up."""

from __future__ import annotations

import functools
import http
import json
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

MAX_HEAD_BYTES = 64 * 1024
MAX_STALL_SECONDS = 10.0
IDLE_SECONDS = 5.0  # a kept-alive connection nobody uses is closed after this


@dataclass(frozen=True)
class Seen:
    """One request as the server received it."""

    method: str
    target: str  # the raw request target, percent-encoding and query string as sent
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-cased names
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass(frozen=True)
class Reply:
    """What to do with one request. ``kind``: answer, close, close_after_headers, reset,
    reset_after_headers, truncate, stall (wait ``delay`` then play ``then``), chunked."""

    kind: str = "answer"
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    delay: float = 0.0
    pieces: int = 1
    then: Reply | None = None


Script = Sequence[Reply] | Callable[[Seen], Reply]


# --- replies ------------------------------------------------------------------------------------------------


def answer(status: int = 200, body: bytes | str = b"", headers: dict[str, str] | None = None) -> Reply:
    content = body.encode() if isinstance(body, str) else body
    return Reply(status=status, body=content, headers=tuple((headers or {}).items()))


def json_answer(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
    return answer(status, json.dumps(data), {"Content-Type": "application/json", **(headers or {})})


def html_answer(status: int, text: str) -> Reply:
    return answer(
        status, f"<html><body><h1>{status}</h1><p>{text}</p></body></html>", {"Content-Type": "text/html"}
    )


def close_before_answer() -> Reply:
    return Reply(kind="close")


def close_after_headers(status: int = 200) -> Reply:
    return Reply(kind="close_after_headers", status=status, body=b"{}")


def reset() -> Reply:
    return Reply(kind="reset")


def reset_after_headers(status: int = 200) -> Reply:
    return Reply(kind="reset_after_headers", status=status, body=b'{"id": "x"}')


def truncated(reply: Reply) -> Reply:
    """reply's headers with a Content-Length above what is then sent (half the body), then a close."""
    return Reply(kind="truncate", status=reply.status, headers=reply.headers, body=reply.body)


def stall(seconds: float, then: Reply) -> Reply:
    return Reply(kind="stall", delay=min(seconds, MAX_STALL_SECONDS), then=then)


def chunked_trickle(reply: Reply, pieces: int = 5, pause: float = 0.01) -> Reply:
    return Reply(
        kind="chunked",
        status=reply.status,
        headers=reply.headers,
        body=reply.body,
        delay=pause,
        pieces=pieces,
    )


def redirect(location: str, status: int = 307) -> Reply:
    return answer(status, b"", {"Location": location})


# --- server -------------------------------------------------------------------------------------------------


@dataclass
class _State:
    script: Script = ()
    served: int = 0
    requests: list[Seen] = field(default_factory=list)


class RawServer:
    """``with RawServer() as server: server.play([...]); ...; server.requests``."""

    def __init__(self, script: Script = ()) -> None:
        self._lock = threading.Lock()
        self._state = _State(script=script)
        self._closing = threading.Event()
        self._connections: set[socket.socket] = set()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(128)
        self._listener.settimeout(0.2)
        self.port: int = self._listener.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._acceptor = threading.Thread(
            target=self._accept_loop, name=f"raw-server-{self.port}", daemon=True
        )
        self._acceptor.start()

    def play(self, script: Script) -> None:
        """Use this script from now on and forget the requests seen so far."""
        with self._lock:
            self._state = _State(script=script)

    @property
    def requests(self) -> list[Seen]:
        with self._lock:
            return list(self._state.requests)

    def requests_once_settled(self, at_least: int, patience: float = 10.0) -> list[Seen]:
        """The requests, after waiting (bounded) until at least ``at_least`` were recorded: a client that
        timed out fast may return before a busy machine has scheduled the server's thread that reads the
        request it sent. A hang detector, not a time bound: the count is asserted by the caller."""
        deadline = time.monotonic() + patience
        while len(self.requests) < at_least and time.monotonic() < deadline:
            self._closing.wait(0.01)
        return self.requests

    def close(self) -> None:
        self._closing.set()
        with self._lock:
            connections = list(self._connections)
        for connection in connections:  # shutdown wakes a thread blocked in recv; close alone may not
            _quietly(functools.partial(connection.shutdown, socket.SHUT_RDWR))
            _quietly(connection.close)
        _quietly(lambda: self._listener.shutdown(socket.SHUT_RDWR))
        _quietly(self._listener.close)
        self._acceptor.join(timeout=2)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # --- internals ---

    def _accept_loop(self) -> None:
        while not self._closing.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            connection.settimeout(IDLE_SECONDS)
            with self._lock:
                self._connections.add(connection)
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _next_reply(self, seen: Seen) -> Reply:
        with self._lock:
            state = self._state
            state.requests.append(seen)
            index = state.served
            state.served += 1
        script = state.script
        if callable(script):
            return script(seen)
        if not script:
            return answer(599, "no script")
        return script[min(index, len(script) - 1)]

    def _serve(self, connection: socket.socket) -> None:
        buffer = b""
        try:
            while not self._closing.is_set():
                request, buffer = _read_request(connection, buffer)
                if request is None:
                    return
                keep_open = self._play(connection, self._next_reply(request))
                if not keep_open or request.headers.get("connection", "").lower() == "close":
                    return
        except OSError:
            return
        finally:
            with self._lock:
                self._connections.discard(connection)
            _quietly(connection.close)

    def _play(self, connection: socket.socket, reply: Reply) -> bool:
        """Perform reply; True when the connection can serve another request."""
        if reply.kind == "stall":
            self._closing.wait(reply.delay)  # not time.sleep: tests replace it with a recorder
            return self._play(connection, reply.then or answer(200))
        if reply.kind == "close":
            _quietly(lambda: connection.shutdown(socket.SHUT_RDWR))
            return False
        if reply.kind == "reset":
            _reset(connection)
            return False
        if reply.kind == "chunked":
            connection.sendall(_head(reply, chunked=True))
            for piece in _split(reply.body, reply.pieces):
                connection.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
                self._closing.wait(reply.delay)
            connection.sendall(b"0\r\n\r\n")
            return True
        if reply.kind in ("close_after_headers", "reset_after_headers"):
            connection.sendall(_head(reply, length=len(reply.body) + 100))
            if reply.kind == "reset_after_headers":
                _reset(connection)
            else:
                _quietly(lambda: connection.shutdown(socket.SHUT_RDWR))
            return False
        if reply.kind == "truncate":
            connection.sendall(
                _head(reply, length=len(reply.body) + 100) + reply.body[: len(reply.body) // 2]
            )
            _quietly(lambda: connection.shutdown(socket.SHUT_RDWR))
            return False
        connection.sendall(_head(reply) + reply.body)
        return True


def _head(reply: Reply, *, length: int | None = None, chunked: bool = False) -> bytes:
    try:
        phrase = http.HTTPStatus(reply.status).phrase
    except ValueError:
        phrase = "Unknown"
    lines = [f"HTTP/1.1 {reply.status} {phrase}"]
    lines += [f"{name}: {value}" for name, value in reply.headers]
    if chunked:
        lines.append("Transfer-Encoding: chunked")
    elif not any(name.lower() == "content-length" for name, _ in reply.headers):
        lines.append(f"Content-Length: {len(reply.body) if length is None else length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _read_request(connection: socket.socket, buffer: bytes) -> tuple[Seen | None, bytes]:
    while b"\r\n\r\n" not in buffer:
        if len(buffer) > MAX_HEAD_BYTES:
            return None, b""
        try:
            chunk = connection.recv(65536)
        except (TimeoutError, OSError):
            return None, b""
        if not chunk:
            return None, b""
        buffer += chunk
    head, _, rest = buffer.partition(b"\r\n\r\n")
    request_line, *header_lines = head.decode("latin-1").split("\r\n")
    method, target, _version = (request_line.split(" ", 2) + ["", ""])[:3]
    headers: dict[str, str] = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length") or 0)
    while len(rest) < length:
        chunk = connection.recv(65536)
        if not chunk:
            return None, b""
        rest += chunk
    parts = urlsplit(target)
    seen = Seen(
        method, target, parts.path, parse_qs(parts.query, keep_blank_values=True), headers, rest[:length]
    )
    return seen, rest[length:]


def _split(body: bytes, pieces: int) -> Iterator[bytes]:
    size = max(1, -(-len(body) // max(1, pieces)))
    for start in range(0, len(body), size):
        yield body[start : start + size]


def _reset(connection: socket.socket) -> None:
    """Close with an RST instead of a FIN: the peer sees 'connection reset by peer'."""
    _quietly(lambda: connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)))
    _quietly(connection.close)


def _quietly(action: Callable[[], object]) -> None:
    try:
        action()
    except OSError:
        pass
