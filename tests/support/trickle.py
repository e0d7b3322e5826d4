"""A socket server on 127.0.0.1 that answers every request by sending ``at_once``, then ``trickled`` one byte
every 50 ms: each read arrives well inside any read timeout, so only an overall deadline ends the call."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator

INTERVAL = 0.05


@contextlib.contextmanager
def trickling_server(at_once: bytes, trickled: bytes) -> Iterator[str]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve(connection: socket.socket) -> None:
        with connection:
            connection.settimeout(5)
            try:
                connection.recv(65536)
                connection.sendall(at_once)
                for byte in trickled:
                    if stop.wait(INTERVAL):
                        return
                    connection.sendall(bytes([byte]))
            except OSError:
                return  # the client gave up and closed: what the tests want

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=serve, args=(connection,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(5)
        listener.close()
