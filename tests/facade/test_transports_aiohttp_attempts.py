"""AiohttpTransport sends each request exactly once: aiohttp's own resend of an idempotent request whose
kept-alive connection dropped would hide attempts from the client's retry policy. A raw socket server on
127.0.0.1 answers or drops each request by script and counts the attempts it saw per request line."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

pytest.importorskip("aiohttp")

from hubspot_channels import (
    APIConnectionError,
    AsyncCustomChannelsClient,
    transports,
)
from hubspot_channels.transports import AiohttpTransport
from tests.support.facade_helpers import message_json

PREFIX = "/conversations/custom-channels/2026-03/1200"


class ScriptedServer:
    """HTTP/1.1 with keep-alive. ``drops[request line]`` is how many attempts of that request are read in full
    and then answered by closing the connection; later attempts get a 200 (204 for DELETE)."""

    def __init__(self, drops: dict[str, int]) -> None:
        self.drops = dict(drops)
        self.attempts: Counter[str] = Counter()
        self.connections = 0
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.base_url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self._listener.close()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            reader = conn.makefile("rb")
            while True:
                line = reader.readline().decode("latin-1").strip()
                if not line:
                    return
                length = 0
                while header := reader.readline().strip():
                    name, _, value = header.decode("latin-1").partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                reader.read(length)
                method, target = line.split()[:2]
                request = f"{method} {target.split('?')[0]}"
                with self._lock:
                    self.attempts[request] += 1
                    drop = self.attempts[request] <= self.drops.get(request, 0)
                if drop:
                    return  # the request was read in full: the server saw this attempt
                conn.sendall(_answer(method))


def _answer(method: str) -> bytes:
    if method == "DELETE":
        return b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"
    body = json.dumps(message_json()).encode()
    head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


@pytest.fixture
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """The facade's retry pauses are not under test here; asyncio.sleep(0) keeps them yielding."""
    original = asyncio.sleep

    async def no_wait(delay: float, result: Any = None) -> Any:
        return await original(0, result)

    monkeypatch.setattr(asyncio, "sleep", no_wait)


def serve(drops: dict[str, int]) -> Iterator[ScriptedServer]:
    server = ScriptedServer(drops)
    try:
        yield server
    finally:
        server.close()


class CountingTransport(httpx.AsyncBaseTransport):
    """Between httpx and AiohttpTransport: the attempts the client asked for, per request line."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.asked: Counter[str] = Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.asked[f"{request.method} {request.url.path}"] += 1
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


async def scenario(
    server: ScriptedServer, max_retries: int, calls: list[str], asked: Counter[str] | None = None
) -> list[object]:
    """A warm-up GET (so later requests ride a kept-alive connection), then each call; outcome per call.
    ``asked`` receives the attempts the client made, as its transport saw them."""
    outcomes: list[object] = []
    counting = CountingTransport(AiohttpTransport())
    async with httpx.AsyncClient(transport=counting) as http:
        client = AsyncCustomChannelsClient(
            access_token="t", developer_api_key="k", app_id=1, base_url=server.base_url, http_client=http,
            max_retries=max_retries,
        )  # fmt: skip
        await client.messages.get(1200, "warm-up")
        for call in calls:
            try:
                if call == "GET":
                    outcomes.append(await client.messages.get(1200, "m-1"))
                elif call == "PATCH":
                    outcomes.append(await client.messages.mark_sent(1200, "m-1"))
                else:
                    outcomes.append(await client.channels.archive(1200))
            except APIConnectionError as error:
                outcomes.append(error)
    if asked is not None:
        asked.update(counting.asked)
    return outcomes


REQUESTS = {
    "GET": f"GET {PREFIX}/messages/m-1",
    "PATCH": f"PATCH {PREFIX}/messages/m-1",
    "DELETE": f"DELETE {PREFIX}",
}


@pytest.mark.parametrize("method", ["GET", "DELETE", "PATCH"])
def test_a_dropped_request_is_sent_once_when_the_client_does_not_retry(no_backoff: None, method: str) -> None:
    for server in serve({REQUESTS[method]: 1}):
        (outcome,) = asyncio.run(scenario(server, max_retries=0, calls=[method]))
        assert isinstance(outcome, APIConnectionError)
        assert server.attempts[REQUESTS[method]] == 1  # aiohttp alone would have sent GET and DELETE twice


@pytest.mark.parametrize("method", ["GET", "DELETE"])
@pytest.mark.parametrize("drops", [1, 2])
def test_the_server_sees_exactly_the_attempts_the_client_decided(
    no_backoff: None, method: str, drops: int
) -> None:
    for server in serve({REQUESTS[method]: drops}):
        asked: Counter[str] = Counter()
        (outcome,) = asyncio.run(scenario(server, max_retries=2, calls=[method], asked=asked))
        assert not isinstance(outcome, APIConnectionError)  # recovered by the client's own retries
        assert server.attempts[REQUESTS[method]] == asked[REQUESTS[method]] == drops + 1


def test_three_drops_exhaust_the_clients_two_retries(no_backoff: None) -> None:
    for server in serve({REQUESTS["GET"]: 5}):
        (outcome,) = asyncio.run(scenario(server, max_retries=2, calls=["GET"]))
        assert isinstance(outcome, APIConnectionError)
        assert server.attempts[REQUESTS["GET"]] == 3  # 1 + 2 retries, not 6


def test_the_guard_holds_when_aiohttp_would_resend(no_backoff: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where aiohttp has no flag to turn its resend off, the per-request trace refuses a second connection."""
    monkeypatch.setattr(transports, "_disable_own_retry", lambda session: None)
    for server in serve({REQUESTS["GET"]: 1, REQUESTS["DELETE"]: 1}):
        outcomes = asyncio.run(scenario(server, max_retries=0, calls=["GET", "DELETE"]))
        assert all(isinstance(outcome, APIConnectionError) for outcome in outcomes)
        assert server.attempts[REQUESTS["GET"]] == server.attempts[REQUESTS["DELETE"]] == 1


def test_requests_on_healthy_connections_are_untouched_by_the_guard(no_backoff: None) -> None:
    for server in serve({}):
        outcomes = asyncio.run(scenario(server, max_retries=0, calls=["GET", "PATCH", "DELETE", "GET"]))
        assert not any(isinstance(outcome, APIConnectionError) for outcome in outcomes)
        assert server.attempts[REQUESTS["GET"]] == 2 and server.attempts[REQUESTS["DELETE"]] == 1
        assert server.connections == 1  # one kept-alive connection served them all
