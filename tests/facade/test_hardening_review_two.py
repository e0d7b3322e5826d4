"""Defects a second independent review found, one test each, over a real socket server on 127.0.0.1 in every
client mode (sync, async, async on AiohttpTransport, async on the native aiohttp sender)."""

from __future__ import annotations

import asyncio
import contextvars
import functools
import gzip
import json
import traceback
import zlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from hubspot_channels import (
    APIConnectionError,
    APIResponseValidationError,
    AsyncCustomChannelsClient,
    BadRequestError,
    CustomChannelsClient,
    DeadlineExceededError,
    HubSpotChannelsError,
    InternalServerError,
    NotFoundError,
    RateLimit,
)
from hubspot_channels._pacing import Pacer
from hubspot_channels.transports import AiohttpClient, AiohttpTransport
from tests.support.facade_helpers import DEV_KEY, TOKEN, message_json, record_sleeps
from tests.support.raw_server import RawServer, answer, json_answer

MODES = ["sync", "async", "aiohttp", "aiohttp-native"]
STAGING = "stg-QUOTED-token-31337"


@pytest.fixture(scope="module")
def server() -> Iterator[RawServer]:
    with RawServer() as raw:
        yield raw


def call(mode: str, base_url: str, operation: Any, **options: Any) -> Any:
    """Run operation(client) in the given mode; returns its result or raises its error."""
    kwargs = {
        "access_token": TOKEN,
        "developer_api_key": DEV_KEY,
        "app_id": 7,
        "base_url": base_url,
        **options,
    }
    if mode == "sync":
        with CustomChannelsClient(**kwargs) as client:
            return operation(client)

    async def run() -> Any:
        transport = AiohttpTransport() if mode == "aiohttp" else None
        http = AiohttpClient() if mode == "aiohttp-native" else httpx.AsyncClient(transport=transport)
        async with http:
            return await operation(AsyncCustomChannelsClient(http_client=http, **kwargs))

    return asyncio.run(run())


def get_message(client: Any) -> Any:
    return client.messages.get(1200, "m1")


@functools.cache  # compressing 256 MiB takes a second: once per run, not once per case
def nested_gzip_bomb() -> bytes:
    inner = zlib.compressobj(9, zlib.DEFLATED, 31)
    layer = b"".join(inner.compress(b" " * 2**20) for _ in range(256)) + inner.flush()  # 256 MiB of spaces
    return gzip.compress(layer, 9)


@pytest.mark.slow
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("encoding", ["gzip, gzip", "br", "zstd", "compress"])
def test_stacked_or_unbounded_encodings_are_refused_not_decoded(
    server: RawServer, mode: str, encoding: str
) -> None:
    server.play([answer(200, nested_gzip_bomb(), {"Content-Encoding": encoding})])
    with pytest.raises(APIResponseValidationError) as caught:
        call(mode, server.base_url, get_message)
    assert "cannot be decoded" in str(caught.value)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("status", "error"), [(404, NotFoundError), (400, BadRequestError)])
def test_an_undecodable_error_body_keeps_its_status_in_every_mode(
    server: RawServer, mode: str, status: int, error: type[HubSpotChannelsError]
) -> None:
    server.play([answer(status, b"\x1f\x8b\x08\x00garbage", {"Content-Encoding": "gzip"})])
    with pytest.raises(error):
        call(mode, server.base_url, get_message)
    assert len(server.requests_once_settled(1)) == 1


