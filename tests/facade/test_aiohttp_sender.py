"""The native aiohttp sender (``transports.AiohttpClient``) against the httpx exchange it replaces, over a real
socket server on 127.0.0.1: the same request on the wire, the same decoding and limits, cancellation and
closing. The fault matrix (test_fault_matrix, test_hardening_review_two) runs every fault on it too."""

from __future__ import annotations

import asyncio
import gc
import gzip
import warnings
import zlib
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import httpx
import pytest

pytest.importorskip("aiohttp")

from hubspot_channels import (
    APIResponseValidationError,
    AsyncCustomChannelsClient,
    DeadlineExceededError,
    capture_responses,
)
from hubspot_channels import _transfer as transfer
from hubspot_channels.transports import AiohttpClient, AiohttpTransport
from tests.support.facade_helpers import APP_ID, DEV_KEY, TOKEN, message_json
from tests.support.raw_server import RawServer, answer, json_answer, stall
from tests.support.trickle import trickling_server as trickle

SENDERS = ["httpx", "aiohttp-transport", "aiohttp-native"]
MESSAGE = message_json()


@pytest.fixture(scope="module")
def server() -> Iterator[RawServer]:
    with RawServer() as raw:
        yield raw


def http_for(sender: str) -> httpx.AsyncClient:
    if sender == "aiohttp-native":
        return AiohttpClient()
    return httpx.AsyncClient(transport=AiohttpTransport() if sender == "aiohttp-transport" else None)


def run(sender: str, base_url: str, scenario: Callable[[AsyncCustomChannelsClient], Awaitable[Any]]) -> Any:
    async def body() -> Any:
        async with http_for(sender) as http:
            client = AsyncCustomChannelsClient(
                access_token=TOKEN, developer_api_key=DEV_KEY, app_id=APP_ID, base_url=base_url,
                http_client=http, timeout=5.0,
            )  # fmt: skip
            return await scenario(client)

    return asyncio.run(asyncio.wait_for(body(), 20))  # a hang detector, not a performance bound


async def get_message(client: AsyncCustomChannelsClient) -> Any:
    return await client.messages.get(1200, "m/1?x")


def test_the_native_sender_puts_the_same_request_on_the_wire(server: RawServer) -> None:
    async def calls(client: AsyncCustomChannelsClient) -> None:
        await client.messages.mark_failed(1200, "m/1?x", error_message="naïve ✓")  # bearer, JSON body
        await client.channels.get(1200)  # developer key in the query string

    seen = {}
    for sender in ("httpx", "aiohttp-native"):
        server.play([json_answer(MESSAGE), json_answer({"id": "1200", "name": "c"})])
        try:
            run(sender, server.base_url, calls)
        except Exception:  # noqa: BLE001, S110 - the answers' shapes do not matter here, the requests do
            pass
        seen[sender] = server.requests_once_settled(2)
    for ours, theirs in zip(seen["aiohttp-native"], seen["httpx"], strict=True):
        assert (ours.method, ours.target, ours.body) == (theirs.method, theirs.target, theirs.body)
        for name in ("authorization", "user-agent", "accept", "content-type", "content-length"):
            assert ours.headers.get(name) == theirs.headers.get(name), name
        assert ours.headers["accept-encoding"] == "gzip, deflate"  # only what the exchange decodes


def _deflate(data: bytes, wbits: int) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, wbits)
    return packer.compress(data) + packer.flush()


ENCODINGS = {
    "gzip": lambda data: gzip.compress(data),
    "x-gzip": lambda data: gzip.compress(data),
    "deflate (zlib)": lambda data: _deflate(data, zlib.MAX_WBITS),
    "deflate (raw)": lambda data: _deflate(data, -zlib.MAX_WBITS),
}


@pytest.mark.parametrize("sender", SENDERS)
@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_one_compressed_layer_is_decoded(server: RawServer, sender: str, encoding: str) -> None:
    import json

    if encoding == "x-gzip" and sender != "aiohttp-native":
        pytest.skip(
            "httpx passes x-gzip through undecoded (it knows only 'gzip'); _transfer counts it as gzip"
        )
    body = ENCODINGS[encoding](json.dumps(MESSAGE).encode())
    header = encoding.split(" ")[0]
    server.play([answer(200, body, {"Content-Type": "application/json", "Content-Encoding": header})])
    message = run(sender, server.base_url, get_message)
    assert message.id == MESSAGE["id"]


@pytest.mark.parametrize("sender", SENDERS)
def test_a_gzip_bomb_stops_at_the_cap(
    server: RawServer, sender: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transfer, "MAX_RESPONSE_BYTES", 1024 * 1024)
    bomb = gzip.compress(b"0" * (16 * 1024 * 1024))  # 16 MiB of zeros in about 16 KB
    server.play([answer(200, bomb, {"Content-Encoding": "gzip"})])
    with pytest.raises(APIResponseValidationError, match="larger than 1 MiB"):
        run(sender, server.base_url, get_message)


