"""Retry decisions that must not report a wrong result, the overall deadline, and secrets scrubbed from what a
gateway echoes."""

from __future__ import annotations

import logging
import time
import traceback
import urllib.parse
from collections.abc import Iterator

import httpx
import pytest

from hubspot_channels import (
    AsyncCustomChannelsClient,
    CustomChannelsClient,
    DeadlineExceededError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
)
from tests.support.facade_helpers import DEV_KEY, MODES, TOKEN, Api, message_json, record_sleeps
from tests.support.trickle import trickling_server as trickle


def not_found(request: httpx.Request) -> httpx.Response:
    return httpx.Response(
        404, json={"status": "error", "message": "not found", "category": "OBJECT_NOT_FOUND"}
    )


def read_error(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadError("connection reset by peer", request=request)


def connect_refused(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "first",
    [
        lambda _: httpx.Response(429, headers={"Retry-After": "0"}),
        lambda _: httpx.Response(503),
        connect_refused,
    ],
    ids=["429", "503", "connect-refused"],
)
async def test_archive_after_an_answer_that_says_not_processed_reports_the_404(
    monkeypatch: pytest.MonkeyPatch, mode: str, first: object
) -> None:
    record_sleeps(monkeypatch)
    api = Api(mode, first, not_found, api_version="2026-03")  # type: ignore[arg-type]
    with pytest.raises(NotFoundError):
        await api.call(lambda c: c.channels.archive(1200))
    assert len(api.requests) == 2


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "first",
    [read_error, lambda _: httpx.Response(504), lambda _: httpx.Response(502)],
    ids=["reset", "504", "502"],
)
async def test_archive_whose_first_attempt_may_have_reached_hubspot_counts_a_404_as_done(
    monkeypatch: pytest.MonkeyPatch, mode: str, first: object
) -> None:
    record_sleeps(monkeypatch)
    api = Api(mode, first, not_found, api_version="2026-03")  # type: ignore[arg-type]
    assert await api.call(lambda c: c.channels.archive(1200)) is None
    assert len(api.requests) == 2


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_a_retry_that_would_end_past_the_deadline_is_not_waited_for(
    monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    delays = record_sleeps(monkeypatch)
    busy = httpx.Response(429, headers={"Retry-After": "30"})
    api = Api(
        mode, busy, lambda _: httpx.Response(200, json=message_json()), api_version="2026-03", deadline=5
    )
    with pytest.raises(RateLimitError):
        await api.call(lambda c: c.messages.get(1200, "m1"))
    assert delays == [] and len(api.requests) == 1


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_retries_inside_the_deadline_still_happen(monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    delays = record_sleeps(monkeypatch)
    ok = lambda _: httpx.Response(200, json=message_json())
    api = Api(mode, lambda _: httpx.Response(503), ok, api_version="2026-03", deadline=60)
    message = await api.call(lambda c: c.messages.get(1200, "m1"))
    assert message.id == message_json()["id"] and len(delays) == 1


# --- a trickled answer over a real socket -------------------------------------------------------------------


@pytest.fixture
def trickling_server() -> Iterator[str]:
    """Headers at once, then one body byte every 50 ms (the body would take 100 s)."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2000\r\n\r\n"
    with trickle(head, b" " * 2000) as base_url:
        yield base_url


def test_the_sync_deadline_ends_a_trickled_answer(trickling_server: str) -> None:
    with (
        CustomChannelsClient(
            access_token=TOKEN, base_url=trickling_server, timeout=5, deadline=0.5
        ) as client,
        pytest.raises(DeadlineExceededError) as caught,
    ):
        client.messages.get(1200, "m1")
    assert "deadline of 0.5 s" in str(caught.value)


@pytest.mark.anyio
async def test_the_async_deadline_ends_a_trickled_answer(trickling_server: str) -> None:
    async with AsyncCustomChannelsClient(access_token=TOKEN, base_url=trickling_server, timeout=5) as client:
        with pytest.raises(DeadlineExceededError):
            await client.with_options(deadline=0.5).messages.get(1200, "m1")


def test_the_deadline_error_is_never_retried(trickling_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[float] = []
    original = httpx.Client.send

    def counting_send(self: httpx.Client, *args: object, **kwargs: object) -> httpx.Response:
        attempts.append(time.monotonic())
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(httpx.Client, "send", counting_send)
    with (
        CustomChannelsClient(
            access_token=TOKEN, base_url=trickling_server, deadline=0.3, max_retries=5
        ) as client,
        pytest.raises(DeadlineExceededError),
    ):
        client.messages.get(1200, "m1")
    assert len(attempts) == 1


# --- a gateway page that echoes the request line ------------------------------------------------------------

STAGING = "stg-SECRET-ACCOUNT-TOKEN-42"


def echo(request: httpx.Request) -> httpx.Response:
    line = f"{request.method} {request.url.raw_path.decode()}"
    page = f"<html><body>502 Bad Gateway for {line} Authorization: {request.headers.get('authorization')}</body></html>"
    return httpx.Response(502, content=page.encode(), headers={"Content-Type": "text/html", "X-Echo": line})


def forms(secret: str) -> list[str]:
    return [secret, urllib.parse.quote(secret, safe="")]


def leaks(text: str) -> list[str]:
    return [form for secret in (TOKEN, DEV_KEY, STAGING) for form in forms(secret) if form in text]


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("operation", ["channel", "staging", "message"])
async def test_a_gateway_echo_never_puts_a_secret_in_the_error(
    mode: str, operation: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    record_sleeps(monkeypatch)
    calls = {
        "channel": lambda c: c.channels.get(1200),
        "staging": lambda c: c.staging_tokens.update(
            1200, STAGING, account_name="x", delivery_identifier=None
        ),
        "message": lambda c: c.messages.get(1200, "m1"),
    }
    api = Api(mode, echo, api_version="2026-03")
    with caplog.at_level(logging.DEBUG), pytest.raises(InternalServerError) as caught:
        await api.call(calls[operation])
    error = caught.value
    rendered = "\n".join(
        [str(error), repr(error), str(error.body), error.response.text, str(error.response.request.url)]
        + [f"{name}: {value}" for name, value in error.response.headers.items()]
        + traceback.format_exception(error)
        + [record.getMessage() for record in caplog.records]
    )
    assert leaks(rendered) == []
    assert "502 Bad Gateway" in error.response.text  # the rest of the page is kept


def test_scrubbing_does_not_change_an_answer_without_secrets() -> None:
    api = Api("sync", httpx.Response(500, json={"message": "boom", "category": "X"}), max_retries=0)
    with pytest.raises(InternalServerError) as caught:
        api.client.messages.get(1200, "m1")  # type: ignore[union-attr]
    assert caught.value.body == {"message": "boom", "category": "X"}