@pytest.mark.parametrize("mode", ["aiohttp", "aiohttp-native"])
def test_aiohttp_reads_the_body_under_the_clients_limit(
    server: RawServer, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    from hubspot_channels import _transfer

    monkeypatch.setattr(_transfer, "MAX_RESPONSE_BYTES", 1024 * 1024)
    server.play([answer(200, b"x" * (3 * 1024 * 1024), {"Content-Type": "application/json"})])
    with pytest.raises(APIResponseValidationError) as caught:
        call(mode, server.base_url, get_message)
    assert "larger than 1 MiB" in str(caught.value)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_raise_for_status_hook_over_a_real_socket_keeps_the_status_and_the_retries(
    server: RawServer, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_sleeps(monkeypatch)
    server.play([answer(503, "busy"), answer(500, "boom")])

    def raise_for_status(response: httpx.Response) -> None:
        response.raise_for_status()

    async def araise_for_status(response: httpx.Response) -> None:
        response.raise_for_status()

    kwargs = {"access_token": TOKEN, "base_url": server.base_url}
    if mode == "sync":
        http = httpx.Client(event_hooks={"response": [raise_for_status]})
        with pytest.raises(InternalServerError):
            CustomChannelsClient(http_client=http, **kwargs).messages.get(1200, "m1")
    else:

        async def run() -> None:
            async with httpx.AsyncClient(event_hooks={"response": [araise_for_status]}) as http:
                await AsyncCustomChannelsClient(http_client=http, **kwargs).messages.get(1200, "m1")

        with pytest.raises(InternalServerError):
            asyncio.run(run())
    assert len(server.requests_once_settled(2)) == 2  # the 503 was retried, the 500 is not


def update_staging(client: Any) -> Any:
    return client.staging_tokens.update(1200, STAGING, account_name="Support")


@pytest.mark.parametrize("mode", MODES)
def test_a_staging_token_quoted_outside_the_url_is_scrubbed(server: RawServer, mode: str) -> None:
    server.play([
        json_answer({"status": "error", "message": f"Staging token {STAGING} has expired"}, 400,
                    {"X-Echo": STAGING}),
    ])  # fmt: skip
    with pytest.raises(BadRequestError) as caught:
        call(mode, server.base_url, update_staging)
    error = caught.value
    shown = [
        str(error),
        repr(error),
        json.dumps(error.body),
        error.response.text,
        *traceback.format_exception(error),
    ]
    shown += [value for _, value in error.response.headers.items()]
    assert not [text for text in shown if STAGING in text]


@pytest.mark.parametrize("mode", MODES)
def test_escaped_secrets_in_a_broken_json_body_are_scrubbed(server: RawServer, mode: str) -> None:
    escaped = TOKEN.replace("-", "\\u002d")
    server.play(
        [answer(502, f'{{"message":"Bearer {escaped}"'.encode(), {"Content-Type": "application/json"})]
    )
    with pytest.raises(InternalServerError) as caught:
        call(mode, server.base_url, get_message, max_retries=0)
    texts = [str(caught.value), caught.value.response.text, *traceback.format_exception(caught.value)]
    assert not [text for text in texts if escaped in text or TOKEN in text]


def test_a_connection_error_keeps_no_exception_whose_url_carries_the_developer_key() -> None:
    with (
        CustomChannelsClient(
            developer_api_key=DEV_KEY, app_id=7, base_url="http://127.0.0.1:9", max_retries=0
        ) as c,
        pytest.raises(APIConnectionError) as caught,
    ):
        c.channels.get(1200)
    seen: list[BaseException] = []
    error: BaseException | None = caught.value
    while error is not None and error not in seen:
        seen.append(error)
        request = getattr(error, "_request", None)
        assert request is None or DEV_KEY not in str(request.url)
        error = error.__cause__ or error.__context__


def test_a_pacing_wait_refused_by_the_deadline_books_no_slot() -> None:
    now = [0.0]
    pacer = Pacer(RateLimit.per_interval(1, 2.0), clock=lambda: now[0])
    assert pacer.reserve() == 0.0  # the one slot of this window
    for _ in range(5):
        assert pacer.reserve(within=1.0) > 1.0  # too far: refused, nothing booked
    now[0] = 3.0
    assert pacer.reserve(within=1.0) == 0.0  # the next window is free, not pushed out by the refusals


def test_the_sync_deadline_thread_runs_in_the_callers_context(server: RawServer) -> None:
    trace = contextvars.ContextVar("trace", default="<none>")
    seen: list[str] = []
    server.play([json_answer(message_json())])
    http = httpx.Client(event_hooks={"request": [lambda request: seen.append(trace.get())]})
    trace.set("trace-123")
    with CustomChannelsClient(
        access_token=TOKEN, base_url=server.base_url, http_client=http, deadline=5
    ) as c:
        c.messages.get(1200, "m1")
    assert seen == ["trace-123"]


def test_a_deadline_expiry_does_not_leave_later_calls_without_a_connection(server: RawServer) -> None:
    """Twenty calls cut off by their deadline while the server stalls, then a healthy call on the same
    client: the abandoned exchanges must not hold the pool's connections."""
    from tests.support.raw_server import stall

    server.play([stall(1.0, json_answer(message_json()))] * 20 + [json_answer(message_json())])
    http = httpx.Client(limits=httpx.Limits(max_connections=5))
    client = CustomChannelsClient(
        access_token=TOKEN, base_url=server.base_url, http_client=http, max_retries=0
    )
    for _ in range(20):
        with pytest.raises(DeadlineExceededError):
            client.with_options(deadline=0.05, timeout=5).messages.get(1200, "m1")
    assert client.with_options(deadline=60, timeout=30).messages.get(1200, "m1").id == message_json()["id"]


# --- a third review -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_step_timeout_well_inside_the_deadline_is_an_ordinary_timeout_and_retried(
    mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_sleeps(monkeypatch)
    attempts: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        attempts.append(request)
        if len(attempts) == 1:
            raise httpx.ConnectTimeout("timed out", request=request)
        return httpx.Response(200, json=message_json())

    kwargs = {"access_token": TOKEN, "deadline": 20}  # the default timeout: read cut to 20 s, connect 5 s
    if mode == "sync":
        http = httpx.Client(transport=httpx.MockTransport(handler))
        result = CustomChannelsClient(http_client=http, **kwargs).messages.get(1200, "m1")
    else:

        async def run() -> Any:
            async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
                return await AsyncCustomChannelsClient(http_client=http, **kwargs).messages.get(1200, "m1")

        result = asyncio.run(run())
    assert result.id == message_json()["id"] and len(attempts) == 2


def test_aiohttp_connect_and_pool_timeouts_count_as_never_sent() -> None:
    import aiohttp

    from hubspot_channels.transports import as_httpx_error

    if not hasattr(aiohttp, "ConnectionTimeoutError"):  # 3.9: test_aiohttp_sender_fixes covers its names
        pytest.skip("aiohttp < 3.10 has no ConnectionTimeoutError")
    request = httpx.Request("DELETE", "http://127.0.0.1/x")
    assert isinstance(as_httpx_error(aiohttp.ConnectionTimeoutError(), request), httpx.ConnectTimeout)
    assert isinstance(as_httpx_error(aiohttp.SocketTimeoutError(), request), httpx.ReadTimeout)


@pytest.mark.parametrize(
    "body",
    ["%" * 100_000, "%\\" * 50_000, "%41" * 30_000, "\\u0041" * 20_000, "use ?hapikey= to authenticate"],
    ids=["lone percents", "percents and backslashes", "percent escapes", "json escapes", "empty hapikey"],
)
def test_a_body_without_a_secret_is_kept_exactly(body: str) -> None:
    from hubspot_channels import _redact

    _redact.register([TOKEN, DEV_KEY])
    assert _redact._scrub_body(body) == body
