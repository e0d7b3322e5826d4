"""The fixes that answer the review of the native aiohttp path (test_aiohttp_sender_review): the error mapping
on aiohttp 3.9's names, a closed transport, header limits as options and a parse failure of a POST's answer
sent once, on both senders over the review's raw-socket server."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from typing import Any

import httpx
import pytest

aiohttp = pytest.importorskip("aiohttp")

from hubspot_channels import APIConnectionError, APITimeoutError, AsyncCustomChannelsClient
from hubspot_channels.transports import AiohttpClient, AiohttpTransport, as_httpx_error
from tests.facade.test_aiohttp_sender_review import MESSAGE, Sock, always, head, run, server_factory

__all__ = ["server_factory"]  # the fixture, used by name

CONNECT_WORDS = (
    "Connection timeout to host http://127.0.0.1:1/"  # aiohttp 3.9's message for both connect steps
)
READ_WORDS = "Timeout on reading data from socket"


@pytest.mark.parametrize("surface", ["3.10+", "3.9"])
def test_timeouts_map_to_connect_or_read_on_every_allowed_aiohttp(
    surface: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if surface == "3.9":  # 3.9.5 has neither name: ServerTimeoutError for both, told apart by its words
        monkeypatch.delattr(aiohttp, "ConnectionTimeoutError", raising=False)
        connect: Exception = aiohttp.ServerTimeoutError(CONNECT_WORDS)
        read: Exception = aiohttp.ServerTimeoutError(READ_WORDS)
    elif not hasattr(aiohttp, "ConnectionTimeoutError"):
        pytest.skip("aiohttp < 3.10 installed: the 3.9 row is its case")
    else:
        connect, read = aiohttp.ConnectionTimeoutError(CONNECT_WORDS), aiohttp.SocketTimeoutError(READ_WORDS)
    assert isinstance(as_httpx_error(connect, None), httpx.ConnectTimeout)  # never sent: retried as unsent
    assert isinstance(as_httpx_error(read, None), httpx.ReadTimeout)
    assert isinstance(as_httpx_error(aiohttp.ServerDisconnectedError(), None), httpx.RemoteProtocolError)


def test_a_real_connect_timeout_is_never_sent_on_the_installed_aiohttp() -> None:
    """End to end on whichever aiohttp is installed (also run by hand on the 3.9.5 and 3.10.0 wheels): a
    listener whose backlog is full drops the SYN, the connect step times out, the error says ConnectTimeout."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = [socket.socket() for _ in range(4)]  # never accepted: they fill the backlog
    for filler in fillers:
        filler.setblocking(False)
        filler.connect_ex(("127.0.0.1", port))

    async def scenario() -> None:
        async with AiohttpClient() as http:
            client = AsyncCustomChannelsClient(
                access_token="pat-na1-x", base_url=f"http://127.0.0.1:{port}", http_client=http,
                timeout=httpx.Timeout(5.0, connect=0.3), max_retries=0,
            )  # fmt: skip
            with pytest.raises(APITimeoutError, match="ConnectTimeout"):
                await client.messages.get(1200, "m1")

    try:
        asyncio.run(scenario())
    finally:
        for sock in [*fillers, listener]:
            sock.close()


def test_a_closed_transport_opens_no_new_session() -> None:
    async def scenario() -> None:
        transport = AiohttpTransport()
        first = transport.session()
        await transport.aclose()
        assert first.closed
        with pytest.raises(RuntimeError, match="closed"):
            transport.session()

    asyncio.run(scenario())


def test_a_client_closed_before_any_call_refuses_it(server_factory: Callable[..., Sock]) -> None:
    server = server_factory(always(head()))

    async def scenario() -> None:
        http = AiohttpClient()
        client = AsyncCustomChannelsClient(
            access_token="pat-na1-x", base_url=server.base_url, http_client=http
        )
        await http.aclose()
        with pytest.raises(RuntimeError, match="closed"):
            await client.messages.get(1200, "m1")

    asyncio.run(scenario())
    assert server.requests == []


def test_the_header_limits_are_options(server_factory: Callable[..., Sock]) -> None:
    """Smaller limits than the defaults (httpx's 100 KiB) are honoured: a 2 KB header over a 1 KB limit."""
    server = server_factory(always(head(b"X-Big: " + b"b" * 2000 + b"\r\n")))

    async def scenario(limit: int) -> Any:
        async with AiohttpClient(max_field_size=limit) as http:
            client = AsyncCustomChannelsClient(
                access_token="pat-na1-x", base_url=server.base_url, http_client=http
            )
            return await client.messages.get(1200, "m1")

    assert asyncio.run(scenario(4096)).id == MESSAGE["id"]
    with pytest.raises(APIConnectionError):
        asyncio.run(scenario(1024))


async def create_channel(client: AsyncCustomChannelsClient) -> Any:
    return await client.channels.create(name="A", capabilities={})


@pytest.mark.parametrize("sender", ["httpx", "native"])
def test_a_post_whose_answer_cannot_be_parsed_is_sent_once(
    server_factory: Callable[..., Sock], sender: str
) -> None:
    """Past both senders' limits (a 200 KB header): the request was sent, so a POST may have been applied and
    is never sent again; the caller gets the connection error."""
    server = server_factory(always(head(b"X-Huge: " + b"h" * 200_000 + b"\r\n")))
    with pytest.raises(APIConnectionError):
        run(sender, server.base_url, create_channel)
    assert len(server.requests) == 1
    assert server.requests[0][0].startswith(b"POST ")