@pytest.mark.parametrize("sender", SENDERS)
def test_captured_responses_carry_their_request(server: RawServer, sender: str) -> None:
    server.play([json_answer(MESSAGE)])

    async def captured(client: AsyncCustomChannelsClient) -> list[httpx.Response]:
        with capture_responses() as responses:
            await get_message(client)
        return responses

    (response,) = run(sender, server.base_url, captured)
    assert response.status_code == 200 and response.json() == MESSAGE
    assert response.request.method == "GET"
    assert response.request.url.raw_path.decode().endswith("/messages/m%2F1%3Fx")


@pytest.mark.parametrize("sender", SENDERS)
def test_a_cancelled_call_leaves_the_client_usable(server: RawServer, sender: str) -> None:
    server.play([stall(2.0, json_answer(MESSAGE)), json_answer(MESSAGE)])

    async def cancel_then_call(client: AsyncCustomChannelsClient) -> Any:
        task = asyncio.ensure_future(get_message(client))
        while not server.requests:  # the request has reached the server: cancel it in flight
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return await get_message(client)

    assert run(sender, server.base_url, cancel_then_call).id == MESSAGE["id"]
    assert len(server.requests_once_settled(2)) == 2  # the cancelled attempt was not sent again


def test_closing_leaves_no_unclosed_session(server: RawServer) -> None:
    server.play([json_answer(MESSAGE)])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run("aiohttp-native", server.base_url, get_message)
        gc.collect()
    assert not [w for w in caught if "nclosed" in str(w.message)], [str(w.message) for w in caught]


def test_a_client_that_owns_nothing_is_closed_by_its_owner() -> None:
    async def lifecycle() -> None:
        http = AiohttpClient()
        async with AsyncCustomChannelsClient(access_token=TOKEN, http_client=http):
            pass
        assert not http.is_closed  # passed in: the caller's to close
        await http.aclose()
        assert http.is_closed

    asyncio.run(lifecycle())


@pytest.mark.parametrize("sender", SENDERS)
def test_the_deadline_bounds_trickled_headers(sender: str) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Padding: " + b"p" * 40 + b"\r\n\r\n"

    async def deadline_call(client: AsyncCustomChannelsClient) -> None:
        with pytest.raises(DeadlineExceededError):
            await client.with_options(deadline=0.5).messages.get(1200, "m1")

    with trickle(b"", head) as base_url:  # each byte well inside the read timeout: only the deadline ends it
        run(sender, base_url, deadline_call)


@pytest.mark.parametrize("sender", SENDERS)
def test_calls_cut_off_by_their_deadline_do_not_hold_connections(server: RawServer, sender: str) -> None:
    server.play([stall(1.0, json_answer(MESSAGE))] * 12 + [json_answer(MESSAGE)])

    async def cut_off_then_call(client: AsyncCustomChannelsClient) -> Any:
        hurried = client.with_options(deadline=0.05, max_retries=0)
        for _ in range(12):
            with pytest.raises(DeadlineExceededError):
                await hurried.messages.get(1200, "m1")
        return await client.with_options(deadline=60, timeout=30).messages.get(1200, "m1")

    assert run(sender, server.base_url, cut_off_then_call).id == MESSAGE["id"]


def test_without_aiohttp_the_client_works_and_the_transports_say_what_to_install() -> None:
    """aiohttp blocked: the package and its httpx path import; ``transports`` names the extra to install."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "sys.modules['aiohttp'] = None\n"
        "import hubspot_channels\n"
        "hubspot_channels.AsyncCustomChannelsClient(access_token='t')\n"
        "try:\n"
        "    from hubspot_channels.transports import AiohttpClient\n"
        "except ImportError as exc:\n"
        "    print(exc)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "pip install 'hubspot-channels[aiohttp]'" in done.stdout, done.stdout + done.stderr


@pytest.mark.parametrize("sender", SENDERS)
def test_the_rate_limit_headers_reach_the_pacer(server: RawServer, sender: str) -> None:
    limits = {
        "X-HubSpot-RateLimit-Max": "2",
        "X-HubSpot-RateLimit-Remaining": "0",
        "X-HubSpot-RateLimit-Interval-Milliseconds": "10000",
    }
    server.play([json_answer(MESSAGE, 200, limits)])

    async def call_then_ask(client: AsyncCustomChannelsClient) -> float:
        paced = AsyncCustomChannelsClient(
            access_token=TOKEN, base_url=server.base_url, http_client=client._http, rate_limit="auto"
        )
        await get_message(paced)
        assert paced._pacer is not None
        return paced._pacer.reserve()  # the account's budget is spent: the next call would wait

    assert run(sender, server.base_url, call_then_ask) > 1.0
